//! The cookie session: a typed wrapper over tower-sessions with named keys, an absolute lifetime on
//! top of the idle expiry, and a store that never brings back a session that logout deleted.

use crate::domain::AppError;
use crate::server::db::{on_db, Db};
use crate::server::{now_unix, Config};
use async_trait::async_trait;
use std::time::Duration;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
    Session, SessionStore,
};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

const USER_ID: &str = "user_id";
const GUEST_CART_ID: &str = "guest_cart_id";
/// When this sign-in (or guest session) began: the absolute lifetime counts from here.
const STARTED_AT: &str = "started_at";
const LAST_SEEN: &str = "last_seen";
const FLASH: &str = "flash";
const USER_AGENT: &str = "user_agent";

/// How stale `last_seen` may get before a request refreshes it, which also slides the idle expiry:
/// a third of the idle timeout, at most 15 s. Saving on every request would be a database write per
/// page view.
fn touch_every(idle: Duration) -> i64 {
    (idle.as_secs() as i64 / 3).clamp(1, 15)
}

/// The cookie session layer, configured once for the pages and the Learn lab alike.
pub fn layer(state: &crate::server::AppState) -> tower_sessions::SessionManagerLayer<GuardedStore> {
    use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};
    let config = &state.config;
    SessionManagerLayer::new(state.sessions.clone())
        .with_name(config.session_cookie_name())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.cookie_secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            config.session_idle.as_secs() as i64,
        )))
}

pub struct ShopSession {
    inner: Session,
    absolute: Duration,
    idle: Duration,
    /// The browser's User-Agent, remembered at sign-in for the list of sign-ins.
    user_agent: String,
}

impl ShopSession {
    pub fn new(inner: Session, config: &Config, user_agent: String) -> Self {
        ShopSession {
            inner,
            absolute: config.session_absolute,
            idle: config.session_idle,
            user_agent,
        }
    }

    /// The public handle of this session (a hash of its id), to mark it "current" in lists.
    pub fn handle(&self) -> Option<String> {
        self.inner.id().map(|id| handle(&id.to_string()))
    }

    /// Ends the session if it outlived its absolute lifetime; otherwise keeps its idle timer fresh.
    async fn enforce_lifetime(&self) -> Result<(), AppError> {
        let Some(started) = self.inner.get::<i64>(STARTED_AT).await? else {
            return Ok(());
        };
        let now = now_unix();
        if now - started >= self.absolute.as_secs() as i64 {
            self.inner.flush().await?;
            return Ok(());
        }
        let last_seen = self.inner.get::<i64>(LAST_SEEN).await?.unwrap_or(started);
        if now - last_seen >= touch_every(self.idle) {
            self.inner.insert(LAST_SEEN, now).await?;
        }
        Ok(())
    }

    pub async fn user_id(&self) -> Result<Option<i64>, AppError> {
        self.enforce_lifetime().await?;
        Ok(self.inner.get::<i64>(USER_ID).await?)
    }

    pub async fn guest_cart_id(&self) -> Result<Option<i64>, AppError> {
        self.enforce_lifetime().await?;
        Ok(self.inner.get::<i64>(GUEST_CART_ID).await?)
    }

    /// The first add-to-cart: this is the moment a guest gets a session (and a cookie).
    pub async fn start_guest_cart(&self, cart_id: i64) -> Result<(), AppError> {
        let now = now_unix();
        self.inner.insert(GUEST_CART_ID, cart_id).await?;
        if self.inner.get::<i64>(STARTED_AT).await?.is_none() {
            self.inner.insert(STARTED_AT, now).await?;
        }
        self.inner.insert(LAST_SEEN, now).await?;
        Ok(())
    }

    /// Binds the session to an account under a fresh id, so an id planted before login is worthless.
    pub async fn sign_in(&self, user_id: i64) -> Result<(), AppError> {
        let now = now_unix();
        self.inner.cycle_id().await?;
        self.inner.remove::<i64>(GUEST_CART_ID).await?;
        self.inner.insert(USER_ID, user_id).await?;
        self.inner
            .insert(
                USER_AGENT,
                self.user_agent.chars().take(200).collect::<String>(),
            )
            .await?;
        self.inner.insert(STARTED_AT, now).await?;
        self.inner.insert(LAST_SEEN, now).await?;
        Ok(())
    }

    /// Deletes the server-side record and empties the session, which makes the layer clear the cookie.
    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.inner.flush().await?;
        Ok(())
    }

    pub async fn set_flash(&self, message: String) -> Result<(), AppError> {
        self.inner.insert(FLASH, message).await?;
        Ok(())
    }

    pub async fn take_flash(&self) -> Result<Option<String>, AppError> {
        if self.inner.get_value(FLASH).await?.is_none() {
            return Ok(None);
        }
        Ok(self.inner.remove::<String>(FLASH).await?)
    }

    /// (idle expiry, absolute expiry) of this browser's session, if it has one.
    pub async fn expiry(&self) -> Result<Option<(i64, i64)>, AppError> {
        self.enforce_lifetime().await?;
        if self.inner.get::<i64>(STARTED_AT).await?.is_none() {
            return Ok(None);
        }
        let (_, idle, absolute) = self.lifetimes().await?;
        Ok(Some((idle.min(absolute), absolute)))
    }

    /// (signed in at, idle expiry, absolute expiry) as Unix seconds.
    pub async fn lifetimes(&self) -> Result<(i64, i64, i64), AppError> {
        let started = self
            .inner
            .get::<i64>(STARTED_AT)
            .await?
            .unwrap_or_else(now_unix);
        let last_seen = self.inner.get::<i64>(LAST_SEEN).await?.unwrap_or(started);
        Ok((
            started,
            last_seen + self.idle.as_secs() as i64,
            started + self.absolute.as_secs() as i64,
        ))
    }
}

/// What a stored session record says about its holder, in words, for the request inspector.
pub fn describe_record(record: &Record) -> String {
    let get = |key: &str| record.data.get(key).and_then(|v| v.as_i64());
    match (get(USER_ID), get(GUEST_CART_ID)) {
        (Some(user), _) => format!("record found: signed in as user {user}"),
        (None, Some(cart)) => format!("record found: a guest with cart {cart}"),
        (None, None) => "record found: no sign-in and no cart in it".to_string(),
    }
}

/// The public handle of a session: its id hashed, so a list of sign-ins never shows the secret.
pub fn handle(session_id: &str) -> String {
    crate::server::crypto::b64url(&crate::server::crypto::sha256(session_id.as_bytes())[..16])
}

/// The sqlx session store of the shop's database, except that saving only updates an existing
/// record. tower-sessions saves with an upsert, so a request that was in flight while the user
/// logged out would otherwise write the deleted session back, logged in.
#[derive(Clone, Debug)]
pub struct GuardedStore {
    inner: Inner,
    db: Db,
}

#[derive(Clone, Debug)]
enum Inner {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

/// The session table, in the connection's own schema on both databases, beside the shop's tables.
pub const SESSION_TABLE: &str = "tower_sessions";

impl GuardedStore {
    /// The store for `db`, with its table ready: SQLite's store creates it, PostgreSQL's migrations
    /// do (in the connection's schema rather than the store's default `tower_sessions` schema).
    pub async fn new(db: &Db) -> Result<Self, sqlx::Error> {
        let inner = match db {
            Db::Sqlite { pool, .. } => {
                let store = SqliteStore::new(pool.clone()).with_table_name(SESSION_TABLE);
                let store = store.map_err(|e| sqlx::Error::Configuration(e.into()))?;
                store.migrate().await?;
                Inner::Sqlite(store)
            }
            Db::Postgres(pool) => {
                let schema: String = sqlx::query_scalar("SELECT current_schema()::text")
                    .fetch_one(pool)
                    .await?;
                let store = PostgresStore::new(pool.clone())
                    .with_schema_name(schema)
                    .and_then(|s| s.with_table_name(SESSION_TABLE))
                    .map_err(|e| sqlx::Error::Configuration(e.into()))?;
                Inner::Postgres(store)
            }
        };
        Ok(GuardedStore {
            inner,
            db: db.clone(),
        })
    }

    fn inner(&self) -> &dyn SessionStore {
        match &self.inner {
            Inner::Sqlite(s) => s,
            Inner::Postgres(s) => s,
        }
    }
}

#[async_trait]
impl SessionStore for GuardedStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.inner().create(record).await?;
        self.track(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data =
            rmp_serde::to_vec(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let sql = format!("UPDATE {SESSION_TABLE} SET data = $1, expiry_date = $2 WHERE id = $3");
        let updated = on_db!(&self.db, |p| {
            sqlx::query(&sql)
                .bind(&data)
                .bind(record.expiry_date)
                .bind(record.id.to_string())
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })
        .map_err(backend)?;
        if updated == 1 {
            self.track(record).await?;
        }
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        self.inner().load(session_id).await
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        self.inner().delete(session_id).await?;
        self.untrack(&session_id.to_string()).await
    }
}

fn backend(e: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

impl GuardedStore {
    async fn untrack(&self, session_id: &str) -> session_store::Result<()> {
        on_db!(&self.db, |p| {
            sqlx::query("DELETE FROM cookie_signins WHERE session_id = $1")
                .bind(session_id)
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })
        .map_err(backend)?;
        Ok(())
    }

    /// Keeps `cookie_signins` in step with a saved record: a signed-in session has a row there.
    async fn track(&self, record: &Record) -> session_store::Result<()> {
        let id = record.id.to_string();
        let get = |key: &str| record.data.get(key).and_then(|v| v.as_i64());
        let Some(user_id) = get(USER_ID) else {
            return self.untrack(&id).await;
        };
        let started = get(STARTED_AT).unwrap_or_else(now_unix);
        let agent = record
            .data
            .get(USER_AGENT)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        on_db!(&self.db, |p| {
            sqlx::query(
                "INSERT INTO cookie_signins \
                 (session_id, handle, user_id, created_at, last_seen_at, user_agent) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (session_id) DO UPDATE SET \
                 user_id = excluded.user_id, last_seen_at = excluded.last_seen_at",
            )
            .bind(&id)
            .bind(handle(&id))
            .bind(user_id)
            .bind(started)
            .bind(get(LAST_SEEN).unwrap_or(started))
            .bind(agent)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
        })
        .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for GuardedStore {
    /// One statement for both databases, comparing with a bound timestamp like the stores' `load`.
    /// (PostgresStore's own compares `timestamptz` with a zone-less `now() at time zone 'utc'`,
    /// which deletes live sessions early when the server's TimeZone is behind UTC.)
    async fn delete_expired(&self) -> session_store::Result<()> {
        let expired = format!("DELETE FROM {SESSION_TABLE} WHERE expiry_date < $1");
        let orphans = format!(
            "DELETE FROM cookie_signins WHERE session_id NOT IN (SELECT id FROM {SESSION_TABLE})"
        );
        on_db!(&self.db, |p| {
            sqlx::query(&expired)
                .bind(time::OffsetDateTime::now_utc())
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })
        .map_err(backend)?;
        on_db!(&self.db, |p| sqlx::query(&orphans)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))
        .map_err(backend)?;
        Ok(())
    }
}
