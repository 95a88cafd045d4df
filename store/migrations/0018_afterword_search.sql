-- 0018: what an editor wrote below a story in a past edition (its
-- afterword, edition_stories.afterword: 0007) is searchable, as the
-- commentary above it is: the index's commentary column holds the story's
-- commentary, then a blank line and the afterword. Never edit this file
-- after it ships; add a new one.
--
-- story_afterwords is that blank line and afterword, for each story that
-- has one (a story is in one edition at most: edition_stories.story_id is
-- unique). The program indexes a story when it stores it, before any
-- edition holds it; the triggers below index it again when its afterword
-- is written, changed or removed, and 0005's triggers for edited stories
-- are remade to read it. Stories in an edition cannot be deleted (the
-- foreign key), so 0005's delete triggers stay as they are.
CREATE VIEW story_afterwords AS
SELECT story_id, char(10, 10) || afterword AS text FROM edition_stories WHERE afterword <> '';

-- The stories already stored with an afterword: indexed again, and the
-- stems only their afterword has counted in the vocabulary.
CREATE TEMP TABLE afterwords AS
SELECT s.id, s.headline, s.summary, s.source, s.commentary, s.commentary || a.text AS commentary_after
FROM stories s JOIN story_afterwords a ON a.story_id = s.id;

DELETE FROM story_terms WHERE rowid IN (SELECT id FROM afterwords);
INSERT INTO story_terms (rowid, headline, summary, source, commentary)
SELECT id, sharednews_index_terms(headline), sharednews_index_terms(summary),
       sharednews_index_terms(source), sharednews_index_terms(commentary_after)
FROM afterwords;

INSERT INTO search_vocabulary (stem, stories)
SELECT value, count(*) FROM afterwords, json_each(sharednews_stems_not_in(
    headline, summary, source, commentary_after, headline, summary, source, commentary))
GROUP BY value
ON CONFLICT (stem) DO UPDATE SET stories = stories + excluded.stories;

DROP TABLE afterwords;

DROP TRIGGER story_terms_update;
CREATE TRIGGER story_terms_update AFTER UPDATE OF headline, summary, source, commentary ON stories BEGIN
    DELETE FROM story_terms WHERE rowid = old.id;
    INSERT INTO story_terms (rowid, headline, summary, source, commentary)
    VALUES (new.id, sharednews_index_terms(new.headline), sharednews_index_terms(new.summary),
            sharednews_index_terms(new.source),
            sharednews_index_terms(new.commentary || coalesce((SELECT text FROM story_afterwords WHERE story_id = new.id), '')));
END;

-- The afterword is the same before and after the edit.
DROP TRIGGER search_vocabulary_update;
CREATE TRIGGER search_vocabulary_update AFTER UPDATE OF headline, summary, source, commentary ON stories BEGIN
    UPDATE search_vocabulary SET stories = stories - 1
    WHERE stem IN (SELECT value FROM (SELECT coalesce((SELECT text FROM story_afterwords WHERE story_id = new.id), '') AS after),
        json_each(sharednews_stems_not_in(old.headline, old.summary, old.source, old.commentary || after,
                                          new.headline, new.summary, new.source, new.commentary || after)));
    INSERT INTO search_vocabulary (stem, stories)
    SELECT value, 1 FROM (SELECT coalesce((SELECT text FROM story_afterwords WHERE story_id = new.id), '') AS after),
        json_each(sharednews_stems_not_in(new.headline, new.summary, new.source, new.commentary || after,
                                          old.headline, old.summary, old.source, old.commentary || after)) WHERE true
    ON CONFLICT (stem) DO UPDATE SET stories = stories + 1;
END;

-- An afterword written, changed or removed: the stems the story's text
-- gains are counted, those it loses uncounted, and the story indexed again.
-- "before" and "after" are its commentary with the old and the new
-- afterword.
CREATE TRIGGER afterword_insert AFTER INSERT ON edition_stories WHEN new.afterword <> '' BEGIN
    INSERT INTO search_vocabulary (stem, stories)
    SELECT value, 1 FROM stories s, json_each(sharednews_stems_not_in(
        s.headline, s.summary, s.source, s.commentary || char(10, 10) || new.afterword,
        s.headline, s.summary, s.source, s.commentary)) WHERE s.id = new.story_id
    ON CONFLICT (stem) DO UPDATE SET stories = stories + 1;
    DELETE FROM story_terms WHERE rowid = new.story_id;
    INSERT INTO story_terms (rowid, headline, summary, source, commentary)
    SELECT id, sharednews_index_terms(headline), sharednews_index_terms(summary),
           sharednews_index_terms(source), sharednews_index_terms(commentary || char(10, 10) || new.afterword)
    FROM stories WHERE id = new.story_id;
END;
CREATE TRIGGER afterword_delete AFTER DELETE ON edition_stories WHEN old.afterword <> '' BEGIN
    UPDATE search_vocabulary SET stories = stories - 1
    WHERE stem IN (SELECT value FROM stories s, json_each(sharednews_stems_not_in(
        s.headline, s.summary, s.source, s.commentary || char(10, 10) || old.afterword,
        s.headline, s.summary, s.source, s.commentary)) WHERE s.id = old.story_id);
    DELETE FROM story_terms WHERE rowid = old.story_id;
    INSERT INTO story_terms (rowid, headline, summary, source, commentary)
    SELECT id, sharednews_index_terms(headline), sharednews_index_terms(summary),
           sharednews_index_terms(source), sharednews_index_terms(commentary)
    FROM stories WHERE id = old.story_id;
END;
CREATE TRIGGER afterword_update AFTER UPDATE OF afterword ON edition_stories WHEN old.afterword <> new.afterword BEGIN
    UPDATE search_vocabulary SET stories = stories - 1
    WHERE stem IN (SELECT value FROM (SELECT s.headline, s.summary, s.source,
            s.commentary || iif(old.afterword <> '', char(10, 10) || old.afterword, '') AS before,
            s.commentary || iif(new.afterword <> '', char(10, 10) || new.afterword, '') AS after
        FROM stories s WHERE s.id = new.story_id) AS t,
        json_each(sharednews_stems_not_in(t.headline, t.summary, t.source, t.before, t.headline, t.summary, t.source, t.after)));
    INSERT INTO search_vocabulary (stem, stories)
    SELECT value, 1 FROM (SELECT s.headline, s.summary, s.source,
            s.commentary || iif(old.afterword <> '', char(10, 10) || old.afterword, '') AS before,
            s.commentary || iif(new.afterword <> '', char(10, 10) || new.afterword, '') AS after
        FROM stories s WHERE s.id = new.story_id) AS t,
        json_each(sharednews_stems_not_in(t.headline, t.summary, t.source, t.after, t.headline, t.summary, t.source, t.before)) WHERE true
    ON CONFLICT (stem) DO UPDATE SET stories = stories + 1;
    DELETE FROM story_terms WHERE rowid = new.story_id;
    INSERT INTO story_terms (rowid, headline, summary, source, commentary)
    SELECT id, sharednews_index_terms(headline), sharednews_index_terms(summary),
           sharednews_index_terms(source), sharednews_index_terms(commentary || iif(new.afterword <> '', char(10, 10) || new.afterword, ''))
    FROM stories WHERE id = new.story_id;
END;
