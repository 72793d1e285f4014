//! Signing keys: Ed25519 seeds and public keys, the newest unretired one signing.

use sqlx::SqlitePool;

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
pub async fn usable(pool: &SqlitePool, retired_after: i64) -> Result<Vec<KeyRow>, sqlx::Error> {
    sqlx::query_as::<_, KeyRow>(
        "SELECT kid, private_seed, public_key, created_at, retired_at FROM signing_keys \
         WHERE retired_at IS NULL OR retired_at > $1 \
         ORDER BY retired_at IS NOT NULL, COALESCE(retired_at, created_at) DESC, created_at DESC, kid",
    )
    .bind(retired_after)
    .fetch_all(pool)
    .await
}

/// Adds a key only if no active key exists, so instances starting together create one between them.
pub async fn insert_first(
    pool: &SqlitePool,
    kid: &str,
    seed: &[u8],
    public: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO signing_keys (kid, private_seed, public_key, created_at) \
         SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL)",
    )
    .bind(kid)
    .bind(seed)
    .bind(public)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Makes a new key the signing key and retires every other active one, in one transaction.
pub async fn rotate(
    pool: &SqlitePool,
    kid: &str,
    seed: &[u8],
    public: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO signing_keys (kid, private_seed, public_key, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(kid)
    .bind(seed)
    .bind(public)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// The signing key's id as the database has it now: a cheap check whether another instance rotated.
pub async fn active_kid(pool: &SqlitePool) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT kid FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1",
    )
    .fetch_optional(pool)
    .await
}

/// When the key was last rotated (a key was retired), to keep rotations from the Learn lab apart.
pub async fn last_rotated_at(pool: &SqlitePool) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MAX(retired_at) FROM signing_keys")
        .fetch_one(pool)
        .await
}

pub async fn prune(pool: &SqlitePool, retired_before: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at <= $1")
            .bind(retired_before)
            .execute(pool)
            .await?
            .rows_affected(),
    )
}
