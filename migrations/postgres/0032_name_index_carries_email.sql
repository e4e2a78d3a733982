-- 0032: the name sort's index carries each customer's email (`INCLUDE`), so a page of an
-- email "contains" sorted by name, past many matches, is found by walking that index
-- alone, each entry's email matched in the index. Through the trigram index every
-- candidate row is read from the table to recheck it: at a million customers "smith"
-- (17,389 matches) read 16,143 table pages for one page of 20 (19 ms); the walk reads
-- the index until 20 match (11 ms; "martin", 43,073 matches: 0.6 ms). The grid walks only
-- from many matches (`repo::walks`): past few, most of the index would be read.
DROP INDEX customer_grid_name_key;
CREATE INDEX customer_grid_name_key ON customer_grid_flat (name_key, entity_id) INCLUDE (email);
