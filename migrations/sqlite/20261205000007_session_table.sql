-- The cookie sessions' table, now made by a migration like every other table: the shop's own
-- session store (src/server/cookie/store.rs) replaced tower-sessions-sqlx-store, which used to
-- create it at start. IF NOT EXISTS, so a database that store made keeps its sessions.
CREATE TABLE IF NOT EXISTS tower_sessions (
    id          TEXT    PRIMARY KEY NOT NULL,
    data        BLOB    NOT NULL,
    expiry_date INTEGER NOT NULL
);
