-- 0001: the base every capability stands on (spec §1.2, §2.5, §14).
-- Times are Unix seconds (INTEGER) and flags are 0/1 integers so the same queries
-- run on SQLite and PostgreSQL (see app/src/db/mod.rs).

-- Websites → store groups ("stores") → store views.
CREATE TABLE websites (
    website_id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    default_group_id INTEGER NOT NULL DEFAULT 0,
    is_default INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE store_groups (
    group_id INTEGER PRIMARY KEY,
    website_id INTEGER NOT NULL REFERENCES websites(website_id) ON DELETE CASCADE,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    default_store_id INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE store_views (
    store_id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    website_id INTEGER NOT NULL REFERENCES websites(website_id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES store_groups(group_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX store_views_website ON store_views(website_id);

-- Magento's default single store (ids as in a fresh Magento install).
INSERT INTO websites (website_id, code, name, sort_order, default_group_id, is_default)
VALUES (1, 'base', 'Main Website', 0, 1, 1);
INSERT INTO store_groups (group_id, website_id, code, name, default_store_id)
VALUES (1, 1, 'main_website_store', 'Main Website Store', 1);
INSERT INTO store_views (store_id, code, website_id, group_id, name, sort_order, is_active)
VALUES (1, 'default', 1, 1, 'Default Store View', 0, 1);

-- Tax classes referenced by customer groups (spec §14.1).
CREATE TABLE tax_classes (
    class_id INTEGER PRIMARY KEY,
    class_name TEXT NOT NULL,
    class_type TEXT NOT NULL CHECK (class_type IN ('CUSTOMER', 'PRODUCT'))
);
INSERT INTO tax_classes (class_id, class_name, class_type) VALUES
    (2, 'Taxable Goods', 'PRODUCT'),
    (3, 'Retail Customer', 'CUSTOMER');

-- Customer groups with Magento's default ids (spec §14.1).
CREATE TABLE customer_groups (
    customer_group_id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) <= 32),
    tax_class_id INTEGER NOT NULL REFERENCES tax_classes(class_id)
);
INSERT INTO customer_groups (customer_group_id, code, tax_class_id) VALUES
    (0, 'NOT LOGGED IN', 3),
    (1, 'General', 3),
    (2, 'Wholesale', 3),
    (3, 'Retailer', 3);

-- Websites a group is excluded from (spec §14.3).
CREATE TABLE customer_group_excluded_websites (
    customer_group_id INTEGER NOT NULL REFERENCES customer_groups(customer_group_id) ON DELETE CASCADE,
    website_id INTEGER NOT NULL REFERENCES websites(website_id) ON DELETE CASCADE,
    PRIMARY KEY (customer_group_id, website_id)
);

-- Admin roles and their ACL resources (spec §1.2). all_resources = 1 grants everything.
CREATE TABLE admin_roles (
    role_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    all_resources INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE admin_role_resources (
    role_id INTEGER NOT NULL REFERENCES admin_roles(role_id) ON DELETE CASCADE,
    resource_id TEXT NOT NULL,
    PRIMARY KEY (role_id, resource_id)
);
INSERT INTO admin_roles (role_id, name, all_resources, created_at)
VALUES (1, 'Administrators', 1, 0);

-- Admin users. Emails are stored lower-cased; lock fields drive the sign-in lockout.
CREATE TABLE admin_users (
    user_id INTEGER PRIMARY KEY,
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

-- Sessions of admins (and, later, customers). Only a SHA-256 of the token is stored.
CREATE TABLE sessions (
    session_id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('admin', 'customer')),
    user_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(kind, user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Fixed-window rate-limit counters shared by every server process.
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    hits INTEGER NOT NULL
);

-- Store configuration (Magento's core_config_data): scope is default/websites/stores.
CREATE TABLE core_config_data (
    config_id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('default', 'websites', 'stores')),
    scope_id INTEGER NOT NULL DEFAULT 0,
    path TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (scope, scope_id, path)
);

-- Bumped in the same transaction as every configuration write, so each server process
-- can tell cheaply that its cached configuration is stale.
CREATE TABLE config_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 1);

-- Settings the application keeps about itself (e.g. whether the demo store was seeded).
CREATE TABLE app_flags (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
