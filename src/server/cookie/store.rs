//! The cookie sessions' store, on the shop's own database layer: one SQL text for both databases
//! (`on_db!`), records encoded with MessagePack, and a table of signed-in sessions kept beside it
//! for the list of sign-ins. Written here rather than taken from tower-sessions-sqlx-store because
//! that store saves with an upsert (see `save`), creates its SQLite table outside the migrations,
//! deletes expired PostgreSQL rows with a zone-less comparison, and pins sqlx and tower-sessions to
//! the versions it was last released for.

use super::session::{handle, ACCOUNT_READ, LAST_SEEN, STARTED_AT, USER_AGENT, USER_ID};
use crate::server::{
    clock::now_unix,
    db::{account_reads, on_db, Db, SESSION_TABLE},
    error::{is_unavailable, RETRY_AFTER_SECS, UNAVAILABLE_PREFIX},
};
use async_trait::async_trait;
use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};
use sqlx::AssertSqlSafe;
use std::cell::Cell;
use time::OffsetDateTime;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
    SessionStore,
};

/// The session store. Saving only updates an existing record: tower-sessions saves after every
/// request that changed the session, so a request that was in flight while the user logged out
/// would otherwise write the deleted session back, logged in.
#[derive(Clone, Debug)]
pub struct GuardedStore {
    db: Db,
}

impl GuardedStore {
    /// The store for `db`; its table comes from the migrations.
    pub fn new(db: &Db) -> Self {
        GuardedStore { db: db.clone() }
    }

    /// The id of any stored session (or a fresh one when there is none), to time a lookup with.
    pub async fn any_id(&self) -> Result<tower_sessions::session::Id, crate::domain::AppError> {
        let existing = crate::server::db::stats::any_session_id(&self.db).await?;
        Ok(existing.and_then(|s| s.parse().ok()).unwrap_or_default())
    }
}

tokio::task_local! {
    /// Set when this request's store call found the database unavailable (see `save_failures`).
    static UNAVAILABLE: Cell<bool>;
}

/// tower-sessions saves the session after the handler and, if that fails, turns the response into a
/// bare 500. Around the session layer, this makes that a 503 with `Retry-After` when the cause was
/// an unavailable database, like every other answer of the shop in that case.
pub async fn save_failures(req: Request, next: Next) -> Response {
    let (mut res, unavailable) = UNAVAILABLE
        .scope(Cell::new(false), async {
            let res = next.run(req).await;
            (res, UNAVAILABLE.with(Cell::get))
        })
        .await;
    if unavailable && res.status() == StatusCode::INTERNAL_SERVER_ERROR {
        *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    }
    res
}

/// A database error as the store's error, marked when the database was unavailable so the request
/// is answered 503 (`server::error`).
fn backend(e: sqlx::Error) -> session_store::Error {
    if is_unavailable(&e) {
        let _ = UNAVAILABLE.try_with(|flag| flag.set(true));
        return session_store::Error::Backend(format!("{UNAVAILABLE_PREFIX}{e}"));
    }
    session_store::Error::Backend(e.to_string())
}

/// The record as stored: without what `load` read beside it, which is this request's alone.
fn encode(record: &Record) -> session_store::Result<Vec<u8>> {
    let encoded = match record.data.contains_key(ACCOUNT_READ) {
        false => rmp_serde::to_vec(record),
        true => {
            let mut stored = record.clone();
            stored.data.remove(ACCOUNT_READ);
            rmp_serde::to_vec(&stored)
        }
    };
    encoded.map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait]
impl SessionStore for GuardedStore {
    /// Inserts under a fresh id, drawing another in the (128-bit) unlikely case it is taken.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let sql = format!(
            "INSERT INTO {SESSION_TABLE} (id, data, expiry_date) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO NOTHING"
        );
        loop {
            let data = encode(record)?;
            let inserted = on_db!(&self.db, |p| {
                sqlx::query(AssertSqlSafe(sql.as_str()))
                    .bind(record.id.to_string())
                    .bind(&data)
                    .bind(record.expiry_date)
                    .execute(p)
                    .await
                    .map(|r| r.rows_affected())
            })
            .map_err(backend)?;
            if inserted == 1 {
                return self.track(record).await;
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = encode(record)?;
        let sql = format!("UPDATE {SESSION_TABLE} SET data = $1, expiry_date = $2 WHERE id = $3");
        let updated = on_db!(&self.db, |p| {
            sqlx::query(AssertSqlSafe(sql.as_str()))
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

    /// Reads a signed-in session's account (email and cart) in the same query, and leaves it in
    /// the loaded record under `ACCOUNT_READ` for this request's page (`session::account_read`);
    /// it is never stored (`encode`).
    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let read =
            account_reads::session(&self.db, &session_id.to_string(), OffsetDateTime::now_utc())
                .await
                .map_err(backend)?;
        let Some(read) = read else { return Ok(None) };
        let mut record: Record = rmp_serde::from_slice(&read.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        if let Some(account) = read.account {
            let value = serde_json::to_value(account)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?;
            record.data.insert(ACCOUNT_READ.to_string(), value);
        }
        Ok(Some(record))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        let sql = format!("DELETE FROM {SESSION_TABLE} WHERE id = $1");
        on_db!(&self.db, |p| {
            sqlx::query(AssertSqlSafe(sql.as_str()))
                .bind(session_id.to_string())
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })
        .map_err(backend)?;
        self.untrack(&session_id.to_string()).await
    }
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
    /// Compares with a bound timestamp, as `load` does, on both databases.
    async fn delete_expired(&self) -> session_store::Result<()> {
        let expired = format!("DELETE FROM {SESSION_TABLE} WHERE expiry_date < $1");
        let orphans = format!(
            "DELETE FROM cookie_signins WHERE session_id NOT IN (SELECT id FROM {SESSION_TABLE})"
        );
        on_db!(&self.db, |p| {
            sqlx::query(AssertSqlSafe(expired.as_str()))
                .bind(OffsetDateTime::now_utc())
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })
        .map_err(backend)?;
        on_db!(&self.db, |p| sqlx::query(AssertSqlSafe(orphans.as_str()))
            .execute(p)
            .await
            .map(|r| r.rows_affected()))
        .map_err(backend)?;
        Ok(())
    }
}
