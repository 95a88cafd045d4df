-- 0019: the commas between a number's thousands join it into one word
-- ("5,000" is "5000", as typed without them; see terms), so that a search
-- for either finds both. Never edit this file after it ships; add a new
-- one.
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose functions now join the thousands too. The stories already stored
-- with such numbers were indexed group by group: they are indexed again,
-- and the vocabulary's counts moved from the groups to the numbers (which
-- the vocabulary leaves out, 0015, unless letters follow: "90,000pa"). The
-- text with every comma made a space is read as the release before read
-- the text (it split words at every comma), so sharednews_stems_not_in of
-- the two, both ways round, gives just the stems each reading has and the
-- other lacks. The commentary is indexed with the afterword (0018). GLOB
-- picks the stories with a digit, a comma and three digits in a row,
-- cheaply; of those, only the ones whose index text differs are indexed
-- again.
CREATE TEMP TABLE thousands AS
SELECT id, headline, summary, source, commentary,
       replace(headline, ',', ' ') AS headline_before, replace(summary, ',', ' ') AS summary_before,
       replace(source, ',', ' ') AS source_before, replace(commentary, ',', ' ') AS commentary_before
FROM (SELECT s.id, s.headline, s.summary, s.source, s.commentary || coalesce(a.text, '') AS commentary,
             s.headline || ' ' || s.summary || ' ' || s.source || ' ' || s.commentary || coalesce(a.text, '') AS body
      FROM stories s LEFT JOIN story_afterwords a ON a.story_id = s.id)
WHERE body GLOB '*[0-9],[0-9][0-9][0-9]*'
  AND sharednews_index_terms(body) <> sharednews_index_terms(replace(body, ',', ' '));

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM thousands);
INSERT INTO story_terms (rowid, headline, summary, source, commentary)
SELECT id, sharednews_index_terms(headline), sharednews_index_terms(summary),
       sharednews_index_terms(source), sharednews_index_terms(commentary)
FROM thousands;

CREATE TEMP TABLE groups AS
SELECT value AS stem, count(*) AS stories FROM thousands, json_each(sharednews_stems_not_in(
    headline_before, summary_before, source_before, commentary_before, headline, summary, source, commentary))
GROUP BY value;
UPDATE search_vocabulary SET stories = search_vocabulary.stories - groups.stories
FROM groups WHERE groups.stem = search_vocabulary.stem;

INSERT INTO search_vocabulary (stem, stories)
SELECT value, count(*) FROM thousands, json_each(sharednews_stems_not_in(
    headline, summary, source, commentary, headline_before, summary_before, source_before, commentary_before))
GROUP BY value
ON CONFLICT (stem) DO UPDATE SET stories = stories + excluded.stories;

DROP TABLE groups;
DROP TABLE thousands;
