-- Now Online (spec §6): one row per storefront visitor (a first-party cookie), bound to
-- the customer while one is signed in. Written at most once a minute per visitor (an
-- upsert); rows older than a day past the session lifetime are purged.
CREATE TABLE customer_visitor (
    visitor_id INTEGER PRIMARY KEY,
    visitor_key TEXT NOT NULL UNIQUE,
    customer_id INTEGER REFERENCES customer_entity(entity_id) ON DELETE CASCADE,
    website_id INTEGER NOT NULL REFERENCES websites(website_id) ON DELETE CASCADE,
    first_visit_at INTEGER NOT NULL,
    last_visit_at INTEGER NOT NULL,
    last_url TEXT NOT NULL DEFAULT ''
);
-- The online window (and Last Activity sorts) read this range; the row id (visitor_id)
-- is part of every SQLite index, so ties keep their order without a sort.
CREATE INDEX customer_visitor_last_visit ON customer_visitor(last_visit_at);
-- The default sort (customer ID, visitors first as in Magento) and a customer's rows.
CREATE INDEX customer_visitor_customer ON customer_visitor(customer_id, last_visit_at);
