-- 0035: what a feed's entries lost besides duplicates, for /shared feeds.
-- An entry without a web link, or past the 1,000 a poll reads, was
-- counted only in `sharednews ingest`'s output and the log, and a
-- story the feed's include/exclude phrases kept off the review queue was
-- not told apart from one they queued: editors saw none of it. The first
-- two describe the feed as last read (a 304 or a failed poll that read
-- nothing keeps them); the third counts the last poll's new stories the
-- filters left on the newswire. Never edit this file after it ships; add
-- a new one.
ALTER TABLE feeds ADD COLUMN last_no_link INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN last_past_limit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN last_filtered INTEGER NOT NULL DEFAULT 0;
