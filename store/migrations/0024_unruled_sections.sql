-- 0024: whether a section of an edition had a row of asterisks above its
-- heading. Never edit this file after it ships; add a new one.
--
-- The plain-text newsletter draws "************" above every section, but
-- past editions often wrote none above the first, right under the title
-- or the intro: an imported edition now keeps that, so that it reads back
-- as it was written. Sections stored before this migration had no record of
-- it and keep the row.
ALTER TABLE edition_sections ADD COLUMN unruled INTEGER NOT NULL DEFAULT 0 CHECK (unruled IN (0, 1));
