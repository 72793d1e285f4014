-- The JWT side of the shop (PostgreSQL): signing keys, refresh token families, and the opt-in
-- access-token denylist. Same tables as SQLite's 0003.

-- Ed25519 signing keys. They live in the database so every instance signs and verifies with the same
-- keys; the newest unretired key signs, retired ones still verify until tokens they signed expire.
CREATE TABLE signing_keys (
    kid          TEXT   PRIMARY KEY,
    private_seed BYTEA  NOT NULL CHECK (octet_length(private_seed) = 32),
    public_key   BYTEA  NOT NULL CHECK (octet_length(public_key) = 32),
    created_at   BIGINT NOT NULL,
    retired_at   BIGINT
);

-- One API sign-in: every refresh token descended from one login belongs to its family, so a reused
-- token can revoke all of them at once.
CREATE TABLE refresh_families (
    id             TEXT   PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     BIGINT NOT NULL,
    last_seen_at   BIGINT NOT NULL,
    user_agent     TEXT   NOT NULL DEFAULT '',
    revoked_at     BIGINT,
    revoked_reason TEXT
);
CREATE INDEX refresh_families_user ON refresh_families (user_id);

-- Refresh tokens are stored only as SHA-256 hashes. `used_at` is set exactly once, by the refresh
-- that consumes the token; a second presentation is reuse.
CREATE TABLE refresh_tokens (
    token_hash BYTEA  PRIMARY KEY,
    family_id  TEXT   NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
    issued_at  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- Access tokens revoked before their `exp` ("revoke now" at logout); checked on every request when
-- the denylist is on, pruned once the token would have expired anyway.
CREATE TABLE revoked_access_tokens (
    jti        TEXT   PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
