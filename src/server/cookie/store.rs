//! The cookie sessions' store: tower-sessions' sqlx store of the shop's database, except that
//! saving only updates, and a table of signed-in sessions kept beside it for the list of sign-ins.

use super::session::{handle, LAST_SEEN, STARTED_AT, USER_AGENT, USER_ID};
use crate::server::{
    clock::now_unix,
    db::{on_db, Db, SESSION_TABLE},
};
use async_trait::async_trait;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
    SessionStore,
};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

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
