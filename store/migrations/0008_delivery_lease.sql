-- A delivery is claimed by one worker at a time, with a lease that expires:
-- lease_owner names the worker (host, process and a random tag) and
-- lease_until_ms (unix milliseconds, 0 = none) is when another worker, in
-- this process or another on the same database, may take it over.
ALTER TABLE deliveries ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN lease_until_ms INTEGER NOT NULL DEFAULT 0;
