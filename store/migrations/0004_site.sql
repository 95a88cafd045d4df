-- 0004: what identifies this archive to the outside world. The web archive's
-- Atom feed needs ids that never change, whatever address the site moves to:
-- they are derived from this random identity, made once with the database.
CREATE TABLE site (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    identity TEXT    NOT NULL -- 32 random hex digits
);
INSERT INTO site (id, identity) VALUES (1, lower(hex(randomblob(16))));
