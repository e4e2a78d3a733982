-- PostgreSQL makes Now Online's visitor table unlogged here; SQLite has no such table
-- kind (its writes are already one local file append), so this step changes nothing.
SELECT 1;
