-- Who each signed-in cookie session belongs to (PostgreSQL; as SQLite's 0004), and tower-sessions'
-- own table. On SQLite the session store creates that table itself; here it is made in the
-- connection's schema, next to the others, instead of the store's default "tower_sessions"."session".
CREATE TABLE tower_sessions (
    id          TEXT        PRIMARY KEY NOT NULL,
    data        BYTEA       NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);

-- `handle` is a hash of the session id: the id is the cookie's secret and never leaves the server.
CREATE TABLE cookie_signins (
    session_id   TEXT   PRIMARY KEY,
    handle       TEXT   NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    user_agent   TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX cookie_signins_user ON cookie_signins (user_id);
