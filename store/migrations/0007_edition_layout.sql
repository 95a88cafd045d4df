-- 0007: editions laid out as the editor wrote them, numbered by date.
-- Never edit this file after it ships; add a new one.

-- An edition's own sections, in reading order. For a draft, the sectors the
-- editor put first (/shared order); for a published or imported edition,
-- every section as it appeared, with an imported edition's heading as
-- written ('' shows the sector's name) and any text under it that belongs
-- to no story.
CREATE TABLE edition_sections (
    edition_id INTEGER NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL, -- 1, 2, …
    sector     TEXT    NOT NULL,
    heading    TEXT    NOT NULL DEFAULT '',
    text       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (edition_id, position)
) WITHOUT ROWID;

-- Where each story of an edition sits: NULL in its sector's section (a
-- draft's stories, and editions published before this migration), 0 as
-- the lead under the intro, n in the edition's section at position n. And
-- the editor's text after the story in this edition.
ALTER TABLE edition_stories ADD COLUMN section INTEGER;
ALTER TABLE edition_stories ADD COLUMN afterword TEXT NOT NULL DEFAULT '';

-- Edition numbers follow publication dates: the oldest edition is 1.
-- Imports used to be numbered after the editions already there.
UPDATE editions SET number = -number WHERE number IS NOT NULL;
UPDATE editions SET number = (
    SELECT ranked.n FROM (
        SELECT id, ROW_NUMBER() OVER (ORDER BY date, published_at, id) AS n
        FROM editions WHERE state = 'published') AS ranked
    WHERE ranked.id = editions.id)
WHERE state = 'published';
