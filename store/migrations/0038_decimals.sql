-- 0038: a number's decimal point is part of the number (terms.DecimalMark:
-- "£1.5m" is "1_5 million", "2.5%" "2_5 percent"), where the index held
-- the two numbers it was written with ("1 5 million"), so that "£5m" found
-- "£1.5m" and "£5.5m", and "5%" found "2.5%".
-- Never edit this file after it ships; add a new one.
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose function now reads text so. The stories already stored whose text
-- has a digit, a full stop and a digit (GLOB, cheaply) are indexed again,
-- with their afterwords (0018) and their word pairs (0036); for one
-- without a decimal that changes nothing. Then the vocabulary's counts of
-- the stems with a figure are taken again from the index: a decimal is a
-- number, which the vocabulary does not count, and a hyphenated run with
-- one ("Tier-1.5") is no longer written whole ("tier1").
CREATE TEMP TABLE reread AS
SELECT s.id, sharednews_index_terms(s.headline) || ' § ' || sharednews_index_terms(s.summary) || ' § ' ||
       sharednews_index_terms(s.source) || ' § ' || sharednews_index_terms(s.commentary || coalesce(a.text, '')) AS body
FROM stories s LEFT JOIN story_afterwords a ON a.story_id = s.id
WHERE s.headline || ' ' || s.summary || ' ' || s.source || ' ' || s.commentary || coalesce(a.text, '') GLOB '*[0-9].[0-9]*';

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM reread);
INSERT INTO story_terms (rowid, body) SELECT id, body FROM reread;

CREATE TEMP TABLE recount AS
SELECT stem FROM search_vocabulary WHERE stem GLOB '*[0-9]*' AND EXISTS (SELECT 1 FROM reread);

INSERT INTO search_vocabulary (stem, stories)
SELECT stem, (SELECT count(*) FROM story_terms WHERE story_terms MATCH '"' || stem || '"') FROM recount WHERE true
ON CONFLICT (stem) DO UPDATE SET stories = excluded.stories;
DELETE FROM search_vocabulary WHERE stories = 0 AND stem IN (SELECT stem FROM recount);

DROP TABLE reread;
DROP TABLE recount;
