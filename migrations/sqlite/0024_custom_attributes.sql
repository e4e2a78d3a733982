-- 0024: custom customer and address attributes (spec §11, §12). The system attributes
-- (§2.2, §2.3) stay columns of customer_entity and customer_address_entity; these
-- tables hold the attributes admins add, their labels per store view, their options,
-- the forms they show in, and their values.
--
-- Values live in typed tables as Magento's EAV does, one row per customer (or address)
-- and attribute, so a filter on one attribute reads one index:
--   *_varchar  Text Field (at most 255 characters), Date (YYYY-MM-DD), Yes/No (0/1);
--              indexed by (attribute, value) for filters and sorting;
--   *_text     Text Area and Multiple Line (long; not indexed by value);
--   *_option   Dropdown and Multiple Select: one row per chosen option, indexed by
--              option, so "customers who chose Gold" is one index range, and deleting
--              an option deletes its choices.
-- Every value row goes with its customer or address (and its attribute) on delete.

CREATE TABLE eav_attribute (
    attribute_id INTEGER PRIMARY KEY,
    -- 'customer' or 'customer_address'.
    entity_type TEXT NOT NULL CHECK (entity_type IN ('customer', 'customer_address')),
    -- Lower-case letters, digits and '_'; never changed after it is created.
    attribute_code TEXT NOT NULL,
    -- Default Label (the admin's and every store view's without its own).
    frontend_label TEXT NOT NULL,
    -- text, textarea, multiline, date, boolean, select, multiselect.
    frontend_input TEXT NOT NULL,
    is_required INTEGER NOT NULL DEFAULT 0,
    default_value TEXT NOT NULL DEFAULT '',
    -- Input Validation, lengths, date range and line count, as JSON.
    validate_rules TEXT NOT NULL DEFAULT '{}',
    -- '', 'striptags' or 'escapehtml'.
    input_filter TEXT NOT NULL DEFAULT '',
    -- Show on Storefront.
    is_visible INTEGER NOT NULL DEFAULT 1,
    sort_order INTEGER NOT NULL DEFAULT 0,
    -- Customers grid: Add to Column Options, Use in Filter Options (with its match
    -- type: partial, prefix or full), Use in Search Options.
    is_used_in_grid INTEGER NOT NULL DEFAULT 0,
    is_filterable_in_grid INTEGER NOT NULL DEFAULT 0,
    grid_filter_condition_type TEXT NOT NULL DEFAULT 'partial',
    is_searchable_in_grid INTEGER NOT NULL DEFAULT 0,
    is_used_for_customer_segment INTEGER NOT NULL DEFAULT 0,
    UNIQUE (entity_type, attribute_code)
);

-- Manage Titles: the label in one store view.
CREATE TABLE eav_attribute_label (
    attribute_id INTEGER NOT NULL REFERENCES eav_attribute(attribute_id) ON DELETE CASCADE,
    store_id INTEGER NOT NULL REFERENCES store_views(store_id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (attribute_id, store_id)
) WITHOUT ROWID;

-- Dropdown and Multiple Select options, with their Admin value.
CREATE TABLE eav_attribute_option (
    option_id INTEGER PRIMARY KEY,
    attribute_id INTEGER NOT NULL REFERENCES eav_attribute(attribute_id) ON DELETE CASCADE,
    admin_value TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    is_default INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX eav_attribute_option_attribute ON eav_attribute_option(attribute_id, sort_order);

-- An option's label in one store view.
CREATE TABLE eav_attribute_option_value (
    option_id INTEGER NOT NULL REFERENCES eav_attribute_option(option_id) ON DELETE CASCADE,
    store_id INTEGER NOT NULL REFERENCES store_views(store_id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (option_id, store_id)
) WITHOUT ROWID;

-- Forms to Use In (Magento's form codes).
CREATE TABLE customer_form_attribute (
    form_code TEXT NOT NULL,
    attribute_id INTEGER NOT NULL REFERENCES eav_attribute(attribute_id) ON DELETE CASCADE,
    PRIMARY KEY (form_code, attribute_id)
) WITHOUT ROWID;

CREATE TABLE customer_entity_varchar (
    entity_id INTEGER NOT NULL REFERENCES customer_entity(entity_id) ON DELETE CASCADE,
    attribute_id INTEGER NOT NULL REFERENCES eav_attribute(attribute_id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (entity_id, attribute_id)
) WITHOUT ROWID;
CREATE INDEX customer_entity_varchar_value ON customer_entity_varchar(attribute_id, value, entity_id);

CREATE TABLE customer_entity_text (
    entity_id INTEGER NOT NULL REFERENCES customer_entity(entity_id) ON DELETE CASCADE,
    attribute_id INTEGER NOT NULL REFERENCES eav_attribute(attribute_id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (entity_id, attribute_id)
) WITHOUT ROWID;
CREATE INDEX customer_entity_text_attribute ON customer_entity_text(attribute_id);

CREATE TABLE customer_entity_option (
    entity_id INTEGER NOT NULL REFERENCES customer_entity(entity_id) ON DELETE CASCADE,
    attribute_id INTEGER NOT NULL REFERENCES eav_attribute(attribute_id) ON DELETE CASCADE,
    option_id INTEGER NOT NULL REFERENCES eav_attribute_option(option_id) ON DELETE CASCADE,
    PRIMARY KEY (entity_id, attribute_id, option_id)
) WITHOUT ROWID;
CREATE INDEX customer_entity_option_option ON customer_entity_option(option_id, entity_id);
CREATE INDEX customer_entity_option_attribute ON customer_entity_option(attribute_id);

CREATE TABLE customer_address_entity_varchar (
    entity_id INTEGER NOT NULL REFERENCES customer_address_entity(entity_id) ON DELETE CASCADE,
    attribute_id INTEGER NOT NULL REFERENCES eav_attribute(attribute_id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (entity_id, attribute_id)
) WITHOUT ROWID;
CREATE INDEX customer_address_entity_varchar_value ON customer_address_entity_varchar(attribute_id, value, entity_id);

CREATE TABLE customer_address_entity_text (
    entity_id INTEGER NOT NULL REFERENCES customer_address_entity(entity_id) ON DELETE CASCADE,
    attribute_id INTEGER NOT NULL REFERENCES eav_attribute(attribute_id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (entity_id, attribute_id)
) WITHOUT ROWID;
CREATE INDEX customer_address_entity_text_attribute ON customer_address_entity_text(attribute_id);

CREATE TABLE customer_address_entity_option (
    entity_id INTEGER NOT NULL REFERENCES customer_address_entity(entity_id) ON DELETE CASCADE,
    attribute_id INTEGER NOT NULL REFERENCES eav_attribute(attribute_id) ON DELETE CASCADE,
    option_id INTEGER NOT NULL REFERENCES eav_attribute_option(option_id) ON DELETE CASCADE,
    PRIMARY KEY (entity_id, attribute_id, option_id)
) WITHOUT ROWID;
CREATE INDEX customer_address_entity_option_option ON customer_address_entity_option(option_id, entity_id);
CREATE INDEX customer_address_entity_option_attribute ON customer_address_entity_option(attribute_id);
