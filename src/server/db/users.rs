//! Accounts.

use super::{on_db, Db};
use crate::domain::{AppError, Email};
use crate::server::{accounts::password::PasswordHash, now_unix};

#[derive(Debug)]
pub struct UserRecord {
    pub id: i64,
    pub email: String,
    pub password_hash: PasswordHash,
    pub created_at: i64,
}

type UserRow = (i64, String, String, i64);

fn to_record((id, email, hash, created_at): UserRow) -> UserRecord {
    UserRecord {
        id,
        email,
        password_hash: PasswordHash::from_stored(hash),
        created_at,
    }
}

const SELECT_USER: &str = "SELECT id, email, password_hash, created_at FROM users";

pub async fn find_by_email(db: &Db, email: &Email) -> Result<Option<UserRecord>, sqlx::Error> {
    let row: Option<UserRow> = on_db!(db, |p| {
        sqlx::query_as(&format!("{SELECT_USER} WHERE email = $1"))
            .bind(email.as_str())
            .fetch_optional(p)
            .await
    })?;
    Ok(row.map(to_record))
}

pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<UserRecord>, sqlx::Error> {
    let row: Option<UserRow> = on_db!(db, |p| {
        sqlx::query_as(&format!("{SELECT_USER} WHERE id = $1"))
            .bind(id)
            .fetch_optional(p)
            .await
    })?;
    Ok(row.map(to_record))
}

/// Creates an account; an email already in use is a clear conflict, not a 500.
pub async fn insert(db: &Db, email: &Email, hash: &PasswordHash) -> Result<i64, AppError> {
    let result = on_db!(db, |p| {
        sqlx::query_scalar(
            "INSERT INTO users (email, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(email.as_str())
        .bind(hash.as_str())
        .bind(now_unix())
        .fetch_one(p)
        .await
    });
    match result {
        Ok(id) => Ok(id),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Err(AppError::Conflict(
            "An account with this email already exists. Log in instead.".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn order_count(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(p)
            .await
    })
}
