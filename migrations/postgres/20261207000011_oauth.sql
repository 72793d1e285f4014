-- The shop as an authorization server for its partner (RFC 6749 §4.1 + RFC 7636 PKCE).
-- A sign-in made through it is a refresh family like any API sign-in, marked with the client it
-- was granted to and the scopes the user allowed; its access tokens carry both.
ALTER TABLE refresh_families ADD COLUMN client_id TEXT;
ALTER TABLE refresh_families ADD COLUMN scope TEXT;

-- Authorization codes, stored only as SHA-256 hashes, bound to everything the request named.
-- `used_at` is set by the one redemption that succeeds; `family_id` and `access_jti` record what it
-- issued, so a second presentation can revoke exactly that (RFC 6749 §4.1.2).
CREATE TABLE oauth_codes (
    code_hash      BYTEA   PRIMARY KEY,
    client_id      TEXT    NOT NULL,
    redirect_uri   TEXT    NOT NULL,
    user_id        BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope          TEXT    NOT NULL,
    code_challenge TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    expires_at     BIGINT  NOT NULL,
    used_at        BIGINT,
    family_id      TEXT,
    access_jti     TEXT,
    access_exp     BIGINT
);
CREATE INDEX oauth_codes_expires ON oauth_codes (expires_at);
