-- Login as Customer (spec §10): every attempt with its reason and result (kept when the
-- customer or admin is deleted), the one-time secrets, and which customer sessions an
-- admin session opened (they end with it).
CREATE TABLE login_as_customer_log (
    log_id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER,
    customer_email TEXT NOT NULL DEFAULT '',
    admin_id INTEGER,
    admin_name TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    store_id INTEGER,
    created_at INTEGER NOT NULL,
    logged_in_at INTEGER,
    ended_at INTEGER,
    outcome TEXT NOT NULL
);
CREATE INDEX login_as_customer_log_customer ON login_as_customer_log(customer_id);

CREATE TABLE login_as_customer_secret (
    secret_hash TEXT PRIMARY KEY,
    admin_id INTEGER NOT NULL REFERENCES admin_users(user_id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customer_entity(entity_id) ON DELETE CASCADE,
    store_id INTEGER NOT NULL,
    log_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX login_as_customer_secret_admin ON login_as_customer_secret(admin_id);

ALTER TABLE sessions ADD COLUMN assisted_by_session INTEGER;
ALTER TABLE sessions ADD COLUMN assist_log_id INTEGER;
CREATE INDEX sessions_assisted_by ON sessions(assisted_by_session);
