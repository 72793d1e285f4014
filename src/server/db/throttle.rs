//! Failed-login bookkeeping for throttling, per account and per client address. Kept in the database
//! so every instance of the shop sees the same counts.

use super::{on_db, Db};

/// How many failures happened since `since` and when the oldest of them was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: i64,
    pub oldest: Option<i64>,
}

/// Who a failure is counted against.
#[derive(Debug, Clone, Copy)]
pub enum Key<'a> {
    Email(&'a str),
    Client(&'a str),
}

pub async fn failures_since(db: &Db, key: Key<'_>, since: i64) -> Result<Failures, sqlx::Error> {
    // The column name comes from this enum, never from input.
    let (column, value) = match key {
        Key::Email(v) => ("email", v),
        Key::Client(v) => ("client", v),
    };
    let (count, oldest): (i64, Option<i64>) = on_db!(db, |p| {
        sqlx::query_as(&format!(
            "SELECT COUNT(*), MIN(at) FROM login_failures WHERE {column} = $1 AND at > $2"
        ))
        .bind(value)
        .bind(since)
        .fetch_one(p)
        .await
    })?;
    Ok(Failures { count, oldest })
}

pub async fn record_failure(
    db: &Db,
    email: &str,
    client: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query("INSERT INTO login_failures (email, client, at) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(client)
            .bind(at)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A successful login forgives the account's earlier failures (not the address's).
pub async fn clear_for_email(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query("DELETE FROM login_failures WHERE email = $1")
            .bind(email)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn prune(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(on_db!(db, |p| {
        sqlx::query("DELETE FROM login_failures WHERE at <= $1")
            .bind(before)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })?)
}
