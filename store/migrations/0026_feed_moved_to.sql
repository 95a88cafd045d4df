-- 0026: where a feed moved permanently (301 or 308), as its last poll
-- found it, so that /shared feeds can tell the editors and the operator to
-- change the configured address. Never edit this file after it ships; add
-- a new one. The address is stored without a password or token
-- (config.RedactURL), as /shared feeds shows it.
ALTER TABLE feeds ADD COLUMN moved_to TEXT NOT NULL DEFAULT '';
