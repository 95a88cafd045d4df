-- 0040: the scheduled time whose missed edition the editors were last told
-- of, too late to catch up. Never edit this file after it ships; add a new
-- one.
--
-- A bot that starts more than a week after a time it missed (a monthly
-- edition, a server down for a fortnight) does not publish that edition
-- late; it tells the editors that the draft waits. Told at every start, a
-- crash loop or each deploy until the next time would say it again, so
-- the time told of is kept here (Unix seconds; 0: none yet).
ALTER TABLE site ADD COLUMN missed_told INTEGER NOT NULL DEFAULT 0;
