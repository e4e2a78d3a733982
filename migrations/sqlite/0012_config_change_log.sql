-- Every configuration change made in the admin: who, at which scope, the old and the
-- new value (NULL = not set at that scope, i.e. inherited). The admin action log shows
-- these; the admin's name is kept so the entry survives the admin account.
CREATE TABLE config_change_log (
    change_id INTEGER PRIMARY KEY,
    admin_id INTEGER,
    admin_username TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('default', 'websites', 'stores')),
    scope_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    changed_at INTEGER NOT NULL
);
CREATE INDEX config_change_log_changed ON config_change_log (changed_at, change_id);
