-- Device cookies (OWASP's "device cookies"): a browser that signed in to an account holds a random
-- token for it; only the token's SHA-256 is kept. A failed login from such a browser counts against
-- that device alone, so nobody else's failures can lock the owner's known browsers out.
CREATE TABLE devices (
    token_hash TEXT    NOT NULL,
    email      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (token_hash, email)
);
CREATE INDEX devices_expiry ON devices (expires_at);

-- Which known device a failure came from; NULL for a browser or app without a device cookie for
-- the account.
ALTER TABLE login_failures ADD COLUMN device TEXT;
CREATE INDEX login_failures_device ON login_failures (device, at);

-- Every sign-up (and Learn lab account) costs a password hash: they are counted per client address.
CREATE TABLE signup_attempts (
    client TEXT    NOT NULL,
    at     INTEGER NOT NULL
);
CREATE INDEX signup_attempts_client ON signup_attempts (client, at);
