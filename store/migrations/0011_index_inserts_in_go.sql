-- 0011: new stories are indexed for search by the program, not by triggers.
-- Never edit this file after it ships; add a new one.
--
-- The insert triggers of 0005 called back into Go four times per story for
-- the index and again for the vocabulary, and upserted the vocabulary once
-- per stem per story: about half the cost of storing a newswire story. The
-- store now computes a story's stems once, in the transaction that inserts
-- it, and writes the index rows and the vocabulary's counts with one
-- statement each for all the stories of that transaction (store.indexStories).
-- Edits and deletes are rare and keep 0005's triggers.
DROP TRIGGER story_terms_insert;
DROP TRIGGER search_vocabulary_insert;

-- No query looks story keys up by story: the index only cost a write per key.
DROP INDEX story_keys_story;
