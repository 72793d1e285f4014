//! Throttling bookkeeping: failed logins (per account and per client address for unknown devices,
//! per device for known ones), the device cookies' records, and sign-ups per address. Kept in the
//! database so every instance of the shop sees the same counts.

use super::{on_db, Db};
use sqlx::AssertSqlSafe;

/// How many failures happened since `since` and when the oldest of them was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: i64,
    pub oldest: Option<i64>,
}

/// Who a failure is counted against: an account or an address (failures from unknown devices
/// only), or one known device (the hash of its cookie).
#[derive(Debug, Clone, Copy)]
pub enum Key<'a> {
    Email(&'a str),
    Client(&'a str),
    Device(&'a str),
}

pub async fn failures_since(db: &Db, key: Key<'_>, since: i64) -> Result<Failures, sqlx::Error> {
    // The condition comes from this enum, never from input.
    let (condition, value) = match key {
        Key::Email(v) => ("email = $1 AND device IS NULL", v),
        Key::Client(v) => ("client = $1 AND device IS NULL", v),
        Key::Device(v) => ("device = $1", v),
    };
    let (count, oldest): (i64, Option<i64>) = on_db!(db, |p| {
        sqlx::query_as(AssertSqlSafe(format!(
            "SELECT COUNT(*), MIN(at) FROM login_failures WHERE {condition} AND at > $2"
        )))
        .bind(value)
        .bind(since)
        .fetch_one(p)
        .await
    })?;
    Ok(Failures { count, oldest })
}

/// `device` is the hash of a device cookie known for `email`, or None.
pub async fn record_failure(
    db: &Db,
    email: &str,
    client: &str,
    device: Option<&str>,
    at: i64,
) -> Result<(), sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query(
            "INSERT INTO login_failures (email, client, device, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(email)
        .bind(client)
        .bind(device)
        .bind(at)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Whether the device whose cookie hashes to `token_hash` signed in to `email` before.
pub async fn is_known_device(
    db: &Db,
    token_hash: &str,
    email: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = on_db!(db, |p| {
        sqlx::query_scalar(
            "SELECT CAST(1 AS BIGINT) FROM devices \
             WHERE token_hash = $1 AND email = $2 AND expires_at > $3",
        )
        .bind(token_hash)
        .bind(email)
        .bind(now)
        .fetch_optional(p)
        .await
    })?;
    Ok(found.is_some())
}

/// Records (or extends) a device's sign-in to `email`.
pub async fn remember_device(
    db: &Db,
    token_hash: &str,
    email: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query(
            "INSERT INTO devices (token_hash, email, created_at, expires_at) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (token_hash, email) DO UPDATE SET expires_at = excluded.expires_at",
        )
        .bind(token_hash)
        .bind(email)
        .bind(now)
        .bind(expires_at)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Sign-ups (or, with `lab`, Learn lab accounts) from `client` since `since`, and when the oldest
/// of them was. The two are counted apart.
pub async fn signups_since(
    db: &Db,
    client: &str,
    since: i64,
    lab: bool,
) -> Result<Failures, sqlx::Error> {
    let (count, oldest): (i64, Option<i64>) = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM signup_attempts WHERE client = $1 AND lab = $3 AND at > $2",
        )
        .bind(client)
        .bind(since)
        .bind(lab)
        .fetch_one(p)
        .await
    })?;
    Ok(Failures { count, oldest })
}

pub async fn record_signup(db: &Db, client: &str, at: i64, lab: bool) -> Result<(), sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query("INSERT INTO signup_attempts (client, at, lab) VALUES ($1, $2, $3)")
            .bind(client)
            .bind(at)
            .bind(lab)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A successful login forgives the failures this same client made on the account — by its known
/// device, or else from its address without one — and nobody else's: a stranger's failures on the
/// account keep counting against the stranger.
pub async fn clear_own_failures(
    db: &Db,
    email: &str,
    client: &str,
    device: Option<&str>,
) -> Result<(), sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query(
            "DELETE FROM login_failures WHERE email = $1 AND \
             CASE WHEN $3 IS NULL THEN device IS NULL AND client = $2 ELSE device = $3 END",
        )
        .bind(email)
        .bind(client)
        .bind(device)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Forgets failures and sign-ups that left their windows, and device records expired by `now`.
pub async fn prune(
    db: &Db,
    failures_before: i64,
    signups_before: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut deleted = 0;
    for (sql, at) in [
        ("DELETE FROM login_failures WHERE at <= $1", failures_before),
        ("DELETE FROM signup_attempts WHERE at <= $1", signups_before),
        ("DELETE FROM devices WHERE expires_at <= $1", now),
    ] {
        deleted += on_db!(db, |p| {
            sqlx::query(sql)
                .bind(at)
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })?;
    }
    Ok(deleted)
}
