-- 0037: waits_set_ms (unix milliseconds, 0 = set before this migration) is
-- the clock's time when a delivery's next_attempt_ms or lease_until_ms was
-- last written. Both are absolute times: when the clock steps back (an NTP
-- correction, a virtual machine restored), a retry or a lease would wait
-- the step longer as well. A delivery written at a time still to come on
-- the clock has seen it step back, and its waits are counted again from
-- now (store.RebaseDeliveryWaits): never shorter, so a lease still holds
-- for as long as its holder counts on it.
ALTER TABLE deliveries ADD COLUMN waits_set_ms INTEGER NOT NULL DEFAULT 0;
