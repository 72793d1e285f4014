//! Authorization codes (RFC 6749 §4.1.2): stored as hashes, bound to what the request named,
//! redeemed once by one conditional update.

use super::{on_conn, on_db, Conn, Db};
use crate::domain::UserId;

/// What a code was issued for: everything the token request must match.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CodeRow {
    pub client_id: String,
    pub redirect_uri: String,
    pub user_id: UserId,
    pub scope: String,
    pub code_challenge: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub family_id: Option<String>,
    pub access_jti: Option<String>,
    pub access_exp: Option<i64>,
}

pub struct NewCode<'a> {
    pub code_hash: &'a [u8],
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub user_id: UserId,
    pub scope: &'a str,
    pub code_challenge: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert(db: &Db, code: NewCode<'_>) -> Result<(), sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query(
            "INSERT INTO oauth_codes (code_hash, client_id, redirect_uri, user_id, scope, \
             code_challenge, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(code.code_hash)
        .bind(code.client_id)
        .bind(code.redirect_uri)
        .bind(code.user_id)
        .bind(code.scope)
        .bind(code.code_challenge)
        .bind(code.now)
        .bind(code.expires_at)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

const COLUMNS: &str = "client_id, redirect_uri, user_id, scope, code_challenge, expires_at, \
     used_at, family_id, access_jti, access_exp";

/// Marks an unused, unexpired code used and returns it: of two redemptions racing with the same
/// code, exactly one gets it back.
pub async fn consume(
    conn: &mut Conn,
    code_hash: &[u8],
    now: i64,
) -> Result<Option<CodeRow>, sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "UPDATE oauth_codes SET used_at = $2 \
             WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 \
             RETURNING {COLUMNS}"
        )))
        .bind(code_hash)
        .bind(now)
        .fetch_optional(c)
        .await
    })
}

pub async fn find(conn: &mut Conn, code_hash: &[u8]) -> Result<Option<CodeRow>, sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM oauth_codes WHERE code_hash = $1"
        )))
        .bind(code_hash)
        .fetch_optional(c)
        .await
    })
}

/// What the one redemption issued: the sign-in and its first access token, so that a second
/// presentation of the code can revoke both.
pub async fn record_issued(
    conn: &mut Conn,
    code_hash: &[u8],
    family_id: &str,
    access_jti: &str,
    access_exp: i64,
) -> Result<(), sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query(
            "UPDATE oauth_codes SET family_id = $2, access_jti = $3, access_exp = $4 \
             WHERE code_hash = $1",
        )
        .bind(code_hash)
        .bind(family_id)
        .bind(access_jti)
        .bind(access_exp)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Codes expired a while ago. A used code is kept until then so a replay is still recognised.
pub async fn prune(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    Ok(on_db!(db, |p| {
        sqlx::query("DELETE FROM oauth_codes WHERE expires_at < $1")
            .bind(now - 3600)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })?)
}
