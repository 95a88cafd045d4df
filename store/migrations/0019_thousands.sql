-- 0019: the commas between a number's thousands join it into one word
-- ("5,000" is "5000", as typed without them; see terms), so that a search
-- for either finds both. Never edit this file after it ships; add a new
-- one.
--
-- New stories are indexed so by the program, and edits by the triggers,
-- whose functions now join the thousands too. The stories already stored
-- with such numbers were indexed group by group: GLOB picks the stories
-- with a digit, a comma and three digits in a row, cheaply, and of those
-- the ones whose index text differs with every comma read as a space (as
-- the release before read them) are indexed again, with their afterwords
-- (0018). The vocabulary is counted again by 0021.
CREATE TEMP TABLE thousands AS
SELECT id, headline, summary, source, commentary
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

DROP TABLE thousands;
