-- 0024: what an imported edition wrote that the plain-text newsletter
-- writes its own way: rows of asterisks and the date line. Never edit this
-- file after it ships; add a new one.
--
-- The plain text draws "************" above every section, but past
-- editions often wrote none above the first, right under the title or the
-- intro; and their date lines came in other styles ("Friday, 30th May
-- 2014"). An imported edition now keeps both, so that it reads back as it
-- was written. Editions stored before this migration have no record of
-- either and keep the product's style.
ALTER TABLE edition_sections ADD COLUMN unruled INTEGER NOT NULL DEFAULT 0 CHECK (unruled IN (0, 1));
ALTER TABLE editions ADD COLUMN date_line TEXT NOT NULL DEFAULT '';
