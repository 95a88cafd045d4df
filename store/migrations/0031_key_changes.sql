-- 0031: a token that changes with every transaction that records a story
-- key or stores a story, so that a process keeping the keys' hashes in
-- memory (store.keyFilter) can tell, with one read, whether any other
-- process or connection recorded keys since it last did: the newswire's
-- writer then looks up only the entries some key of which may be
-- recorded. token is a random number the writer chose; before is the
-- token it replaced, which tells the writer whether its own set was
-- current until then. One row. A migration that records keys or stores
-- stories must change the token too. Never edit this file after it ships; add
-- a new one.
CREATE TABLE key_changes (
    token  INTEGER NOT NULL,
    before INTEGER NOT NULL
);
INSERT INTO key_changes (token, before) VALUES (0, 0);
