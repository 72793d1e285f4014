//! Counts and samples of what the shop stores, for the Learn section's measured comparison: how
//! many sessions and sign-ins exist, and a real session id and account to time a lookup with.

use super::{on_db, Db, SESSION_TABLE};
use crate::domain::UserId;
use sqlx::AssertSqlSafe;

/// Rows in the database right now, by kind of sign-in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoredRows {
    /// Cookie sessions that have not expired (guests with a cart and signed-in browsers).
    pub sessions: i64,
    pub signed_in_sessions: i64,
    /// API sign-ins (refresh token families) not revoked, and their tokens, used ones included.
    pub refresh_families: i64,
    pub refresh_tokens: i64,
    pub denylisted_access_tokens: i64,
}

async fn count(db: &Db, sql: &'static str) -> Result<i64, sqlx::Error> {
    on_db!(db, |p| sqlx::query_scalar(sql).fetch_one(p).await)
}

pub async fn stored_rows(db: &Db) -> Result<StoredRows, sqlx::Error> {
    Ok(StoredRows {
        sessions: super::live_sessions(db).await?,
        signed_in_sessions: count(db, "SELECT COUNT(*) FROM cookie_signins").await?,
        refresh_families: count(
            db,
            "SELECT COUNT(*) FROM refresh_families WHERE revoked_at IS NULL",
        )
        .await?,
        refresh_tokens: count(db, "SELECT COUNT(*) FROM refresh_tokens").await?,
        denylisted_access_tokens: count(db, "SELECT COUNT(*) FROM revoked_access_tokens").await?,
    })
}

/// The id of any stored session, to time loading one.
pub async fn any_session_id(db: &Db) -> Result<Option<String>, sqlx::Error> {
    let sql = format!("SELECT id FROM {SESSION_TABLE} LIMIT 1");
    on_db!(db, |p| sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
        .fetch_optional(p)
        .await)
}

/// The first account, to sign a sample token for.
pub async fn first_user(db: &Db) -> Result<Option<UserId>, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query_scalar("SELECT id FROM users ORDER BY id LIMIT 1")
            .fetch_optional(p)
            .await
    })
}
