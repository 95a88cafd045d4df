-- 0044: the highest number ever given to an email reader. Never edit this
-- file after it ships; add a new one.
--
-- A new reader's number was found by reading every email delivery in the
-- ledger (about 45 ms at 520,000, under the write lock, at each sign-up),
-- so as not to give again a number an edition was recorded for. A
-- sign-up forgotten before it was confirmed has no delivery, so its
-- number was given again, and its confirmation link named the new reader.
-- The numbers given are counted here instead: none is given twice, and a
-- new one is found without reading the ledger. It starts past every
-- number in use and every number the ledger names.
ALTER TABLE site ADD COLUMN last_subscriber_id INTEGER NOT NULL DEFAULT 0;
UPDATE site SET last_subscriber_id = max(
    coalesce((SELECT max(id) FROM subscribers), 0),
    coalesce((SELECT max(CAST(channel_id AS INTEGER)) FROM deliveries WHERE platform = 'email'), 0))
WHERE id = 1;
