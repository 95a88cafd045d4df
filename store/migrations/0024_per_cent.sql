-- 0024: a per cent sign after a number and the words "per cent" are the
-- word "percent" ("5%", "5 per cent" and "5 percent" are "5 percent"; see
-- terms), so that each finds the others. Never edit this file after it
-- ships; add a new one.
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose functions now read text so. The stories already stored whose text
-- has a digit and then a per cent sign, or "per cent" in any case (GLOB,
-- cheaply), are indexed again, with their afterwords (0018); for one
-- without either that changes nothing. Then the vocabulary's counts of
-- "percent", "per" and "cent" are taken again from the index, now right.
CREATE TEMP TABLE reread AS
SELECT id, headline, summary, source, commentary
FROM (SELECT s.id, s.headline, s.summary, s.source, s.commentary || coalesce(a.text, '') AS commentary,
             s.headline || ' ' || s.summary || ' ' || s.source || ' ' || s.commentary || coalesce(a.text, '') AS body
      FROM stories s LEFT JOIN story_afterwords a ON a.story_id = s.id)
WHERE body GLOB '*[0-9]%*' OR lower(body) GLOB '*per cent*';

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM reread);
INSERT INTO story_terms (rowid, headline, summary, source, commentary)
SELECT id, sharednews_index_terms(headline), sharednews_index_terms(summary),
       sharednews_index_terms(source), sharednews_index_terms(commentary)
FROM reread;

CREATE TEMP TABLE recount AS
SELECT sharednews_index_terms(column1) AS stem FROM (VALUES ('percent'), ('per'), ('cent'));

INSERT INTO search_vocabulary (stem, stories)
SELECT stem, (SELECT count(*) FROM story_terms WHERE story_terms MATCH '"' || stem || '"') FROM recount WHERE true
ON CONFLICT (stem) DO UPDATE SET stories = excluded.stories;
DELETE FROM search_vocabulary WHERE stories = 0 AND stem IN (SELECT stem FROM recount);

DROP TABLE reread;
DROP TABLE recount;
