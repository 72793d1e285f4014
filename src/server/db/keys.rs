//! Signing keys: Ed25519 seeds and public keys, the newest unretired one signing.

use super::{on_conn, on_db, Db};

#[derive(sqlx::FromRow)]
pub struct KeyRow {
    pub kid: String,
    pub private_seed: Vec<u8>,
    pub public_key: Vec<u8>,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

// The seed is a secret: no Debug that could print it.
impl std::fmt::Debug for KeyRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRow")
            .field("kid", &self.kid)
            .field("created_at", &self.created_at)
            .field("retired_at", &self.retired_at)
            .finish_non_exhaustive()
    }
}

/// Keys that still verify: the active ones and those retired after `retired_after`.
pub async fn usable(db: &Db, retired_after: i64) -> Result<Vec<KeyRow>, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query_as(
            "SELECT kid, private_seed, public_key, created_at, retired_at FROM signing_keys \
             WHERE retired_at IS NULL OR retired_at > $1 \
             ORDER BY retired_at IS NOT NULL, COALESCE(retired_at, created_at) DESC, created_at DESC, kid",
        )
        .bind(retired_after)
        .fetch_all(p)
        .await
    })
}

/// Adds a key only if no active key exists, so instances starting together create one between them:
/// the unique index on the active key turns the loser's insert into nothing.
pub async fn insert_first(
    db: &Db,
    kid: &str,
    seed: &[u8],
    public: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query(
            "INSERT INTO signing_keys (kid, private_seed, public_key, created_at) \
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL) \
             ON CONFLICT DO NOTHING",
        )
        .bind(kid)
        .bind(seed)
        .bind(public)
        .bind(now)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Makes a new key the signing key and retires every other active one, in one transaction.
pub async fn rotate(
    db: &Db,
    kid: &str,
    seed: &[u8],
    public: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    on_conn!(&mut tx, |c| {
        sqlx::query("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL")
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    on_conn!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO signing_keys (kid, private_seed, public_key, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(kid)
        .bind(seed)
        .bind(public)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    tx.commit().await
}

/// The signing key's id as the database has it now: a cheap check whether another instance rotated.
pub async fn active_kid(db: &Db) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query_scalar(
            "SELECT kid FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1",
        )
        .fetch_optional(p)
        .await
    })
}

/// When the key was last rotated (a key was retired), to keep rotations from the Learn lab apart.
pub async fn last_rotated_at(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query_scalar("SELECT MAX(retired_at) FROM signing_keys")
            .fetch_one(p)
            .await
    })
}

pub async fn prune(db: &Db, retired_before: i64) -> Result<u64, sqlx::Error> {
    let r = on_db!(db, |p| {
        sqlx::query("DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at <= $1")
            .bind(retired_before)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(r)
}
