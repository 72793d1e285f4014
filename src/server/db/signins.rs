//! Signed-in cookie sessions, as tracked beside tower-sessions' table by the session store.

use super::{on_conn, on_db, Db, SESSION_TABLE};
use crate::domain::UserId;
use sqlx::AssertSqlSafe;

#[derive(Debug, sqlx::FromRow)]
pub struct CookieSignIn {
    pub handle: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
}

/// The user's cookie sessions that can still be used (their record exists and has not expired).
/// The expiry is compared with a bound timestamp, as the session store's own `load` does: text on
/// SQLite, `timestamptz` on PostgreSQL.
pub async fn cookie_signins(db: &Db, user_id: UserId) -> Result<Vec<CookieSignIn>, sqlx::Error> {
    let sql = format!(
        "SELECT c.handle, c.created_at, c.last_seen_at, c.user_agent FROM cookie_signins c \
         JOIN {SESSION_TABLE} s ON s.id = c.session_id \
         WHERE c.user_id = $1 AND s.expiry_date > $2 ORDER BY c.last_seen_at DESC"
    );
    on_db!(db, |p| {
        sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(user_id)
            .bind(time::OffsetDateTime::now_utc())
            .fetch_all(p)
            .await
    })
}

/// Deletes the user's cookie sessions named by `handle` (or all but `keep` when `handle` is None):
/// the next request with such a cookie finds no record and is anonymous.
pub async fn end_cookie_signins(
    db: &Db,
    user_id: UserId,
    handle: Option<&str>,
    keep: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let end = format!(
        "DELETE FROM {SESSION_TABLE} WHERE id IN (SELECT session_id FROM cookie_signins \
         WHERE user_id = $1 AND ($2 IS NULL OR handle = $2) AND ($3 IS NULL OR handle <> $3))"
    );
    let forget = format!(
        "DELETE FROM cookie_signins WHERE user_id = $1 \
         AND session_id NOT IN (SELECT id FROM {SESSION_TABLE})"
    );
    let mut tx = db.begin().await?;
    let ended = on_conn!(&mut tx, |c| {
        sqlx::query(AssertSqlSafe(end.as_str()))
            .bind(user_id)
            .bind(handle)
            .bind(keep)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    on_conn!(&mut tx, |c| {
        sqlx::query(AssertSqlSafe(forget.as_str()))
            .bind(user_id)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    tx.commit().await?;
    Ok(ended)
}
