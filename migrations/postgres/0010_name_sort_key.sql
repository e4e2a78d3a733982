-- 0010: the Name column sorts by a key folded to lower case without accents
-- ("Élodie" with the E's, "álvaro" with the A's), not by bytes (which put every accented
-- capital after "Z"). The application fills the key for rows indexed before this
-- migration (`index::backfill_name_keys`, run after migrating) and on every refresh.
ALTER TABLE customer_grid_flat ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX customer_grid_name_key ON customer_grid_flat(name_key, entity_id);
-- The byte-order name index served only that sort.
DROP INDEX IF EXISTS customer_grid_name;
