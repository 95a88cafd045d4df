-- 0043: "pc" joined to a number is per cent, as the British press writes
-- a percentage ("5pc" is "5 percent", as "5%" is; see terms.afterNumber),
-- where the index held the one word "5pc", which neither "5%" nor "5 per
-- cent" found. Never edit this file after it ships; add a new one.
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose function now reads text so. The stories already stored whose text
-- has a digit and then "pc" (GLOB, cheaply, on the text in lower case) are
-- indexed again, with their afterwords (0018) and their word pairs
-- (0036); for one without such a percentage that changes nothing. Then
-- the vocabulary's counts are taken again from the index for the stems
-- with a figure (the words "5pc" were), and for those of the stories
-- indexed again ("percent"). Only stems of letters, figures and the
-- decimal mark are asked, which a MATCH reads as one word.
CREATE TEMP TABLE reread AS
SELECT s.id, s.headline, s.summary, s.source, s.commentary || coalesce(a.text, '') AS commentary
FROM stories s LEFT JOIN story_afterwords a ON a.story_id = s.id
WHERE lower(s.headline || ' ' || s.summary || ' ' || s.source || ' ' || s.commentary || coalesce(a.text, '')) GLOB '*[0-9]pc*';

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM reread);
INSERT INTO story_terms (rowid, body)
SELECT id, sharednews_index_terms(headline) || ' § ' || sharednews_index_terms(summary) || ' § ' ||
           sharednews_index_terms(source) || ' § ' || sharednews_index_terms(commentary)
FROM reread;

CREATE TEMP TABLE recount AS
SELECT stem FROM search_vocabulary WHERE stem GLOB '*[0-9]*' AND stem NOT GLOB '*[^a-z0-9_]*' AND EXISTS (SELECT 1 FROM reread)
UNION
SELECT j.value FROM reread r, json_each(sharednews_stems_not_in(r.headline, r.summary, r.source, r.commentary, '', '', '', '')) j
WHERE j.value NOT GLOB '*[^a-z0-9_]*';

INSERT INTO search_vocabulary (stem, stories)
SELECT stem, (SELECT count(*) FROM story_terms WHERE story_terms MATCH '"' || stem || '"') FROM recount WHERE true
ON CONFLICT (stem) DO UPDATE SET stories = excluded.stories;
DELETE FROM search_vocabulary WHERE stories = 0 AND stem IN (SELECT stem FROM recount);

DROP TABLE reread;
DROP TABLE recount;
