-- no-transaction
-- 0007: ids are never reused, and sessions die with their account.
--
-- Without AUTOINCREMENT SQLite hands out MAX(id) + 1, so deleting the newest customer and
-- registering again gave the new account the old id, and a session (or a device copy, an
-- offline edit, a reset link) made for the deleted account opened the new one. The three
-- tables whose ids other records point at are rebuilt with AUTOINCREMENT (SQLite's
-- documented 12-step table rebuild: foreign keys off, copy, swap, check, on again), and
-- deleting a customer or admin deletes their sessions and mail in the same statement.
-- The rebuild runs in one IMMEDIATE transaction of its own (hence `no-transaction`:
-- foreign_keys cannot change inside a transaction).
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE customer_entity_new (
    entity_id INTEGER PRIMARY KEY AUTOINCREMENT,
    website_id INTEGER REFERENCES websites(website_id) ON DELETE SET NULL,
    email TEXT NOT NULL,
    group_id INTEGER NOT NULL DEFAULT 1 REFERENCES customer_groups(customer_group_id),
    increment_id TEXT,
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
    password_hash TEXT,
    rp_token TEXT,
    rp_token_created_at INTEGER,
    default_billing INTEGER,
    default_shipping INTEGER,
    taxvat TEXT,
    confirmation TEXT,
    gender INTEGER CHECK (gender IN (1, 2, 3)),
    failures_num INTEGER NOT NULL DEFAULT 0,
    first_failure INTEGER,
    lock_expires INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    assistance_allowed INTEGER NOT NULL DEFAULT 0
);
INSERT INTO customer_entity_new (entity_id, website_id, email, group_id, increment_id, store_id,
    created_in, created_at, updated_at, is_active, disable_auto_group_change, prefix, firstname,
    middlename, lastname, suffix, dob, password_hash, rp_token, rp_token_created_at,
    default_billing, default_shipping, taxvat, confirmation, gender, failures_num, first_failure,
    lock_expires, version, assistance_allowed)
SELECT entity_id, website_id, email, group_id, increment_id, store_id,
    created_in, created_at, updated_at, is_active, disable_auto_group_change, prefix, firstname,
    middlename, lastname, suffix, dob, password_hash, rp_token, rp_token_created_at,
    default_billing, default_shipping, taxvat, confirmation, gender, failures_num, first_failure,
    lock_expires, version, assistance_allowed
FROM customer_entity;
DROP TABLE customer_entity;
ALTER TABLE customer_entity_new RENAME TO customer_entity;
CREATE UNIQUE INDEX customer_entity_email_website ON customer_entity(email, website_id);
CREATE INDEX customer_entity_website ON customer_entity(website_id);
CREATE INDEX customer_entity_group ON customer_entity(group_id);

CREATE TABLE customer_address_entity_new (
    entity_id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    street TEXT NOT NULL,
    city TEXT NOT NULL,
    region TEXT,
    region_id TEXT,
    postcode TEXT,
    country_id TEXT NOT NULL,
    telephone TEXT NOT NULL,
    fax TEXT,
    vat_id TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    -- The key a storefront create was sent with (offline queue): sending it again
    -- returns the address it made instead of a second one.
    request_key TEXT
);
INSERT INTO customer_address_entity_new (entity_id, parent_id, created_at, updated_at, is_active,
    prefix, firstname, middlename, lastname, suffix, company, street, city, region, region_id,
    postcode, country_id, telephone, fax, vat_id, version)
SELECT entity_id, parent_id, created_at, updated_at, is_active,
    prefix, firstname, middlename, lastname, suffix, company, street, city, region, region_id,
    postcode, country_id, telephone, fax, vat_id, version
FROM customer_address_entity;
DROP TABLE customer_address_entity;
ALTER TABLE customer_address_entity_new RENAME TO customer_address_entity;
CREATE INDEX customer_address_parent ON customer_address_entity(parent_id);
CREATE UNIQUE INDEX customer_address_request_key
    ON customer_address_entity(parent_id, request_key) WHERE request_key IS NOT NULL;

CREATE TABLE admin_users_new (
    user_id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role_id INTEGER NOT NULL REFERENCES admin_roles(role_id),
    is_active INTEGER NOT NULL DEFAULT 1,
    locale TEXT NOT NULL DEFAULT 'en_US',
    failures_num INTEGER NOT NULL DEFAULT 0,
    first_failure INTEGER,
    lock_expires INTEGER,
    last_login_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO admin_users_new (user_id, email, name, password_hash, role_id, is_active, locale,
    failures_num, first_failure, lock_expires, last_login_at, created_at, updated_at)
SELECT user_id, email, name, password_hash, role_id, is_active, locale,
    failures_num, first_failure, lock_expires, last_login_at, created_at, updated_at
FROM admin_users;
DROP TABLE admin_users;
ALTER TABLE admin_users_new RENAME TO admin_users;

-- A deleted account's sessions, and the mail written to it, go in the same statement.
CREATE TRIGGER customer_entity_deleted AFTER DELETE ON customer_entity BEGIN
    DELETE FROM sessions WHERE kind = 'customer' AND user_id = old.entity_id;
    DELETE FROM mail_outbox WHERE to_email = old.email;
END;
CREATE TRIGGER admin_users_deleted AFTER DELETE ON admin_users BEGIN
    DELETE FROM sessions WHERE kind = 'admin' AND user_id = old.user_id;
END;
-- Sessions left behind by deletes made before this migration.
DELETE FROM sessions WHERE kind = 'customer'
    AND user_id NOT IN (SELECT entity_id FROM customer_entity);
DELETE FROM sessions WHERE kind = 'admin'
    AND user_id NOT IN (SELECT user_id FROM admin_users);

COMMIT;
PRAGMA foreign_keys = ON;
