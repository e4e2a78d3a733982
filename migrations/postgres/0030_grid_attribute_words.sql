-- 0030: keyword search finds custom attributes' words ("Use in Search Options") in the
-- grid row itself, as Magento's customer grid index does: `attribute_words` holds the
-- customer's searchable text values and the Admin and store view labels of their chosen
-- options, and the `search` column reads it with the other columns. A search is again
-- one index query however many words it has. Reading the value tables' word indexes
-- per word and intersecting the unions (0026) took 467-870 ms at a million customers for
-- "de boer". `customers::grid::index` fills the column with the rest of the row; when an
-- admin changes which attributes are searched, `customers::grid::words` catches every
-- row up in the background.
ALTER TABLE customer_grid_flat ADD COLUMN attribute_words TEXT;
DROP INDEX IF EXISTS customer_grid_search;
ALTER TABLE customer_grid_flat DROP COLUMN search;
ALTER TABLE customer_grid_flat ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', regexp_replace(lower(clientele_unaccent(
        coalesce(name, '') || ' ' || email || ' ' || coalesce(taxvat, '') || ' ' ||
        coalesce(billing_full, '') || ' ' || coalesce(shipping_full, '') || ' ' ||
        coalesce(billing_telephone, '') || ' ' || coalesce(billing_phone_digits, '') || ' ' ||
        coalesce(billing_company, '') || ' ' || coalesce(billing_vat_id, '') || ' ' ||
        coalesce(attribute_words, ''))),
        '[.@_+()/,''’&#:;!?"<>{}|\\*%$=~^`[\]-]', ' ', 'g'))) STORED;
CREATE INDEX customer_grid_search ON customer_grid_flat USING gin(search);

-- 0026's word indexes of every value are no longer read.
DROP INDEX customer_entity_varchar_words;
DROP INDEX customer_entity_text_words;

-- A store that searches custom attributes has its rows caught up after the start.
INSERT INTO app_flags (name, value)
SELECT 'customer_grid_words', '0'
WHERE EXISTS (
    SELECT 1 FROM eav_attribute WHERE entity_type = 'customer' AND is_searchable_in_grid = 1
);
ANALYZE customer_grid_flat;
