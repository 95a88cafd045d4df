-- 0043: two words are read as they are meant, so that a search for one
-- of their forms finds the others. Never edit this file after it ships;
-- add a new one.
--
--   - A verb in -eed meets its -ed and -ing forms ("succeed",
--     "succeeded" and "succeeding" are all "succe"; see the stemmer's
--     stemEed), where "succeed" was cut to "succe" and "succeeding"
--     kept "succeed".
--   - "pc" joined to a number is per cent, as the British press writes a
--     percentage ("5pc" is "5 percent", as "5%" is; terms.afterNumber),
--     where the index held the one word "5pc".
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose function now reads text so. A story stored before is read
-- differently now only if its text has such a form: "eed" and then "ed"
-- or "in", or a figure and then "pc" (GLOB, cheaply, on the text in lower
-- case; "needed" and the like come too, and are indexed as before). Those
-- stories are indexed again, with their afterwords (0018) and their word
-- pairs (0036). Then the vocabulary's counts are taken again from the
-- index for the stems that may have moved: those the release before gave
-- the forms (which end in "eed", or have a figure), and those of the
-- stories indexed again. Only stems of letters, figures and the decimal
-- mark are asked, which a MATCH reads as one word; the stemmer makes no
-- other of these.
CREATE TEMP TABLE reread AS
SELECT id, headline, summary, source, commentary FROM (
    SELECT s.id, s.headline, s.summary, s.source, s.commentary || coalesce(a.text, '') AS commentary,
           lower(s.headline || ' ' || s.summary || ' ' || s.source || ' ' || s.commentary || coalesce(a.text, '')) AS text
    FROM stories s LEFT JOIN story_afterwords a ON a.story_id = s.id
) WHERE text GLOB '*eed[ei][dn]*' OR text GLOB '*[0-9]pc*';

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM reread);
INSERT INTO story_terms (rowid, body)
SELECT id, sharednews_index_terms(headline) || ' § ' || sharednews_index_terms(summary) || ' § ' ||
           sharednews_index_terms(source) || ' § ' || sharednews_index_terms(commentary)
FROM reread;

CREATE TEMP TABLE recount AS
SELECT stem FROM search_vocabulary
WHERE (stem GLOB '*eed' OR stem GLOB '*[0-9]*') AND stem NOT GLOB '*[^a-z0-9_]*' AND EXISTS (SELECT 1 FROM reread)
UNION
SELECT j.value FROM reread r, json_each(sharednews_stems_not_in(r.headline, r.summary, r.source, r.commentary, '', '', '', '')) j
WHERE j.value NOT GLOB '*[^a-z0-9_]*';

INSERT INTO search_vocabulary (stem, stories)
SELECT stem, (SELECT count(*) FROM story_terms WHERE story_terms MATCH '"' || stem || '"') FROM recount WHERE true
ON CONFLICT (stem) DO UPDATE SET stories = excluded.stories;
DELETE FROM search_vocabulary WHERE stories = 0 AND stem IN (SELECT stem FROM recount);

DROP TABLE reread;
DROP TABLE recount;
