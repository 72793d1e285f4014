//! The key-rotation lab's server side: a rotation from the page, at most every 10 s for everyone.

use crate::domain::{AppError, LabRefusal};
use crate::server::{api::error::ApiError, clock::now_unix, web::security, AppState};
use axum::{extract::State, middleware, routing::post, Json, Router};
use serde::Serialize;

/// A rotation from the page at most this often: each one adds a key every instance must load.
const ROTATE_EVERY_SECS: i64 = 10;

#[derive(Serialize)]
struct Rotation {
    old_kid: Option<String>,
    new_kid: String,
}

/// Rotates the signing key from the page, in every mode. Harmless to every holder of a token (old
/// keys keep verifying until their tokens expire) but a change to the whole shop, so at most once
/// every ROTATE_EVERY_SECS for everyone.
async fn rotate_key(State(state): State<AppState>) -> Result<Json<Rotation>, ApiError> {
    if let Some(rotated) = state.keys.last_rotated_at(&state.db).await? {
        let age = now_unix() - rotated;
        if age < ROTATE_EVERY_SECS {
            return Err(AppError::Lab(LabRefusal::RotatedRecently {
                age,
                every: ROTATE_EVERY_SECS,
            })
            .into());
        }
    }
    let old_kid = state.keys.signing_kid();
    let new_kid = state.keys.rotate(&state.db).await?;
    tracing::info!(%new_kid, "signing key rotated from the Learn lab");
    Ok(Json(Rotation { old_kid, new_kid }))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/learn/lab/rotate-key", post(rotate_key))
        .layer(middleware::from_fn(security::refuse_cross_site))
}
