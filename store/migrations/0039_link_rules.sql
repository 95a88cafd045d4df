-- 0039: the version of the link rules (digest.LinkRulesVersion) the
-- stored links were last keyed under. Never edit this file after it
-- ships; add a new one.
--
-- digest.Canonicalize's rules grew (tracking parameters, "?ref=rss",
-- Outlook's Safe Links and other redirects unwrapped), and a story stored
-- before keeps the link the rules of its day gave: the same page given
-- today canonicalises to another link, found neither in stories.url nor
-- in story_keys. Version 0 is "before any was recorded": the Store, as it
-- migrates, records for each stored link whose canonical form is now
-- another that form as a URL key of its story (keyStoredLinks), then
-- this version, and does so again only when the version is raised.
CREATE TABLE link_rules (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO link_rules (id, version) VALUES (1, 0);
