//! What DPoP keeps in the database (RFC 9449): the nonce key every instance shares, and, with
//! several instances, the proofs seen.

use super::{on_conn, on_db, Db};

/// The secret named `name`, made by whichever instance asks first; every later ask, from any
/// instance, reads the same one.
pub async fn shared_secret(db: &Db, name: &str, fresh: &[u8]) -> Result<Vec<u8>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    on_conn!(&mut conn, |c| {
        sqlx::query(
            "INSERT INTO server_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(fresh)
        .execute(&mut *c)
        .await?;
        sqlx::query_scalar("SELECT secret FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&mut *c)
            .await
    })
}

/// Records a proof; false when it was recorded before (a replay, whichever instance saw it first).
pub async fn first_use(db: &Db, proof_hash: &[u8], expires_at: i64) -> Result<bool, sqlx::Error> {
    let added = on_db!(db, |p| {
        sqlx::query(
            "INSERT INTO dpop_proofs (proof_hash, expires_at) VALUES ($1, $2) \
             ON CONFLICT (proof_hash) DO NOTHING",
        )
        .bind(proof_hash)
        .bind(expires_at)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(added == 1)
}

/// Forgets proofs too old to be accepted anyway.
pub async fn prune(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query("DELETE FROM dpop_proofs WHERE expires_at <= $1")
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })
}
