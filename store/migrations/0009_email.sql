-- 0009: the email edition. Readers outside chat subscribe by email; each
-- confirmed subscriber gets one delivery per edition in the same ledger as
-- channels (platform 'email', channel_id the subscriber's id, never the
-- address).
CREATE TABLE subscribers (
    id              INTEGER PRIMARY KEY,
    address         TEXT    NOT NULL,        -- the address as validated, e.g. Ana.Smith@council.example
    address_key     TEXT    NOT NULL UNIQUE, -- lower-cased: one row per address, whatever its case
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'confirmed', 'unsubscribed', 'stopped')),
    sectors         TEXT    NOT NULL DEFAULT '', -- comma-separated slugs; empty means every sector
    source          TEXT    NOT NULL DEFAULT '' CHECK (source IN ('', 'signup', 'import')),
    -- The one confirmation link that may still be used ('' for none): a
    -- link is single-use because confirming clears it.
    confirm_nonce   TEXT    NOT NULL DEFAULT '',
    -- Confirmation mails sent since confirm_window_at, for the per-address
    -- limit on the sign-up form.
    confirm_window_at INTEGER NOT NULL DEFAULT 0,
    confirms_sent   INTEGER NOT NULL DEFAULT 0,
    -- Random, per subscriber: signs the unsubscribe links of the mails
    -- sent to this address, so they keep working without expiring.
    unsubscribe_key TEXT    NOT NULL,
    -- Editions in a row refused for good (5xx); at 3 the address is stopped.
    bounces         INTEGER NOT NULL DEFAULT 0,
    last_bounce_edition INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    confirmed_at    INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX subscribers_confirmed ON subscribers (id) WHERE state = 'confirmed';

-- Signs confirmation and unsubscribe links (HMAC-SHA256). Kept in the
-- database, made once here, so links survive restarts and every process on
-- the database agrees; a backup carries it with the subscribers it signs for.
ALTER TABLE site ADD COLUMN email_secret TEXT NOT NULL DEFAULT '';
UPDATE site SET email_secret = lower(hex(randomblob(32))) WHERE id = 1;
