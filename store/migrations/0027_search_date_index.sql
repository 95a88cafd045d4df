-- 0027: an index of each story's date as search reads it (when it was
-- decided, else when it arrived: store.storyDate), so that a search naming
-- a month ("mergers November 2014") finds that month's stories without
-- reading every newer match of its words. Never edit this file after it
-- ships; add a new one.
CREATE INDEX stories_search_date ON stories ((CASE WHEN decided_at > 0 THEN decided_at ELSE created_at END), id);
