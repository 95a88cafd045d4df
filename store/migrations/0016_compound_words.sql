-- 0016: the search index holds hyphenated compounds written whole as well
-- as word by word ("re-organisation" also as "reorganisation"; see
-- terms.EachCompound), so that a word written either way finds the other.
-- Never edit this file after it ships; add a new one.
--
-- New stories are indexed so by the program, and edits by 0005's triggers,
-- whose functions now give the compounds too. The stories already stored
-- with a hyphen in their text are indexed again, and the compounds they
-- hold are counted in the vocabulary: sharednews_stems_not_in of the text
-- against the same text with its hyphens made spaces gives just those.
CREATE TEMP TABLE hyphenated AS
SELECT id, headline, summary, source, commentary FROM stories
WHERE instr(headline || ' ' || summary || ' ' || source || ' ' || commentary, '-') > 0
   OR instr(headline || ' ' || summary || ' ' || source || ' ' || commentary, char(8208)) > 0
   OR instr(headline || ' ' || summary || ' ' || source || ' ' || commentary, char(8209)) > 0
   OR instr(headline || ' ' || summary || ' ' || source || ' ' || commentary, char(8211)) > 0;

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM hyphenated);
INSERT INTO story_terms (rowid, headline, summary, source, commentary)
SELECT id, sharednews_index_terms(headline), sharednews_index_terms(summary),
       sharednews_index_terms(source), sharednews_index_terms(commentary)
FROM hyphenated;

INSERT INTO search_vocabulary (stem, stories)
SELECT value, count(*) FROM hyphenated, json_each(sharednews_stems_not_in(
    headline, summary, source, commentary,
    replace(replace(replace(replace(headline, '-', ' '), char(8208), ' '), char(8209), ' '), char(8211), ' '),
    replace(replace(replace(replace(summary, '-', ' '), char(8208), ' '), char(8209), ' '), char(8211), ' '),
    replace(replace(replace(replace(source, '-', ' '), char(8208), ' '), char(8209), ' '), char(8211), ' '),
    replace(replace(replace(replace(commentary, '-', ' '), char(8208), ' '), char(8209), ' '), char(8211), ' ')))
GROUP BY value
ON CONFLICT (stem) DO UPDATE SET stories = stories + excluded.stories;

DROP TABLE hyphenated;
