-- 0003: the customers grid index (spec §4.8) and saved grid views (spec §4.1).
--
-- customer_grid_flat is one row per customer with the values the All Customers grid shows,
-- filters and sorts on, including those of the default billing and shipping addresses.
-- It is rewritten in the same transaction as every customer or address write, so it is
-- never stale and there is no reindex step. Keyword search uses the generated `search`
-- tsvector; "contains" filters on name and email use pg_trgm indexes.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE (its dictionary could change); this wrapper names the
-- dictionary explicitly so it can be used in the generated search column. Keyword search
-- then ignores accents as SQLite's unicode61 tokenizer does ("muller" finds "Müller").
CREATE FUNCTION clientele_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, $1);

CREATE TABLE customer_grid_flat (
    entity_id BIGINT PRIMARY KEY REFERENCES customer_entity(entity_id) ON DELETE CASCADE,
    -- prefix first middle last suffix, single-spaced.
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    group_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    website_id BIGINT,
    -- 1 while the account waits for its email confirmation (the key itself stays out).
    confirmation_pending BIGINT NOT NULL DEFAULT 0,
    created_in TEXT NOT NULL DEFAULT '',
    dob TEXT,
    gender BIGINT,
    taxvat TEXT,
    lock_expires BIGINT,
    billing_full TEXT,
    billing_firstname TEXT,
    billing_lastname TEXT,
    billing_telephone TEXT,
    -- The telephone's digits only, so "+1 (555) 010-2030" is found by "5550102030".
    billing_phone_digits TEXT,
    billing_postcode TEXT,
    billing_country_id TEXT,
    billing_region TEXT,
    billing_street TEXT,
    billing_city TEXT,
    billing_fax TEXT,
    billing_vat_id TEXT,
    billing_company TEXT,
    shipping_full TEXT,
    -- Keyword search (spec §4.8): the searchable columns as lower-case words without
    -- accents. Punctuation becomes a word break first, as in SQLite's unicode61 tokenizer,
    -- so an email or a phone number is found by any of its parts (the default parser
    -- would keep "ada@example.com" as one token). translate() rather than a regex class:
    -- it behaves the same whatever the database's locale.
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple', translate(lower(clientele_unaccent(
        coalesce(name, '') || ' ' || email || ' ' || coalesce(taxvat, '') || ' ' ||
        coalesce(billing_full, '') || ' ' || coalesce(shipping_full, '') || ' ' ||
        coalesce(billing_telephone, '') || ' ' || coalesce(billing_phone_digits, '') || ' ' ||
        coalesce(billing_company, '') || ' ' || coalesce(billing_vat_id, ''))),
        '.@_-+()/,''’&#:;!?"<>[]{}|\*%$=~^`', '                                    '))) STORED
);
CREATE INDEX customer_grid_name ON customer_grid_flat(name);
CREATE INDEX customer_grid_email ON customer_grid_flat(email);
CREATE INDEX customer_grid_created ON customer_grid_flat(created_at);
CREATE INDEX customer_grid_dob ON customer_grid_flat(dob);
CREATE INDEX customer_grid_group_country_created
    ON customer_grid_flat(group_id, billing_country_id, created_at);
CREATE INDEX customer_grid_website ON customer_grid_flat(website_id);
CREATE INDEX customer_grid_country ON customer_grid_flat(billing_country_id);
CREATE INDEX customer_grid_search ON customer_grid_flat USING gin(search);
CREATE INDEX customer_grid_email_trgm ON customer_grid_flat USING gin(email gin_trgm_ops);
CREATE INDEX customer_grid_name_trgm ON customer_grid_flat USING gin(name gin_trgm_ops);

-- Fill the index for the customers that already exist (same statement as
-- app/src/customers/grid/index.rs).
INSERT INTO customer_grid_flat (entity_id, name, email, group_id, created_at, website_id,
  confirmation_pending, created_in, dob, gender, taxvat, lock_expires, billing_full,
  billing_firstname, billing_lastname, billing_telephone, billing_phone_digits, billing_postcode,
  billing_country_id, billing_region, billing_street, billing_city, billing_fax, billing_vat_id,
  billing_company, shipping_full)
SELECT c.entity_id,
  trim(COALESCE(c.prefix || ' ', '') || c.firstname || ' ' || COALESCE(c.middlename || ' ', '') || c.lastname || COALESCE(' ' || c.suffix, '')),
  c.email, c.group_id, c.created_at, c.website_id,
  CASE WHEN c.confirmation IS NULL THEN 0 ELSE 1 END,
  c.created_in, c.dob, c.gender, c.taxvat, c.lock_expires,
  replace(b.street, chr(10), ', ') || ', ' || b.city || COALESCE(', ' || b.region, '') || COALESCE(' ' || b.postcode, '') || ', ' || b.country_id,
  b.firstname, b.lastname, b.telephone,
  replace(replace(replace(replace(replace(replace(replace(b.telephone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''),
  b.postcode, b.country_id, b.region, replace(b.street, chr(10), ', '), b.city, b.fax, b.vat_id, b.company,
  replace(s.street, chr(10), ', ') || ', ' || s.city || COALESCE(', ' || s.region, '') || COALESCE(' ' || s.postcode, '') || ', ' || s.country_id
FROM customer_entity c
LEFT JOIN customer_address_entity b ON b.entity_id = c.default_billing AND b.parent_id = c.entity_id
LEFT JOIN customer_address_entity s ON s.entity_id = c.default_shipping AND s.parent_id = c.entity_id;

-- Saved grid views ("bookmarks") per admin user and grid. `state` is the grid state as
-- JSON (columns, order, filters, search, sort, page size).
CREATE TABLE admin_grid_views (
    view_id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES admin_users(user_id) ON DELETE CASCADE,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX admin_grid_views_name ON admin_grid_views(user_id, namespace, name);
