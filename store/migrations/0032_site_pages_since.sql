-- 0032: since when the web archive's pages have looked as they do besides
-- the stored editions. A page's Last-Modified and ETag come from the
-- archive's version and from a fingerprint of what else it shows (the
-- program, the configuration); before this, a start of `run` stood for
-- the fingerprint, so every restart told every reader's cache that every
-- page had changed. The fingerprint and the time it was first seen are
-- kept here instead (store.PagesSince). Never edit this file after it
-- ships; add a new one.
ALTER TABLE site ADD COLUMN pages_fingerprint TEXT NOT NULL DEFAULT '';
ALTER TABLE site ADD COLUMN pages_since INTEGER NOT NULL DEFAULT 0; -- Unix seconds
