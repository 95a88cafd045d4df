-- 0033: whether a delivery put back until a later try was put back by the
-- platform's rate limit (1) or by a failed try (0). `/shared status` says
-- why open deliveries wait; before this it read a rate limit from an empty
-- error, which held only while the worker wrote none for a 429 (a 429
-- keeps the error of an outcome still unknown). Rows put back before this
-- migration have NULL here and are read by their error as before. Never
-- edit this file after it ships; add a new one.
ALTER TABLE deliveries ADD COLUMN rate_limited INTEGER;

-- Whether a rejected story led the draft when it was rejected (1): an
-- approval after all files it in its section, and its answer says it no
-- longer leads, rather than the lead moving back unasked or changing
-- without a word. Cleared when it is approved again.
ALTER TABLE stories ADD COLUMN led_draft INTEGER NOT NULL DEFAULT 0;
