-- 0028: an index of each story's calendar month (UTC) as search reads its
-- date (when it was decided, else when it arrived: store.storyMonth) with
-- its ID, in place of 0027's index of the date. A search naming a month
-- ("council February 2021") asks the full-text index only for matches
-- between the month's first and last story IDs; with 0027's index finding
-- those read every story of the month (a fifth of such a search at
-- 100,000 stories), with this one they are the two ends of the month's
-- run. Nothing else read 0027's index, and every new story paid for it.
-- Never edit this file after it ships; add a new one.
DROP INDEX stories_search_date;
CREATE INDEX stories_search_month ON stories (
    CAST(strftime('%Y%m', CASE WHEN decided_at > 0 THEN decided_at ELSE created_at END, 'unixepoch') AS INTEGER), id);
