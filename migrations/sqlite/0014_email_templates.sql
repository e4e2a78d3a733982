-- Marketing → Email Templates: an admin's version of one of the account emails (its
-- subject and body), chosen per store view in the configuration (the option's value is
-- the template's id; the built-in code means the built-in text).
CREATE TABLE email_template (
    template_id INTEGER PRIMARY KEY AUTOINCREMENT,
    template_code TEXT NOT NULL UNIQUE,
    -- The built-in email it replaces (`reset_password`, `welcome`, …).
    orig_code TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX email_template_orig ON email_template (orig_code);

-- The sender of each message (the store's email identity), kept with it.
ALTER TABLE mail_outbox ADD COLUMN from_name TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN from_email TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_queue ADD COLUMN from_name TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_queue ADD COLUMN from_email TEXT NOT NULL DEFAULT '';
