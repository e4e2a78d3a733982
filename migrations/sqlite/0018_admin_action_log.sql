-- The admin action log (issue 15): every change an admin makes, written in the
-- transaction that makes it. Who (the admin's id and name, kept when the admin account
-- goes), from where (IP), what (entity, its id and what it was called then, the action)
-- and the changed fields as a JSON list of {field, before, after}. `customer_id` names
-- the customer an entry belongs to (their History tab); no foreign keys, so entries
-- outlive what they describe. Purged after the configured lifetime.
CREATE TABLE admin_action_log (
    log_id INTEGER PRIMARY KEY AUTOINCREMENT,
    logged_at INTEGER NOT NULL,
    admin_id INTEGER,
    admin_name TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT '',
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL DEFAULT '',
    item TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    customer_id INTEGER,
    changes TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX admin_action_log_time ON admin_action_log (logged_at, log_id);
CREATE INDEX admin_action_log_customer ON admin_action_log (customer_id, log_id);
