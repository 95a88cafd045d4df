-- Search indexes stems, computed in Go (package terms, through the function
-- sharednews_index_terms that store.Open registers on every connection), so
-- that indexing, querying and ranking use one stemmer. The index holds the
-- stems only (contentless); the stories table keeps the text.
DROP TRIGGER stories_fts_insert;
DROP TRIGGER stories_fts_delete;
DROP TRIGGER stories_fts_update;
DROP TABLE stories_fts;

CREATE VIRTUAL TABLE story_terms USING fts5 (
    headline, summary, source, commentary,
    content = '', contentless_delete = 1,
    -- The stems are lower-case words separated by spaces: the ascii
    -- tokenizer reads them back as they are.
    tokenize = 'ascii'
);
CREATE TRIGGER story_terms_insert AFTER INSERT ON stories BEGIN
    INSERT INTO story_terms (rowid, headline, summary, source, commentary)
    VALUES (new.id, sharednews_index_terms(new.headline), sharednews_index_terms(new.summary),
            sharednews_index_terms(new.source), sharednews_index_terms(new.commentary));
END;
CREATE TRIGGER story_terms_delete AFTER DELETE ON stories BEGIN
    DELETE FROM story_terms WHERE rowid = old.id;
END;
CREATE TRIGGER story_terms_update AFTER UPDATE OF headline, summary, source, commentary ON stories BEGIN
    DELETE FROM story_terms WHERE rowid = old.id;
    INSERT INTO story_terms (rowid, headline, summary, source, commentary)
    VALUES (new.id, sharednews_index_terms(new.headline), sharednews_index_terms(new.summary),
            sharednews_index_terms(new.source), sharednews_index_terms(new.commentary));
END;

-- Rebuild the index for the stories already stored.
INSERT INTO story_terms (rowid, headline, summary, source, commentary)
SELECT id, sharednews_index_terms(headline), sharednews_index_terms(summary),
       sharednews_index_terms(source), sharednews_index_terms(commentary)
FROM stories;

-- Every stem of the stories' text with the number of stories that have
-- it: the archive's own vocabulary, for spelling suggestions. (FTS5's
-- fts5vocab table gives the same counts, but reads every story entry of
-- every word it lists, which takes tens of milliseconds for a range of
-- common words in a large archive.) sharednews_stems_not_in(a..., b...) is
-- the JSON array of the stems of the texts a that the texts b lack.
CREATE TABLE search_vocabulary (
    stem    TEXT    PRIMARY KEY,
    stories INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER search_vocabulary_insert AFTER INSERT ON stories BEGIN
    INSERT INTO search_vocabulary (stem, stories)
    SELECT value, 1 FROM json_each(sharednews_stems_not_in(new.headline, new.summary, new.source, new.commentary, '', '', '', '')) WHERE true
    ON CONFLICT (stem) DO UPDATE SET stories = stories + 1;
END;
CREATE TRIGGER search_vocabulary_delete AFTER DELETE ON stories BEGIN
    UPDATE search_vocabulary SET stories = stories - 1
    WHERE stem IN (SELECT value FROM json_each(sharednews_stems_not_in(old.headline, old.summary, old.source, old.commentary, '', '', '', '')));
END;
CREATE TRIGGER search_vocabulary_update AFTER UPDATE OF headline, summary, source, commentary ON stories BEGIN
    UPDATE search_vocabulary SET stories = stories - 1
    WHERE stem IN (SELECT value FROM json_each(sharednews_stems_not_in(old.headline, old.summary, old.source, old.commentary,
                                                                        new.headline, new.summary, new.source, new.commentary)));
    INSERT INTO search_vocabulary (stem, stories)
    SELECT value, 1 FROM json_each(sharednews_stems_not_in(new.headline, new.summary, new.source, new.commentary,
                                                           old.headline, old.summary, old.source, old.commentary)) WHERE true
    ON CONFLICT (stem) DO UPDATE SET stories = stories + 1;
END;
INSERT INTO search_vocabulary (stem, stories)
SELECT value, count(*) FROM stories, json_each(sharednews_stems_not_in(headline, summary, source, commentary, '', '', '', ''))
GROUP BY value;
