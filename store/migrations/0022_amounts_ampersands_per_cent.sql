-- 0022: an amount's magnitude written short is the word it stands for
-- ("£5m" is "5 million", "£2bn" "2 billion", "£30k" "30 thousand"), and so
-- are an ampersand between words ("Fire & Rescue" is "fire and rescue") and
-- a per cent sign after a number or the words "per cent" ("5%" and "5 per
-- cent" are "5 percent"; see terms), so that "£5m" and "£5 million" find
-- each other, "million" finds both, the phrase "fire and rescue" finds
-- "Fire & Rescue", and "5%", "5 per cent" and "5 percent" find each other.
-- Never edit this file after it ships; add a new one.
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose functions now read text so. The stories already stored whose text
-- has a digit followed by one of those letters or a per cent sign, an
-- ampersand, or "per cent" in any case (GLOB, cheaply), are indexed again,
-- with their afterwords (0018); for one without any of them that changes
-- nothing. Then the vocabulary's counts of the stems that changed are
-- taken again from the index, now right: the magnitude words, "and",
-- "percent", "per", "cent", and every stem written as a number and one of
-- those letters ("5m": gone, unless a word that is no amount still stems
-- to one).
CREATE TEMP TABLE reread AS
SELECT id, headline, summary, source, commentary
FROM (SELECT s.id, s.headline, s.summary, s.source, s.commentary || coalesce(a.text, '') AS commentary,
             s.headline || ' ' || s.summary || ' ' || s.source || ' ' || s.commentary || coalesce(a.text, '') AS body
      FROM stories s LEFT JOIN story_afterwords a ON a.story_id = s.id)
WHERE body GLOB '*[0-9][MmKkBb%]*' OR body GLOB '*&*' OR lower(body) GLOB '*per cent*';

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM reread);
INSERT INTO story_terms (rowid, headline, summary, source, commentary)
SELECT id, sharednews_index_terms(headline), sharednews_index_terms(summary),
       sharednews_index_terms(source), sharednews_index_terms(commentary)
FROM reread;

CREATE TEMP TABLE recount AS
SELECT stem FROM search_vocabulary
WHERE stem GLOB '[0-9]*' AND (stem GLOB '*[mk]' OR stem GLOB '*[mb]n')
UNION
SELECT sharednews_index_terms(column1)
FROM (VALUES ('million'), ('billion'), ('thousand'), ('and'), ('percent'), ('per'), ('cent'));

INSERT INTO search_vocabulary (stem, stories)
SELECT stem, (SELECT count(*) FROM story_terms WHERE story_terms MATCH '"' || stem || '"') FROM recount WHERE true
ON CONFLICT (stem) DO UPDATE SET stories = excluded.stories;
DELETE FROM search_vocabulary WHERE stories = 0 AND stem IN (SELECT stem FROM recount);

DROP TABLE reread;
DROP TABLE recount;
