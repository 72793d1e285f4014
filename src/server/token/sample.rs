//! A sign-in made and revoked at once, for the Learn summary's claims experiment ("a logged-out
//! JWT still works"): a real family and a real access token, forgotten afterwards.

use super::claims::Claims;
use crate::domain::AppError;
use crate::server::{clock::now_unix, crypto, db, AppState};

/// A sign-in made and logged out at once, for the Learn section's claims experiment: its access
/// token was signed while the family lived, and the family is now revoked.
pub struct LoggedOutSample {
    pub token: String,
    pub claims: Claims,
    family: String,
}

pub async fn logged_out_sample(state: &AppState) -> Result<LoggedOutSample, AppError> {
    let family = crypto::random_token::<16>();
    let user_id = db::stats::first_user(&state.db)
        .await?
        .ok_or_else(|| sample_failed("no account to sign a sample token for"))?;
    let now = now_unix();
    // Writes go through the writer's queue (`Db::begin`): on a pool connection, SQLite's busy
    // handler made parallel page loads wait for each other in sleeps of up to 100 ms.
    let mut tx = state.db.begin().await?;
    db::refresh::create_family(
        &mut tx,
        &family,
        user_id,
        "claims experiment",
        None,
        None,
        now,
    )
    .await?;
    let (token, claims) = state
        .keys
        .sign_access(user_id, Some(family.clone()), None)
        .map_err(sample_failed)?;
    db::refresh::revoke_family(&mut tx, &family, None, "claims experiment", now).await?;
    tx.commit().await?;
    Ok(LoggedOutSample {
        token,
        claims,
        family,
    })
}

impl LoggedOutSample {
    /// Deletes the sample's family and its denylist entry: the experiment leaves nothing behind.
    pub async fn forget(self, state: &AppState) -> Result<(), AppError> {
        let mut conn = state.db.begin().await?;
        db::refresh::forget(&mut conn, &self.family, &self.claims.jti).await?;
        conn.commit().await?;
        Ok(())
    }
}

/// The account the Learn summary's experiments sign their sample tokens for.
pub async fn sample_user(state: &AppState) -> Result<crate::domain::UserId, AppError> {
    db::stats::first_user(&state.db)
        .await?
        .ok_or_else(|| sample_failed("no account to sign a sample token for"))
}

fn sample_failed(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "a logged-out sample could not be made");
    AppError::Internal
}
