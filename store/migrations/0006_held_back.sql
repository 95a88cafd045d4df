-- 0006: newswire entries held back as duplicates. Never edit this file after it ships; add a new one.

-- An entry whose headline matched another story's, under a different link,
-- is not stored as a story: it may be the same story from another publisher,
-- or a different story with a near-identical headline. It is kept here,
-- with the story it matched, so that editors see it in /shared feeds and
-- can keep it (submitting its link queues it and sets released_story_id).
CREATE TABLE held_back (
    id                INTEGER PRIMARY KEY,
    feed_id           INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    url               TEXT    NOT NULL, -- canonical URL
    guid              TEXT    NOT NULL DEFAULT '',
    headline          TEXT    NOT NULL,
    summary           TEXT    NOT NULL DEFAULT '',
    source            TEXT    NOT NULL DEFAULT '',
    sector            TEXT    NOT NULL DEFAULT '',
    suggested_sector  TEXT    NOT NULL DEFAULT '',
    state             TEXT    NOT NULL CHECK (state IN ('newswire', 'queued')), -- what the feed's filters chose
    published_at      INTEGER NOT NULL DEFAULT 0,
    duplicate_of      INTEGER NOT NULL, -- the story whose headline it matched (no foreign key, as in story_keys)
    held_at           INTEGER NOT NULL,
    released_story_id INTEGER,          -- the story it became when someone kept it
    UNIQUE (feed_id, url)
);
CREATE INDEX held_back_open ON held_back (feed_id, held_at DESC, id DESC) WHERE released_story_id IS NULL;
CREATE INDEX held_back_url ON held_back (url) WHERE released_story_id IS NULL;

-- How many entries the last poll held back, for /shared feeds.
ALTER TABLE feeds ADD COLUMN last_held_back INTEGER NOT NULL DEFAULT 0;
