-- 0004: the mail outbox and the customer sign-in log.

-- Messages of the outbox transport (used when no SMTP server is configured): every
-- email the application would send, newest last, for the demo Outbox page and tests.
CREATE TABLE mail_outbox (
    message_id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    to_email TEXT NOT NULL,
    to_name TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    -- Which email this is (`welcome_no_password`, `reset_password`, …).
    template TEXT NOT NULL
);
CREATE INDEX mail_outbox_to ON mail_outbox(to_email);

-- Last sign-in and sign-out of each customer (spec §2.5 `customer_log`), shown on the
-- admin's Customer View tab.
CREATE TABLE customer_log (
    customer_id INTEGER PRIMARY KEY REFERENCES customer_entity(entity_id) ON DELETE CASCADE,
    last_login_at INTEGER,
    last_logout_at INTEGER
);
