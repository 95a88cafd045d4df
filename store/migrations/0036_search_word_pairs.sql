-- 0036: the search index holds, after each field's words and compounds, a
-- token for each two words in a row (terms.IndexRow: "_share_servic"), so
-- that a quoted phrase is asked as the phrase of its pairs, each in far
-- fewer stories than its words, and FTS5 no longer reads the positions of
-- every story with all of a phrase's words to find the few with them in
-- a row.
--
-- The newswire's writer stores new stories without their pairs (they
-- would double what FTS5 does for each story); store.IndexWordPairs
-- writes them later, in steps, and search_pairs.through is the story ID
-- up to which every story's row has them (a phrase is asked of the later
-- stories as a phrase of its words). One row. Edits write the pairs at
-- once: sharednews_index_terms now returns them, for the triggers, which
-- name the table and are kept.
CREATE TABLE search_pairs (
    through INTEGER NOT NULL
);

-- Deleting the newest story would let the next one take its ID (stories
-- have no AUTOINCREMENT) and be stored without pairs at or before
-- through: through goes back below the ID. The program deletes no story;
-- this is for one deleted by hand.
CREATE TRIGGER story_pairs_deleted AFTER DELETE ON stories
WHEN old.id > (SELECT coalesce(max(id), 0) FROM stories) BEGIN
    UPDATE search_pairs SET through = min(through, old.id - 1);
END;

-- The table is made again for its tokenizer to keep "_" inside a token
-- (no stem has it), and every story's row written again, with its pairs.
DROP TABLE story_terms;
CREATE VIRTUAL TABLE story_terms USING fts5 (
    body,
    content = '', contentless_delete = 1,
    -- The stems are lower-case words separated by spaces, and the pairs
    -- two of them joined by "_": the ascii tokenizer reads them back as
    -- they are.
    tokenize = "ascii tokenchars '_'"
);
INSERT INTO story_terms (rowid, body)
SELECT s.id, sharednews_index_terms(s.headline) || ' § ' || sharednews_index_terms(s.summary) || ' § ' ||
       sharednews_index_terms(s.source) || ' § ' || sharednews_index_terms(s.commentary || coalesce(a.text, ''))
FROM stories s LEFT JOIN story_afterwords a ON a.story_id = s.id;
INSERT INTO search_pairs (through) SELECT coalesce(max(id), 0) FROM stories;
