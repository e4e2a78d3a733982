-- 0005: password reset requests (Magento's password_reset_request_event), for the
-- throttling of spec §7.4 / §9.1 / §9.2: at most N requests an hour and M minutes
-- apart, counted by IP, by email, or by either (the Password Reset Protection Type).
CREATE TABLE password_reset_requests (
    request_id INTEGER PRIMARY KEY,
    -- The customer email the reset was asked for (lower-case).
    email TEXT NOT NULL,
    -- The address the request came from (the admin's, for the admin's Reset Password).
    ip TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX password_reset_requests_email ON password_reset_requests(email, created_at);
CREATE INDEX password_reset_requests_ip ON password_reset_requests(ip, created_at);
