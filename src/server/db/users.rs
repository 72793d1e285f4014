//! Accounts.

use super::{on_conn, on_db, Db};
use crate::domain::{Email, UserId};
use crate::server::clock::now_unix;
use sqlx::AssertSqlSafe;
use std::fmt;

/// A stored password hash (a PHC string). Deliberately not `Serialize`, and `Debug` hides it.
#[derive(Clone)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_stored(phc: String) -> Self {
        PasswordHash(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash([redacted])")
    }
}

#[derive(Debug)]
pub struct UserRecord {
    pub id: UserId,
    pub email: String,
    pub password_hash: PasswordHash,
    pub created_at: i64,
    /// Locked by the operator: it cannot sign in, whatever the password.
    pub locked: bool,
}

type UserRow = (UserId, String, String, i64, Option<i64>);

fn to_record((id, email, hash, created_at, locked_at): UserRow) -> UserRecord {
    UserRecord {
        id,
        email,
        password_hash: PasswordHash::from_stored(hash),
        created_at,
        locked: locked_at.is_some(),
    }
}

const SELECT_USER: &str = "SELECT id, email, password_hash, created_at, locked_at FROM users";

/// The account that may sign in with this email: a lab account past its expiry no longer can.
pub async fn find_by_email(db: &Db, email: &Email) -> Result<Option<UserRecord>, sqlx::Error> {
    let row: Option<UserRow> = on_db!(db, |p| {
        sqlx::query_as(AssertSqlSafe(format!(
            "{SELECT_USER} WHERE email = $1 AND (lab_expires_at IS NULL OR lab_expires_at > $2)"
        )))
        .bind(email.as_str())
        .bind(now_unix())
        .fetch_optional(p)
        .await
    })?;
    Ok(row.map(to_record))
}

pub async fn find_by_id(db: &Db, id: UserId) -> Result<Option<UserRecord>, sqlx::Error> {
    let row: Option<UserRow> = on_db!(db, |p| {
        sqlx::query_as(AssertSqlSafe(format!("{SELECT_USER} WHERE id = $1")))
            .bind(id)
            .fetch_optional(p)
            .await
    })?;
    Ok(row.map(to_record))
}

/// Whether this account is a Learn lab's throwaway one, still live: the only kind a lab's
/// deliberately weak target may change.
pub async fn is_live_lab_account(db: &Db, id: UserId) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = on_db!(db, |p| {
        sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND lab_expires_at > $2")
            .bind(id)
            .bind(now_unix())
            .fetch_optional(p)
            .await
    })?;
    Ok(found.is_some())
}

/// Deletes the lab accounts expired before `now`, with their orders; their carts, API sign-ins and
/// cookie sign-ins go with them (ON DELETE CASCADE). Real accounts have no expiry and stay.
pub async fn delete_expired_lab_accounts(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    on_conn!(&mut tx, |c| {
        sqlx::query(
            "DELETE FROM orders WHERE user_id IN \
             (SELECT id FROM users WHERE lab_expires_at IS NOT NULL AND lab_expires_at <= $1)",
        )
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    let deleted = on_conn!(&mut tx, |c| {
        sqlx::query("DELETE FROM users WHERE lab_expires_at IS NOT NULL AND lab_expires_at <= $1")
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    tx.commit().await?;
    Ok(deleted)
}

/// Creates an account; None when the email is already in use (the unique index decides, so two
/// sign-ups racing for one email make one account).
/// `lab_expires_at` is set for a Learn lab's throwaway account alone.
pub async fn insert(
    db: &Db,
    email: &Email,
    hash: &PasswordHash,
    lab_expires_at: Option<i64>,
) -> Result<Option<UserId>, sqlx::Error> {
    let result = on_db!(db, |p| {
        sqlx::query_scalar(
            "INSERT INTO users (email, password_hash, created_at, lab_expires_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(email.as_str())
        .bind(hash.as_str())
        .bind(now_unix())
        .bind(lab_expires_at)
        .fetch_one(p)
        .await
    });
    match result {
        Ok(id) => Ok(Some(id)),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn order_count(db: &Db, user_id: UserId) -> Result<i64, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(p)
            .await
    })
}

/// Locks an account (the operator's; practice mode's `locked@` account): it cannot sign in.
pub async fn lock(db: &Db, id: UserId) -> Result<(), sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query("UPDATE users SET locked_at = $2 WHERE id = $1 AND locked_at IS NULL")
            .bind(id)
            .bind(now_unix())
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}
