-- 0020: plurals that no suffix rule folds meet their singulars ("children"
-- and "child", "crises" and "crisis", "women" and "woman"; see the stemmer's
-- singular), so that a search for either finds both. Never edit this file
-- after it ships; add a new one.
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose functions stem the same way. A story stored before is read
-- differently now only if it has one of those plurals, and then its index
-- holds the plural's old stem: those stories, found by a search of the
-- index for the old stems, are indexed again, with their afterwords
-- (0018). The vocabulary is counted again by 0021.
CREATE TEMP TABLE plurals AS
SELECT rowid AS id FROM story_terms
WHERE story_terms MATCH 'children OR women OR men OR crise OR buse OR gase OR knive OR wive OR feet OR teeth';

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM plurals);
INSERT INTO story_terms (rowid, headline, summary, source, commentary)
SELECT s.id, sharednews_index_terms(s.headline), sharednews_index_terms(s.summary),
       sharednews_index_terms(s.source), sharednews_index_terms(s.commentary || coalesce(a.text, ''))
FROM plurals p JOIN stories s ON s.id = p.id LEFT JOIN story_afterwords a ON a.story_id = s.id;

DROP TABLE plurals;
