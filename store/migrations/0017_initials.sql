-- 0017: initials written with full stops are one word ("U.K." is "uk", as
-- "UK" is; see terms), so that a search for either finds both. Never edit
-- this file after it ships; add a new one.
--
-- New stories are indexed so by the program, and edits by 0005's triggers,
-- whose functions now join the initials too. The stories already stored
-- with initials were indexed letter by letter: they are indexed again, and
-- the vocabulary's counts moved from the letters to the words. The text with
-- every full stop made a space is read as the release before read the text
-- (it split words at every full stop), so sharednews_stems_not_in of the
-- two, both ways round, gives just the stems each reading has and the other
-- lacks. GLOB picks the stories with a letter, a full stop and a letter in
-- a row, cheaply; of those, only the ones whose index text differs are
-- indexed again.
CREATE TEMP TABLE initials AS
SELECT id, headline, summary, source, commentary,
       replace(headline, '.', ' ') AS headline_before, replace(summary, '.', ' ') AS summary_before,
       replace(source, '.', ' ') AS source_before, replace(commentary, '.', ' ') AS commentary_before
FROM (SELECT *, headline || ' ' || summary || ' ' || source || ' ' || commentary AS body FROM stories)
WHERE body GLOB '*[A-Za-z].[A-Za-z]*'
  AND sharednews_index_terms(body) <> sharednews_index_terms(replace(body, '.', ' '));

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM initials);
INSERT INTO story_terms (rowid, headline, summary, source, commentary)
SELECT id, sharednews_index_terms(headline), sharednews_index_terms(summary),
       sharednews_index_terms(source), sharednews_index_terms(commentary)
FROM initials;

CREATE TEMP TABLE letters AS
SELECT value AS stem, count(*) AS stories FROM initials, json_each(sharednews_stems_not_in(
    headline_before, summary_before, source_before, commentary_before, headline, summary, source, commentary))
GROUP BY value;
UPDATE search_vocabulary SET stories = search_vocabulary.stories - letters.stories
FROM letters WHERE letters.stem = search_vocabulary.stem;

INSERT INTO search_vocabulary (stem, stories)
SELECT value, count(*) FROM initials, json_each(sharednews_stems_not_in(
    headline, summary, source, commentary, headline_before, summary_before, source_before, commentary_before))
GROUP BY value
ON CONFLICT (stem) DO UPDATE SET stories = stories + excluded.stories;

DROP TABLE letters;
DROP TABLE initials;
