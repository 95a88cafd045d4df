-- 0014: a story's own URL is no longer copied into story_keys. Never edit
-- this file after it ships; add a new one.
--
-- stories.url is unique, and de-duplication now looks a URL up there as
-- well as in story_keys, which keeps the other URLs that lead to a story
-- (an entry known by its GUID under a new link), GUIDs and headlines. The
-- copies recorded before stay: they lead to the same stories. A story
-- deleted from the table must stay known by its URL, as its keys do, so
-- the URL becomes a key when it goes.
CREATE TRIGGER stories_keep_url_key AFTER DELETE ON stories BEGIN
    INSERT OR IGNORE INTO story_keys (kind, key, story_id) VALUES ('url', old.url, old.id);
END;
