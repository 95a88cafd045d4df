-- 0023: an acronym's plural meets the acronym ("GPs" and "GP", "CCGs" and
-- "CCG", "MPs" and "MP"; see the stemmer's isAcronymPlural), so that a
-- search for either finds both. Never edit this file after it ships; add a
-- new one.
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose functions stem the same way. A story stored before is read
-- differently now only if it has such a plural, and then its index holds
-- the plural's old stem, which the vocabulary lists too: the vocabulary's
-- stems that are letters without a vowel (nor y) and then an s, one s,
-- "nhs", "mrs" and "https" aside. The stories whose index has one, found
-- by a search of the index for each, are indexed again, with their
-- afterwords (0018); then the counts of those stems and of the acronyms
-- are taken again from the index, now right.
CREATE TEMP TABLE plural_stems AS
SELECT stem AS plural, substr(stem, 1, length(stem) - 1) AS acronym FROM search_vocabulary
WHERE length(stem) >= 3 AND stem GLOB '*s' AND stem NOT GLOB '*ss' AND stem NOT IN ('nhs', 'mrs', 'https')
  AND substr(stem, 1, length(stem) - 1) NOT GLOB '*[^bcdfghjklmnpqrstvwxz]*';

CREATE TEMP TABLE plural_stories AS
SELECT DISTINCT t.rowid AS id FROM plural_stems p JOIN story_terms t ON story_terms MATCH '"' || p.plural || '"';

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM plural_stories);
INSERT INTO story_terms (rowid, headline, summary, source, commentary)
SELECT s.id, sharednews_index_terms(s.headline), sharednews_index_terms(s.summary),
       sharednews_index_terms(s.source), sharednews_index_terms(s.commentary || coalesce(a.text, ''))
FROM plural_stories p JOIN stories s ON s.id = p.id LEFT JOIN story_afterwords a ON a.story_id = s.id;

INSERT INTO search_vocabulary (stem, stories)
SELECT stem, (SELECT count(*) FROM story_terms WHERE story_terms MATCH '"' || stem || '"')
FROM (SELECT plural AS stem FROM plural_stems UNION SELECT acronym FROM plural_stems) WHERE true
ON CONFLICT (stem) DO UPDATE SET stories = excluded.stories;
DELETE FROM search_vocabulary WHERE stories = 0
  AND stem IN (SELECT plural FROM plural_stems UNION SELECT acronym FROM plural_stems);

DROP TABLE plural_stems;
DROP TABLE plural_stories;
