-- 0008: the mail queue. With an SMTP server configured, every email is first written
-- here and sent by a background worker after the response: an SMTP outage delays mail
-- (retried with backoff) instead of losing it or failing the shopper's request, and a
-- request for a real account takes as long as one for an unknown email. Sent messages
-- are deleted (their bodies hold single-use links).
CREATE TABLE mail_queue (
    message_id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    to_email TEXT NOT NULL,
    to_name TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    template TEXT NOT NULL,
    -- Tries so far, and when the next may start (a worker that claims a message moves
    -- this forward first, so two workers never send it twice at the same time).
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT
);
CREATE INDEX mail_queue_due ON mail_queue(next_attempt_at);
