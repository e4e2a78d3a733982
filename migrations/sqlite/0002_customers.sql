-- 0002: customers, their addresses and newsletter subscriptions (spec §2.1, §2.3, §2.5).
-- Column names follow Magento's so admins and migrations from Magento recognise them.
-- Times are Unix seconds; dob is an ISO date string (YYYY-MM-DD), which sorts as text.

CREATE TABLE customer_entity (
    entity_id INTEGER PRIMARY KEY,
    -- "Associate to Website"; NULL only when the website was deleted.
    website_id INTEGER REFERENCES websites(website_id) ON DELETE SET NULL,
    -- Stored trimmed and lower-cased, so uniqueness ignores case.
    email TEXT NOT NULL,
    group_id INTEGER NOT NULL DEFAULT 1 REFERENCES customer_groups(customer_group_id),
    increment_id TEXT,
    -- The store view the account was created in, and its name at that time.
    store_id INTEGER REFERENCES store_views(store_id) ON DELETE SET NULL,
    created_in TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1,
    disable_auto_group_change INTEGER NOT NULL DEFAULT 0,
    prefix TEXT,
    firstname TEXT NOT NULL,
    middlename TEXT,
    lastname TEXT NOT NULL,
    suffix TEXT,
    dob TEXT,
    -- Admin-created accounts have no password until the customer sets one.
    password_hash TEXT,
    rp_token TEXT,
    rp_token_created_at INTEGER,
    -- Address ids (no foreign key: the address rows point back at the customer).
    default_billing INTEGER,
    default_shipping INTEGER,
    taxvat TEXT,
    -- Confirmation key; NULL means confirmed (or no confirmation needed).
    confirmation TEXT,
    -- 1 Male, 2 Female, 3 Not Specified.
    gender INTEGER CHECK (gender IN (1, 2, 3)),
    failures_num INTEGER NOT NULL DEFAULT 0,
    first_failure INTEGER,
    lock_expires INTEGER,
    -- Optimistic locking: every update bumps it; a save with an older version is refused.
    version INTEGER NOT NULL DEFAULT 1
);
-- One account per email per website (spec §3); global sharing is checked by the service.
CREATE UNIQUE INDEX customer_entity_email_website ON customer_entity(email, website_id);
CREATE INDEX customer_entity_website ON customer_entity(website_id);
CREATE INDEX customer_entity_group ON customer_entity(group_id);

CREATE TABLE customer_address_entity (
    entity_id INTEGER PRIMARY KEY,
    parent_id INTEGER NOT NULL REFERENCES customer_entity(entity_id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1,
    prefix TEXT,
    firstname TEXT NOT NULL,
    middlename TEXT,
    lastname TEXT NOT NULL,
    suffix TEXT,
    company TEXT,
    -- Street lines joined with newlines.
    street TEXT NOT NULL,
    city TEXT NOT NULL,
    -- Free-text region, or the name of region_id when the country has a region list.
    region TEXT,
    region_id TEXT,
    postcode TEXT,
    country_id TEXT NOT NULL,
    telephone TEXT NOT NULL,
    fax TEXT,
    -- Address-level VAT number (not the customer's Tax/VAT number).
    vat_id TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customer_address_parent ON customer_address_entity(parent_id);

-- Newsletter subscriptions per store view (spec §4.5, §5.1).
-- Status: 1 Subscribed, 2 Not Activated, 3 Unsubscribed, 4 Unconfirmed (Magento's codes).
CREATE TABLE newsletter_subscriber (
    subscriber_id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES store_views(store_id) ON DELETE CASCADE,
    customer_id INTEGER REFERENCES customer_entity(entity_id) ON DELETE CASCADE,
    subscriber_email TEXT NOT NULL,
    subscriber_status INTEGER NOT NULL CHECK (subscriber_status IN (1, 2, 3, 4)),
    change_status_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX newsletter_subscriber_customer_store ON newsletter_subscriber(customer_id, store_id);
CREATE INDEX newsletter_subscriber_email ON newsletter_subscriber(subscriber_email);
