-- 0011: every column of the customers grid sorts through an index at a million customers,
-- and the text columns sort by a key folded to lower case without accents (as Name has
-- since 0010): "Évry" with the E's, "amsterdam" with "Amsterdam". The application fills
-- the keys of the rows already indexed once, after migrating, while the flag below is
-- set (`index::backfill_sort_keys`), and on every refresh afterwards.
ALTER TABLE customer_grid_flat ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_grid_flat ADD COLUMN billing_region_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_grid_flat ADD COLUMN created_in_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_grid_flat ADD COLUMN billing_full_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_grid_flat ADD COLUMN shipping_full_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_grid_flat ADD COLUMN billing_street_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_grid_flat ADD COLUMN billing_city_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_grid_flat ADD COLUMN billing_company_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_grid_flat ADD COLUMN billing_firstname_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_grid_flat ADD COLUMN billing_lastname_key TEXT NOT NULL DEFAULT '';

-- One index per sort: (sort column, entity_id), the tie-breaker being the rowid here.
CREATE INDEX customer_grid_email_key ON customer_grid_flat(email_key);
CREATE INDEX customer_grid_region_key ON customer_grid_flat(billing_region_key);
CREATE INDEX customer_grid_created_in_key ON customer_grid_flat(created_in_key);
CREATE INDEX customer_grid_billing_full_key ON customer_grid_flat(billing_full_key);
CREATE INDEX customer_grid_shipping_full_key ON customer_grid_flat(shipping_full_key);
CREATE INDEX customer_grid_street_key ON customer_grid_flat(billing_street_key);
CREATE INDEX customer_grid_city_key ON customer_grid_flat(billing_city_key);
CREATE INDEX customer_grid_company_key ON customer_grid_flat(billing_company_key);
CREATE INDEX customer_grid_firstname_key ON customer_grid_flat(billing_firstname_key);
CREATE INDEX customer_grid_lastname_key ON customer_grid_flat(billing_lastname_key);
CREATE INDEX customer_grid_group ON customer_grid_flat(group_id);
CREATE INDEX customer_grid_telephone ON customer_grid_flat(billing_telephone);
CREATE INDEX customer_grid_postcode ON customer_grid_flat(billing_postcode);
CREATE INDEX customer_grid_fax ON customer_grid_flat(billing_fax);
CREATE INDEX customer_grid_vat_id ON customer_grid_flat(billing_vat_id);
CREATE INDEX customer_grid_taxvat ON customer_grid_flat(taxvat);
CREATE INDEX customer_grid_confirmation ON customer_grid_flat(confirmation_pending);
CREATE INDEX customer_grid_gender ON customer_grid_flat(gender);
-- The partial index of 0009 holds only locked rows; the Account Lock sort needs them all.
CREATE INDEX customer_grid_lock ON customer_grid_flat(lock_expires);
-- Email now sorts by its key, and nothing looks an email up in this table.
DROP INDEX IF EXISTS customer_grid_email;

INSERT INTO app_flags (name, value) VALUES ('customer_grid_sort_keys', '0011')
    ON CONFLICT (name) DO NOTHING;
