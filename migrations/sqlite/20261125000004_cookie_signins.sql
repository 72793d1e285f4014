-- Who each signed-in cookie session belongs to, kept beside tower-sessions' own table by the session
-- store, so a user can list and end their sign-ins. `handle` is a hash of the session id: the id is
-- the cookie's secret and never leaves the server.
CREATE TABLE cookie_signins (
    session_id   TEXT    PRIMARY KEY,
    handle       TEXT    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    user_agent   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX cookie_signins_user ON cookie_signins (user_id);
