-- 0033 (0032 is PostgreSQL's alone): the name sort's key by customer id, so a page of a
-- few thousand matches of sets read from indexes (an email "contains", keyword search,
-- custom attributes' filters), sorted by name, finds each match's key in this index
-- rather than in the customer's grid row (`repo::page_ids_sql`). The grid table is
-- hundreds of MB, mostly outside a connection's page cache, and nearly each match is on a
-- page of its own; this index is tens of MB. Measured at a million customers, email
-- contains a surname of 3,600–7,000 matches, one page of 20 sorted by name: 21.6 ms p50,
-- 28.9 ms p95 reading the rows; 13.7 / 20.2 through this index.
CREATE INDEX customer_grid_id_name ON customer_grid_flat(entity_id, name_key);
