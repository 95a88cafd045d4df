-- 0010: what the public web archive reads on every page. Never edit this
-- file after it ships; add a new one.

-- When a published edition's number last changed after it was first
-- numbered (unix seconds, 0 = never): an older edition imported later moves
-- the numbers of every edition after it, which changes their titles, so
-- the Atom feed's entries say they were updated then (RFC 4287 atom:updated).
ALTER TABLE editions ADD COLUMN renumbered_at INTEGER NOT NULL DEFAULT 0;

-- Published editions in date order: the lists, the feed and an edition's
-- neighbours read a few rows of it instead of sorting every edition.
CREATE INDEX editions_published_order ON editions (date, number) WHERE state = 'published';

-- The published archive's version, kept by triggers so that the web
-- archive's conditional GET (a 304 for every unchanged page) reads one row
-- instead of every edition. Every change to a published edition (a
-- publication, an import, a renumbering) counts; drafts do not.
CREATE TABLE archive_version (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    editions   INTEGER NOT NULL, -- published editions
    changes    INTEGER NOT NULL, -- changes to published editions so far
    changed_at INTEGER NOT NULL  -- the latest created_at, published_at or renumbered_at among them
);
INSERT INTO archive_version (id, editions, changes, changed_at)
SELECT 1, COUNT(*), COUNT(*), COALESCE(MAX(MAX(created_at, published_at, renumbered_at)), 0)
FROM editions WHERE state = 'published';

CREATE TRIGGER archive_version_insert AFTER INSERT ON editions WHEN new.state = 'published' BEGIN
    UPDATE archive_version SET editions = editions + 1, changes = changes + 1,
        changed_at = MAX(changed_at, new.created_at, new.published_at, new.renumbered_at) WHERE id = 1;
END;
CREATE TRIGGER archive_version_update AFTER UPDATE ON editions
WHEN new.state = 'published' OR old.state = 'published' BEGIN
    UPDATE archive_version SET editions = editions + (new.state = 'published') - (old.state = 'published'),
        changes = changes + 1,
        changed_at = MAX(changed_at, new.created_at, new.published_at, new.renumbered_at) WHERE id = 1;
END;
CREATE TRIGGER archive_version_delete AFTER DELETE ON editions WHEN old.state = 'published' BEGIN
    UPDATE archive_version SET editions = editions - 1, changes = changes + 1 WHERE id = 1;
END;
