-- 0012: the web archive's feed entries, kept once encoded. Never edit this
-- file after it ships; add a new one.

-- A published edition's Atom <entry> as the web archive encoded it, so that
-- a process that has never rendered the edition (after a restart) reads it
-- instead of rendering the whole edition again. version is the archive's
-- own key for what the entry depends on besides the edition's frozen
-- content (the program, the configuration, the edition's number and
-- renumbering): an entry whose version is not the one asked for is ignored,
-- and overwritten when the edition is rendered again.
CREATE TABLE feed_entries (
    edition_id INTEGER PRIMARY KEY REFERENCES editions (id) ON DELETE CASCADE,
    version    TEXT NOT NULL,
    entry      BLOB NOT NULL
);

-- Whatever changes an edition or what it holds drops its entry, so that no
-- entry outlives the content it was made from, whichever code changed it:
-- a renumbering or an unpublishing (any update of the edition's row), its
-- stories, their places and sections, and a published story itself.
CREATE TRIGGER feed_entries_edition AFTER UPDATE ON editions BEGIN
    DELETE FROM feed_entries WHERE edition_id IN (old.id, new.id);
END;
CREATE TRIGGER feed_entries_story_added AFTER INSERT ON edition_stories BEGIN
    DELETE FROM feed_entries WHERE edition_id = new.edition_id;
END;
CREATE TRIGGER feed_entries_story_moved AFTER UPDATE ON edition_stories BEGIN
    DELETE FROM feed_entries WHERE edition_id IN (old.edition_id, new.edition_id);
END;
CREATE TRIGGER feed_entries_story_removed AFTER DELETE ON edition_stories BEGIN
    DELETE FROM feed_entries WHERE edition_id = old.edition_id;
END;
CREATE TRIGGER feed_entries_section_added AFTER INSERT ON edition_sections BEGIN
    DELETE FROM feed_entries WHERE edition_id = new.edition_id;
END;
CREATE TRIGGER feed_entries_section_changed AFTER UPDATE ON edition_sections BEGIN
    DELETE FROM feed_entries WHERE edition_id IN (old.edition_id, new.edition_id);
END;
CREATE TRIGGER feed_entries_section_removed AFTER DELETE ON edition_sections BEGIN
    DELETE FROM feed_entries WHERE edition_id = old.edition_id;
END;
-- Published stories are frozen; only stories that were published can be
-- in an edition with an entry, so others cost nothing here.
CREATE TRIGGER feed_entries_story_changed AFTER UPDATE ON stories WHEN old.state = 'published' BEGIN
    DELETE FROM feed_entries WHERE edition_id IN (SELECT edition_id FROM edition_stories WHERE story_id = old.id);
END;
