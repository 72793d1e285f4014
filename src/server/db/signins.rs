//! Signed-in cookie sessions, as tracked beside tower-sessions' table by the session store.

use crate::server::sessions::SESSION_TABLE;
use sqlx::SqlitePool;

#[derive(Debug, sqlx::FromRow)]
pub struct CookieSignIn {
    pub handle: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
}

/// The user's cookie sessions that can still be used (their record exists and has not expired).
pub async fn cookie_signins(
    pool: &SqlitePool,
    user_id: i64,
) -> Result<Vec<CookieSignIn>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT c.handle, c.created_at, c.last_seen_at, c.user_agent FROM cookie_signins c \
         JOIN {SESSION_TABLE} s ON s.id = c.session_id \
         WHERE c.user_id = $1 AND datetime(s.expiry_date) > datetime('now') \
         ORDER BY c.last_seen_at DESC"
    ))
    .bind(user_id)
    .fetch_all(pool)
    .await
}

/// Deletes the user's cookie sessions named by `handle` (or all but `keep` when `handle` is None):
/// the next request with such a cookie finds no record and is anonymous.
pub async fn end_cookie_signins(
    pool: &SqlitePool,
    user_id: i64,
    handle: Option<&str>,
    keep: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let ended = sqlx::query(&format!(
        "DELETE FROM {SESSION_TABLE} WHERE id IN (SELECT session_id FROM cookie_signins \
         WHERE user_id = $1 AND ($2 IS NULL OR handle = $2) AND ($3 IS NULL OR handle <> $3))"
    ))
    .bind(user_id)
    .bind(handle)
    .bind(keep)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query(&format!(
        "DELETE FROM cookie_signins WHERE user_id = $1 AND session_id NOT IN (SELECT id FROM {SESSION_TABLE})"
    ))
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ended)
}
