-- 0025: the publication schedule the bot last ran with, and since when it
-- has been in force. Never edit this file after it ships; add a new one.
--
-- A bot that starts after a scheduled time it missed publishes that
-- edition at once. A time of a schedule that was not in force then is no
-- missed time: moved from Thursday to Friday on a Monday, the bot would
-- otherwise take last Friday for a missed publication and send the draft
-- out at once. An empty schedule is one never recorded (databases from
-- before this migration): it is taken to have always been in force.
ALTER TABLE site ADD COLUMN schedule TEXT NOT NULL DEFAULT '';
ALTER TABLE site ADD COLUMN schedule_since INTEGER NOT NULL DEFAULT 0;
