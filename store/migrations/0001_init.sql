-- 0001: the newsroom core. Never edit this file after it ships; add a new one.

CREATE TABLE feeds (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT    NOT NULL UNIQUE,
    name                 TEXT    NOT NULL,
    etag                 TEXT    NOT NULL DEFAULT '',
    last_modified        TEXT    NOT NULL DEFAULT '',
    last_fetch_at        INTEGER NOT NULL DEFAULT 0,
    last_success_at      INTEGER NOT NULL DEFAULT 0,
    last_status          TEXT    NOT NULL DEFAULT '',
    last_error           TEXT    NOT NULL DEFAULT '',
    last_new_stories     INTEGER NOT NULL DEFAULT 0,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_poll_at         INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE editions (
    id           INTEGER PRIMARY KEY,
    number       INTEGER UNIQUE,            -- NULL while draft
    state        TEXT    NOT NULL CHECK (state IN ('draft', 'published')),
    title        TEXT    NOT NULL DEFAULT '',
    date         TEXT    NOT NULL DEFAULT '', -- YYYY-MM-DD in bot.timezone, set on publish
    intro        TEXT    NOT NULL DEFAULT '',
    footer       TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    published_at INTEGER NOT NULL DEFAULT 0,
    CHECK ((state = 'draft') = (number IS NULL))
);
-- One draft at a time.
CREATE UNIQUE INDEX editions_one_draft ON editions (state) WHERE state = 'draft';

CREATE TABLE stories (
    id                 INTEGER PRIMARY KEY,
    url                TEXT    NOT NULL UNIQUE,  -- canonical URL
    headline           TEXT    NOT NULL,
    summary            TEXT    NOT NULL DEFAULT '',
    source             TEXT    NOT NULL DEFAULT '',
    sector             TEXT    NOT NULL,
    suggested_sector   TEXT    NOT NULL DEFAULT '',
    commentary         TEXT    NOT NULL DEFAULT '',
    state              TEXT    NOT NULL CHECK (state IN ('newswire', 'queued', 'approved', 'rejected', 'published')),
    submitter_platform TEXT    NOT NULL DEFAULT '',
    submitter_id       TEXT    NOT NULL DEFAULT '',
    submitter_name     TEXT    NOT NULL DEFAULT '',
    submit_note        TEXT    NOT NULL DEFAULT '',
    reject_reason      TEXT    NOT NULL DEFAULT '',
    decided_platform   TEXT    NOT NULL DEFAULT '',
    decided_by_id      TEXT    NOT NULL DEFAULT '',
    decided_by_name    TEXT    NOT NULL DEFAULT '',
    decided_at         INTEGER NOT NULL DEFAULT 0,
    feed_id            INTEGER REFERENCES feeds (id) ON DELETE SET NULL,
    guid               TEXT    NOT NULL DEFAULT '',
    published_at       INTEGER NOT NULL DEFAULT 0, -- when the source published it
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX stories_queue ON stories (created_at, id) WHERE state = 'queued';
-- /shared news: newest decided stories, overall and per sector.
CREATE INDEX stories_news ON stories (decided_at DESC, id DESC) WHERE state IN ('approved', 'published');
CREATE INDEX stories_news_sector ON stories (sector, decided_at DESC, id DESC) WHERE state IN ('approved', 'published');
CREATE INDEX stories_sector_state ON stories (sector, state);

-- Membership and running order of stories in an edition.
CREATE TABLE edition_stories (
    edition_id INTEGER NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    story_id   INTEGER NOT NULL UNIQUE REFERENCES stories (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (edition_id, story_id)
);

-- Review cards posted for a story, one per platform, so decisions can update them.
CREATE TABLE review_cards (
    story_id INTEGER NOT NULL REFERENCES stories (id),
    platform TEXT    NOT NULL,
    ref      TEXT    NOT NULL, -- the platform's message reference
    PRIMARY KEY (story_id, platform)
);

CREATE TABLE subscriptions (
    id           INTEGER PRIMARY KEY,
    platform     TEXT    NOT NULL,
    channel_id   TEXT    NOT NULL,
    channel_name TEXT    NOT NULL DEFAULT '',
    sectors      TEXT    NOT NULL DEFAULT '', -- comma-separated slugs; empty means every sector
    created_by   TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    UNIQUE (platform, channel_id)
);

-- One row per edition and channel: the delivery ledger.
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    edition_id  INTEGER NOT NULL REFERENCES editions (id),
    platform    TEXT    NOT NULL,
    channel_id  TEXT    NOT NULL,
    sectors     TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'delivered', 'failed', 'skipped')),
    parts_sent  INTEGER NOT NULL DEFAULT 0,
    message_ref TEXT    NOT NULL DEFAULT '',
    error       TEXT    NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL,
    UNIQUE (edition_id, platform, channel_id)
);
CREATE INDEX deliveries_open ON deliveries (state) WHERE state IN ('pending', 'sending');

-- Accepted member submissions, for the per-user hourly limit.
CREATE TABLE submissions (
    platform TEXT    NOT NULL,
    user_id  TEXT    NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX submissions_user ON submissions (platform, user_id, at);

-- Full-text search over the archive (external content: the stories table).
CREATE VIRTUAL TABLE stories_fts USING fts5 (
    headline, summary, source, commentary,
    content = 'stories', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN
    INSERT INTO stories_fts (rowid, headline, summary, source, commentary)
    VALUES (new.id, new.headline, new.summary, new.source, new.commentary);
END;
CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, headline, summary, source, commentary)
    VALUES ('delete', old.id, old.headline, old.summary, old.source, old.commentary);
END;
CREATE TRIGGER stories_fts_update AFTER UPDATE OF headline, summary, source, commentary ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, headline, summary, source, commentary)
    VALUES ('delete', old.id, old.headline, old.summary, old.source, old.commentary);
    INSERT INTO stories_fts (rowid, headline, summary, source, commentary)
    VALUES (new.id, new.headline, new.summary, new.source, new.commentary);
END;
