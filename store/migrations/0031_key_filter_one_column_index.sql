-- 0031: the newswire writer's work per story, in two parts.
--
-- A token that changes with every transaction that records a story
-- key or stores a story, so that a process keeping the keys' hashes in
-- memory (store.keyFilter) can tell, with one read, whether any other
-- process or connection recorded keys since it last did: the newswire's
-- writer then looks up only the entries some key of which may be
-- recorded. token is a random number the writer chose; before is the
-- token it replaced, which tells the writer whether its own set was
-- current until then. One row. A migration that records keys or stores
-- stories must change the token too. Never edit this file after it
-- ships; add a new one.
CREATE TABLE key_changes (
    token  INTEGER NOT NULL,
    before INTEGER NOT NULL
);
INSERT INTO key_changes (token, before) VALUES (0, 0);

-- The search index is one column: no search names a column (ranking reads
-- the stories' text, in Go), and FTS5 wrote a column marker and a size per
-- field of every story, tokenized each field apart and took each out of a
-- JSON row: one column made the newswire's writer do 5% fewer of SQLite's
-- instructions (cmd/feedbench, cachegrind). The fields follow one another,
-- headline, summary, source, then commentary with its afterword (0018),
-- with CompoundMark (§) between them as between words and compounds: no
-- phrase runs from one field into the next, since no query has it.
DROP TRIGGER story_terms_update;
DROP TRIGGER afterword_insert;
DROP TRIGGER afterword_delete;
DROP TRIGGER afterword_update;
DROP TABLE story_terms;
CREATE VIRTUAL TABLE story_terms USING fts5 (
    body,
    content = '', contentless_delete = 1,
    -- The stems are lower-case words separated by spaces: the ascii
    -- tokenizer reads them back as they are.
    tokenize = 'ascii'
);
INSERT INTO story_terms (rowid, body)
SELECT s.id, sharednews_index_terms(s.headline) || ' § ' || sharednews_index_terms(s.summary) || ' § ' ||
       sharednews_index_terms(s.source) || ' § ' || sharednews_index_terms(s.commentary || coalesce(a.text, ''))
FROM stories s LEFT JOIN story_afterwords a ON a.story_id = s.id;

-- 0018's triggers, writing the one column.
CREATE TRIGGER story_terms_update AFTER UPDATE OF headline, summary, source, commentary ON stories BEGIN
    DELETE FROM story_terms WHERE rowid = old.id;
    INSERT INTO story_terms (rowid, body)
    VALUES (new.id, sharednews_index_terms(new.headline) || ' § ' || sharednews_index_terms(new.summary) || ' § ' ||
            sharednews_index_terms(new.source) || ' § ' ||
            sharednews_index_terms(new.commentary || coalesce((SELECT text FROM story_afterwords WHERE story_id = new.id), '')));
END;
CREATE TRIGGER afterword_insert AFTER INSERT ON edition_stories WHEN new.afterword <> '' BEGIN
    INSERT INTO search_vocabulary (stem, stories)
    SELECT value, 1 FROM stories s, json_each(sharednews_stems_not_in(
        s.headline, s.summary, s.source, s.commentary || char(10, 10) || new.afterword,
        s.headline, s.summary, s.source, s.commentary)) WHERE s.id = new.story_id
    ON CONFLICT (stem) DO UPDATE SET stories = stories + 1;
    DELETE FROM story_terms WHERE rowid = new.story_id;
    INSERT INTO story_terms (rowid, body)
    SELECT id, sharednews_index_terms(headline) || ' § ' || sharednews_index_terms(summary) || ' § ' ||
           sharednews_index_terms(source) || ' § ' || sharednews_index_terms(commentary || char(10, 10) || new.afterword)
    FROM stories WHERE id = new.story_id;
END;
CREATE TRIGGER afterword_delete AFTER DELETE ON edition_stories WHEN old.afterword <> '' BEGIN
    UPDATE search_vocabulary SET stories = stories - 1
    WHERE stem IN (SELECT value FROM stories s, json_each(sharednews_stems_not_in(
        s.headline, s.summary, s.source, s.commentary || char(10, 10) || old.afterword,
        s.headline, s.summary, s.source, s.commentary)) WHERE s.id = old.story_id);
    DELETE FROM story_terms WHERE rowid = old.story_id;
    INSERT INTO story_terms (rowid, body)
    SELECT id, sharednews_index_terms(headline) || ' § ' || sharednews_index_terms(summary) || ' § ' ||
           sharednews_index_terms(source) || ' § ' || sharednews_index_terms(commentary)
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
    INSERT INTO story_terms (rowid, body)
    SELECT id, sharednews_index_terms(headline) || ' § ' || sharednews_index_terms(summary) || ' § ' ||
           sharednews_index_terms(source) || ' § ' || sharednews_index_terms(commentary || iif(new.afterword <> '', char(10, 10) || new.afterword, ''))
    FROM stories WHERE id = new.story_id;
END;
