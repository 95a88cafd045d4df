-- 0002: the newswire. Never edit this file after it ships; add a new one.

-- De-duplication keys: a story's canonical URL, its GUID in the feed it came
-- from ("<feed id> <guid>") and its normalised headline. A key outlives its
-- story (there is deliberately no foreign key), so a story that was rejected
-- or deleted never comes back from the newswire.
CREATE TABLE story_keys (
    kind     TEXT    NOT NULL CHECK (kind IN ('url', 'guid', 'headline')),
    key      TEXT    NOT NULL,
    story_id INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX story_keys_story ON story_keys (story_id);

INSERT OR IGNORE INTO story_keys (kind, key, story_id)
    SELECT 'url', url, id FROM stories;
INSERT OR IGNORE INTO story_keys (kind, key, story_id)
    SELECT 'guid', feed_id || ' ' || guid, id FROM stories WHERE feed_id IS NOT NULL AND guid <> '';

-- Stories stored before this migration whose headline keys are still to be
-- recorded: normalising a headline takes Go, not SQL, so the program does it
-- once (store.BackfillStoryKeys) and empties this table.
CREATE TABLE story_keys_backfill (
    story_id INTEGER PRIMARY KEY
);
INSERT INTO story_keys_backfill (story_id) SELECT id FROM stories;
