-- Storefront CAPTCHA challenges: the answer a picture shows, for one form on one
-- website, until it is answered (right or wrong: a challenge is used once) or expires.
-- The address that asked is kept so one address cannot pile up challenges.
CREATE TABLE captcha_challenge (
    token TEXT PRIMARY KEY,
    form TEXT NOT NULL,
    website_id BIGINT NOT NULL,
    answer TEXT NOT NULL,
    ip TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX captcha_challenge_expires ON captcha_challenge (expires_at);
CREATE INDEX captcha_challenge_ip ON captcha_challenge (ip, expires_at);

-- Failed storefront sign-ins counted for the CAPTCHA's "after number of attempts"
-- mode: per website and email (kind 'login') and per address (kind 'ip'). A successful
-- sign-in clears both.
CREATE TABLE captcha_log (
    kind TEXT NOT NULL CHECK (kind IN ('login', 'ip')),
    value TEXT NOT NULL,
    count BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (kind, value)
);
