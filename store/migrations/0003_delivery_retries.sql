-- The delivery worker retries transient failures with backoff: each open
-- delivery carries the earliest time it may be tried again (unix milliseconds,
-- 0 = now). Failures are reported to editors once.
ALTER TABLE deliveries ADD COLUMN next_attempt_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN reported INTEGER NOT NULL DEFAULT 0;
