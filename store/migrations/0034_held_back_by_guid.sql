-- 0034: a feed may hold back several entries under one link. An entry
-- with a GUID never seen whose link is already a story's, under a
-- headline that is not that story's, was counted as a known duplicate and
-- vanished without a word; it is now held back as a duplicate of the story
-- with that link, like a headline duplicate. One feed can give one link
-- to several such entries, told apart by their GUIDs, so held_back is
-- unique by feed, link and GUID rather than by feed and link (SQLite
-- cannot change a table's constraint in place: the table is rebuilt, its
-- rows and IDs kept). Never edit this file after it ships; add a new one.
CREATE TABLE held_back_new (
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
    duplicate_of      INTEGER NOT NULL, -- the story it was taken for (no foreign key, as in story_keys)
    held_at           INTEGER NOT NULL,
    released_story_id INTEGER,          -- the story it became when someone kept it
    UNIQUE (feed_id, url, guid)
);
INSERT INTO held_back_new SELECT id, feed_id, url, guid, headline, summary, source, sector, suggested_sector,
    state, published_at, duplicate_of, held_at, released_story_id FROM held_back;
DROP TABLE held_back;
ALTER TABLE held_back_new RENAME TO held_back;
CREATE INDEX held_back_open ON held_back (feed_id, held_at DESC, id DESC) WHERE released_story_id IS NULL;
CREATE INDEX held_back_url ON held_back (url) WHERE released_story_id IS NULL;
