-- 0009: the dashboard's "Locked accounts" counts locked customers through an index of
-- the few rows that have a lock time at all, so it stays cheap at a million customers.
CREATE INDEX customer_grid_locked ON customer_grid_flat(lock_expires)
    WHERE lock_expires IS NOT NULL;
