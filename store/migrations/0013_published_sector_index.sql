-- 0013: the index by sector and state covers published stories only. Never
-- edit this file after it ships; add a new one.
--
-- Every story the newswire stores (hundreds per poll of every feed) was
-- also written into stories_sector_state, which only the web archive's
-- sector pages read, and those only for published stories. A partial index
-- of the published stories by sector answers the same queries and costs
-- the newswire nothing; /shared news and the review queue have their own
-- partial indexes (stories_news_sector, stories_queue).
DROP INDEX stories_sector_state;
CREATE INDEX stories_published_sector ON stories (sector) WHERE state = 'published';
