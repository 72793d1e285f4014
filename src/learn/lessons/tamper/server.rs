//! The tamper lab's server side: genuine tokens the learner cannot make by editing one.

use crate::domain::CartId;
use crate::server::{
    api::{error::ApiError, extract::ApiUser},
    token::error::AuthError,
    web::security,
    AppState,
};
use axum::{extract::State, middleware, routing::post, Json, Router};
use serde::Serialize;

#[derive(Serialize)]
struct TokenSamples {
    /// A genuine token of this shop for the same account, expired a minute ago.
    expired: String,
    /// A genuine Cart-Token: signed by the same key, but another kind of token.
    cart: String,
}

/// Real tokens the tamper lab cannot make by editing: an expired one and one of another kind.
/// Only for the holder of a valid access token, and only about that token's own account.
async fn token_samples(
    State(state): State<AppState>,
    ApiUser { claims, .. }: ApiUser,
) -> Result<Json<TokenSamples>, ApiError> {
    let expired = state
        .keys
        .sign_expired_copy(&claims)
        .map_err(AuthError::from)?;
    let cart = state.keys.sign_cart(CartId(0)).map_err(AuthError::from)?;
    Ok(Json(TokenSamples { expired, cart }))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/learn/lab/token-samples", post(token_samples))
        .layer(middleware::from_fn(security::refuse_cross_site))
}
