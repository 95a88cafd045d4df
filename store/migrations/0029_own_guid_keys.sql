-- 0029: a newswire story's own GUID in its feed is no longer copied into
-- story_keys. Never edit this file after it ships; add a new one.
--
-- stories holds the feed and the GUID of each story the newswire stored;
-- indexed, they are the key, as stories.url is a story's own URL key
-- (0014), and de-duplication looks a GUID up there before story_keys.
-- Recording a story's GUID was a row written per newswire story, with
-- its statement, for a key the story's row already had. story_keys keeps
-- the GUIDs that lead to another story (an entry taken for a duplicate of
-- it). The copies recorded before stay: they lead to the same stories.
--
-- A key outlives its story: a story deleted, or whose feed is deleted
-- (feed_id set to NULL), leaves its GUID key behind as its URL. The
-- conditions are those under which the store makes a GUID key
-- (store.keysWith): a feed, and a GUID.
CREATE INDEX stories_feed_guid ON stories (feed_id, guid) WHERE guid <> '';

DROP TRIGGER stories_keep_url_key;
CREATE TRIGGER stories_keep_keys AFTER DELETE ON stories BEGIN
    INSERT OR IGNORE INTO story_keys (kind, key, story_id) VALUES ('url', old.url, old.id);
    INSERT OR IGNORE INTO story_keys (kind, key, story_id)
    SELECT 'guid', old.feed_id || ' ' || old.guid, old.id WHERE old.feed_id <> 0 AND old.guid <> '';
END;
CREATE TRIGGER stories_keep_guid_key AFTER UPDATE OF feed_id, guid ON stories
WHEN old.feed_id <> 0 AND old.guid <> '' AND (new.feed_id IS NOT old.feed_id OR new.guid IS NOT old.guid) BEGIN
    INSERT OR IGNORE INTO story_keys (kind, key, story_id) VALUES ('guid', old.feed_id || ' ' || old.guid, old.id);
END;
