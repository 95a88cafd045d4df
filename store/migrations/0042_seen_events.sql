-- 0042: the chat platforms' event IDs already acted on, so that one a
-- platform sends again is not acted on twice. Never edit this file after
-- it ships; add a new one.
--
-- Slack retries an Events API callback it thinks went unacknowledged up to
-- three times over about five minutes, and a retry may reach a bot
-- restarted in between (a deploy, a crash): an ID remembered in memory
-- only was forgotten with the process, and the mention was answered, a
-- story submitted, twice. An ID is kept for a day (seen_at, Unix seconds)
-- and then pruned, well past the last retry.
CREATE TABLE seen_events (
    platform TEXT NOT NULL,
    id       TEXT NOT NULL,
    seen_at  INTEGER NOT NULL,
    PRIMARY KEY (platform, id)
) WITHOUT ROWID;

CREATE INDEX seen_events_seen_at ON seen_events (seen_at);
