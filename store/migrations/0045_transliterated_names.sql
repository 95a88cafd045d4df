-- 0045: a name transliterated from Ukrainian or Russian is read with its
-- last sound as -y however it was written ("Zelenskiy" and "Zelenskyy"
-- are "zelensky", as "Zelensky" is; see the stemmer's
-- stemTransliterated), where each spelling was a word of its own and a
-- search for the BBC's "Zelensky" missed the Guardian's and Sky's
-- stories. Never edit this file after it ships; add a new one.
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose function now reads text so. A story stored before is read
-- differently now only if its text has a word that ends in a consonant
-- and then "iy" or "yy" (GLOB, cheaply, on the text in lower case with a
-- space after it, so that its last word ends too). Those stories are
-- indexed again, with their afterwords (0018) and their word pairs
-- (0036), as 0043 did. Then the vocabulary's counts are taken again from
-- the index for the stems that may have moved: those the release before
-- gave the names (which end so), and those of the stories indexed again.
CREATE TEMP TABLE reread AS
SELECT id, headline, summary, source, commentary FROM (
    SELECT s.id, s.headline, s.summary, s.source, s.commentary || coalesce(a.text, '') AS commentary,
           lower(s.headline || ' ' || s.summary || ' ' || s.source || ' ' || s.commentary || coalesce(a.text, '') || ' ') AS text
    FROM stories s LEFT JOIN story_afterwords a ON a.story_id = s.id
) WHERE text GLOB '*[b-df-hj-np-tv-xz][iy]y[^a-z]*';

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM reread);
INSERT INTO story_terms (rowid, body)
SELECT id, sharednews_index_terms(headline) || ' § ' || sharednews_index_terms(summary) || ' § ' ||
           sharednews_index_terms(source) || ' § ' || sharednews_index_terms(commentary)
FROM reread;

CREATE TEMP TABLE recount AS
SELECT stem FROM search_vocabulary
WHERE stem GLOB '*[b-df-hj-np-tv-xz][iy]y' AND stem NOT GLOB '*[^a-z0-9_]*' AND EXISTS (SELECT 1 FROM reread)
UNION
SELECT j.value FROM reread r, json_each(sharednews_stems_not_in(r.headline, r.summary, r.source, r.commentary, '', '', '', '')) j
WHERE j.value NOT GLOB '*[^a-z0-9_]*';

INSERT INTO search_vocabulary (stem, stories)
SELECT stem, (SELECT count(*) FROM story_terms WHERE story_terms MATCH '"' || stem || '"') FROM recount WHERE true
ON CONFLICT (stem) DO UPDATE SET stories = excluded.stories;
DELETE FROM search_vocabulary WHERE stories = 0 AND stem IN (SELECT stem FROM recount);

DROP TABLE reread;
DROP TABLE recount;
