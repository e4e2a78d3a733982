-- 0038: finer statistics for the grid's email and name, the columns filtered by
-- "contains" through their trigram indexes (0003). PostgreSQL estimates how many rows
-- `email LIKE '%muller%'` matches from a sample of the column's values; at the default
-- target (100: 30,000 sampled rows, 101 histogram bounds) one sampled "muller" made it
-- 38,000 rows of a million where 5,572 match, and it read the whole name index (99,826
-- pages, 79 ms) instead of the trigram index's matches (5,437 pages, 9 ms). Connections
-- that kept a plan for any text kept the trigram index's, so the same filter took 9 ms
-- or 65-80 ms depending on the connection. With 1,000 (300,000 sampled rows) the
-- estimate was 6,006; an ANALYZE of the grid takes about a second longer.
ALTER TABLE customer_grid_flat ALTER COLUMN email SET STATISTICS 1000;
ALTER TABLE customer_grid_flat ALTER COLUMN name SET STATISTICS 1000;
ANALYZE customer_grid_flat;
