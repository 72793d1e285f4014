//! Refresh token families, their hashed tokens, and the access-token denylist.

use super::{on_conn, on_db, Conn, Db};
use crate::domain::UserId;
use sqlx::AssertSqlSafe;

/// A new sign-in; `grant` (client id, scope) for one made by the authorization server.
pub async fn create_family(
    conn: &mut Conn,
    family_id: &str,
    user_id: UserId,
    user_agent: &str,
    grant: Option<(&str, &str)>,
    dpop_jkt: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO refresh_families \
             (id, user_id, created_at, last_seen_at, user_agent, client_id, scope, dpop_jkt) \
             VALUES ($1, $2, $3, $3, $4, $5, $6, $7)",
        )
        .bind(family_id)
        .bind(user_id)
        .bind(now)
        .bind(user_agent)
        .bind(grant.map(|g| g.0))
        .bind(grant.map(|g| g.1))
        .bind(dpop_jkt)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn insert_token(
    conn: &mut Conn,
    token_hash: &[u8],
    family_id: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO refresh_tokens (token_hash, family_id, issued_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(family_id)
        .bind(now)
        .bind(expires_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Marks an unused, unexpired token used. One statement, so of two refreshes racing with the same
/// token exactly one gets the family back.
pub async fn consume(
    conn: &mut Conn,
    token_hash: &[u8],
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query_scalar(
            "UPDATE refresh_tokens SET used_at = $2 \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING family_id",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(c)
        .await
    })
}

#[derive(Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub family_id: String,
    pub used_at: Option<i64>,
    pub expires_at: i64,
}

pub async fn token(conn: &mut Conn, token_hash: &[u8]) -> Result<Option<TokenRow>, sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query_as(
            "SELECT family_id, used_at, expires_at FROM refresh_tokens WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(c)
        .await
    })
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FamilyRow {
    pub id: String,
    pub user_id: UserId,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
    /// The client the authorization server granted this sign-in to, and the scopes allowed.
    pub client_id: Option<String>,
    pub scope: Option<String>,
    /// The key a DPoP sign-in is bound to (RFC 7638 thumbprint): refreshed only with its proofs.
    pub dpop_jkt: Option<String>,
}

const SELECT_FAMILY: &str =
    "SELECT id, user_id, created_at, last_seen_at, user_agent, revoked_at, \
     revoked_reason, client_id, scope, dpop_jkt FROM refresh_families";

pub async fn family(conn: &mut Conn, family_id: &str) -> Result<Option<FamilyRow>, sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query_as(AssertSqlSafe(format!("{SELECT_FAMILY} WHERE id = $1")))
            .bind(family_id)
            .fetch_optional(c)
            .await
    })
}

/// The user's API sign-ins that can still refresh: not revoked, with a live unused token.
pub async fn active_families(
    db: &Db,
    user_id: UserId,
    now: i64,
) -> Result<Vec<FamilyRow>, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query_as(AssertSqlSafe(format!(
            "{SELECT_FAMILY} f WHERE f.user_id = $1 AND f.revoked_at IS NULL AND EXISTS \
             (SELECT 1 FROM refresh_tokens t WHERE t.family_id = f.id AND t.used_at IS NULL \
             AND t.expires_at > $2) ORDER BY f.last_seen_at DESC"
        )))
        .bind(user_id)
        .bind(now)
        .fetch_all(p)
        .await
    })
}

pub async fn touch_family(conn: &mut Conn, family_id: &str, now: i64) -> Result<(), sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query("UPDATE refresh_families SET last_seen_at = $2 WHERE id = $1")
            .bind(family_id)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Revokes a family (only the given user's, when one is named). True if it was live until now.
pub async fn revoke_family(
    conn: &mut Conn,
    family_id: &str,
    user_id: Option<UserId>,
    reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = on_conn!(conn, |c| {
        sqlx::query(
            "UPDATE refresh_families SET revoked_at = $3, revoked_reason = $4 \
             WHERE id = $1 AND ($2 IS NULL OR user_id = $2) AND revoked_at IS NULL",
        )
        .bind(family_id)
        .bind(user_id)
        .bind(now)
        .bind(reason)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(r == 1)
}

/// Revokes every live family of a user except one; returns how many.
pub async fn revoke_all_except(
    db: &Db,
    user_id: UserId,
    keep: Option<&str>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(on_db!(db, |p| {
        sqlx::query(
            "UPDATE refresh_families SET revoked_at = $3, revoked_reason = 'ended by the user' \
             WHERE user_id = $1 AND revoked_at IS NULL AND ($2 IS NULL OR id <> $2)",
        )
        .bind(user_id)
        .bind(keep)
        .bind(now)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?)
}

/// Families none of whose tokens can refresh any more; their used tokens were kept until now so a
/// replay could still be recognised as reuse.
pub async fn prune(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    Ok(on_db!(db, |p| {
        sqlx::query(
            "DELETE FROM refresh_families WHERE NOT EXISTS (SELECT 1 FROM refresh_tokens t \
             WHERE t.family_id = refresh_families.id AND t.expires_at > $1)",
        )
        .bind(now)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?)
}

pub async fn deny_access_token(db: &Db, jti: &str, expires_at: i64) -> Result<(), sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query(
            "INSERT INTO revoked_access_tokens (jti, expires_at) VALUES ($1, $2) \
             ON CONFLICT (jti) DO NOTHING",
        )
        .bind(jti)
        .bind(expires_at)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The revoked access tokens that are still unexpired: all a denylist needs to hold.
pub async fn denied_access_tokens(db: &Db, now: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query_as("SELECT jti, expires_at FROM revoked_access_tokens WHERE expires_at >= $1")
            .bind(now)
            .fetch_all(p)
            .await
    })
}

pub async fn prune_denylist(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    Ok(on_db!(db, |p| {
        sqlx::query("DELETE FROM revoked_access_tokens WHERE expires_at < $1")
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })?)
}

/// Deletes a family and a denylisted access token outright (a measurement that must leave nothing
/// behind); a real sign-in is revoked, never deleted, so a replay of its tokens is recognised.
pub async fn forget(conn: &mut Conn, family_id: &str, jti: &str) -> Result<(), sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query("DELETE FROM refresh_families WHERE id = $1")
            .bind(family_id)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    on_conn!(conn, |c| {
        sqlx::query("DELETE FROM revoked_access_tokens WHERE jti = $1")
            .bind(jti)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}
