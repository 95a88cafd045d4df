-- 0020: plurals that no suffix rule folds meet their singulars ("children"
-- and "child", "crises" and "crisis", "women" and "woman"; see the stemmer's
-- singular), so that a search for either finds both. Never edit this file
-- after it ships; add a new one.
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose functions stem the same way. A story stored before is read
-- differently now only if it has one of those plurals, and then its index
-- holds the plural's old stem: those stories (found through the index's
-- own vocabulary, which looks a term up directly) are indexed again, with
-- their afterwords (0018). Only the old stems and the singulars' stems can
-- be counted differently in the search vocabulary, so each of those is
-- corrected by what the indexed-again stories had of it before and have
-- now.
CREATE VIRTUAL TABLE temp.indexed_terms USING fts5vocab(main, story_terms, 'instance');
CREATE TEMP TABLE plural_stems (old TEXT PRIMARY KEY, new TEXT NOT NULL);
INSERT INTO plural_stems (old, new) VALUES
    ('children', 'child'), ('women', 'woman'), ('men', 'man'), ('crise', 'crisis'), ('buse', 'bus'),
    ('gase', 'gas'), ('knive', 'knife'), ('wive', 'wife'), ('feet', 'foot'), ('teeth', 'tooth');
CREATE TEMP TABLE changed_stems AS SELECT old AS stem FROM plural_stems UNION SELECT new FROM plural_stems;

CREATE TEMP TABLE plurals AS
SELECT DISTINCT t.doc AS id FROM plural_stems p JOIN temp.indexed_terms t ON t.term = p.old;

CREATE TEMP TABLE counted_before AS
SELECT t.term AS stem, count(DISTINCT t.doc) AS stories
FROM changed_stems c JOIN temp.indexed_terms t ON t.term = c.stem
WHERE t.doc IN (SELECT id FROM plurals)
GROUP BY t.term;

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM plurals);
INSERT INTO story_terms (rowid, headline, summary, source, commentary)
SELECT s.id, sharednews_index_terms(s.headline), sharednews_index_terms(s.summary),
       sharednews_index_terms(s.source), sharednews_index_terms(s.commentary || coalesce(a.text, ''))
FROM plurals p JOIN stories s ON s.id = p.id LEFT JOIN story_afterwords a ON a.story_id = s.id;

CREATE TEMP TABLE counted_after AS
SELECT j.value AS stem, count(*) AS stories
FROM plurals p JOIN stories s ON s.id = p.id LEFT JOIN story_afterwords a ON a.story_id = s.id,
     json_each(sharednews_stems_not_in(s.headline, s.summary, s.source, s.commentary || coalesce(a.text, ''), '', '', '', '')) j
WHERE j.value IN (SELECT stem FROM changed_stems)
GROUP BY j.value;

UPDATE search_vocabulary SET stories = search_vocabulary.stories - b.stories
FROM counted_before b WHERE b.stem = search_vocabulary.stem;
INSERT INTO search_vocabulary (stem, stories)
SELECT stem, stories FROM counted_after WHERE true
ON CONFLICT (stem) DO UPDATE SET stories = stories + excluded.stories;

DROP TABLE counted_after;
DROP TABLE counted_before;
DROP TABLE plurals;
DROP TABLE changed_stems;
DROP TABLE plural_stems;
DROP TABLE temp.indexed_terms;
