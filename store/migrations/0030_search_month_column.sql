-- 0030: the calendar month search reads a story's date in (store.storyMonth)
-- is a column of stories, written by the program when it stores a story
-- (store.searchMonth) and by the trigger below when its dates change,
-- instead of 0028's index of an expression, which SQLite computed (a date
-- formatted by strftime, then read back as a number) for every story the
-- newswire stored: about half of what that index cost the newswire's
-- writer (cmd/feedbench, counted with cachegrind). The index is the same
-- otherwise, the month with the ID, and serves the same searches. Dates
-- outside the years 0 to 9999 have no month (NULL), as strftime gives
-- none for most of them. Never edit this file after it ships; add a new
-- one.
ALTER TABLE stories ADD COLUMN search_month INTEGER;
UPDATE stories SET search_month = CASE
    WHEN (CASE WHEN decided_at > 0 THEN decided_at ELSE created_at END) BETWEEN -62167219200 AND 253402300799
    THEN CAST(strftime('%Y%m', CASE WHEN decided_at > 0 THEN decided_at ELSE created_at END, 'unixepoch') AS INTEGER) END;
DROP INDEX stories_search_month;
CREATE INDEX stories_search_month ON stories (search_month, id);
-- A story decided, or queued again (created_at), moves to its new month.
-- Rare beside the stories stored; the newswire's inserts pay nothing here.
CREATE TRIGGER stories_search_month_moved AFTER UPDATE OF decided_at, created_at ON stories
WHEN new.decided_at IS NOT old.decided_at OR new.created_at IS NOT old.created_at BEGIN
    UPDATE stories SET search_month = CASE
        WHEN (CASE WHEN new.decided_at > 0 THEN new.decided_at ELSE new.created_at END) BETWEEN -62167219200 AND 253402300799
        THEN CAST(strftime('%Y%m', CASE WHEN new.decided_at > 0 THEN new.decided_at ELSE new.created_at END, 'unixepoch') AS INTEGER) END
    WHERE id = new.id;
END;
