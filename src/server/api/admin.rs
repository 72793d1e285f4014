//! `/api/v1/admin/*`: what only the shop's operator may do, proven by the configured `ADMIN_TOKEN`
//! presented as a bearer token — never by an address alone (behind a proxy every request comes
//! from loopback). Without the token configured, these answer 404 and are not in the document.

use super::error::{ApiError, Problem};
use super::extract::bearer_token;
use super::responses::{ServerError, PROBLEM};
use crate::server::{
    accounts, crypto,
    token::{AuthError, TokenError},
    AppState,
};
use axum::{extract::State, http::HeaderMap, Json};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rotate_key))
        .routes(routes!(reset))
}

/// The operator, or why not: 404 where no admin token is configured (nothing to find), 401 for a
/// missing or wrong one.
fn operator(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(admin) = &state.config.admin_token else {
        return Err(ApiError::not_found());
    };
    let presented = bearer_token(headers)?.ok_or(AuthError::MissingToken)?;
    if !crypto::secrets_match(presented, admin.expose()) {
        return Err(AuthError::InvalidToken(TokenError::BadSignature).into());
    }
    Ok(())
}

#[derive(Serialize, ToSchema)]
pub struct RotatedKey {
    /// The key id that signs new tokens from now on.
    pub kid: String,
}

/// Makes a new signing key; tokens signed by the old one keep validating until they expire.
/// Enabled only when `ADMIN_TOKEN` is configured, and answered only to that bearer token.
#[utoipa::path(post, operation_id = "rotate_key", path = "/api/v1/admin/rotate-key", tag = "keys",
    security(("admin" = [])),
    responses(
        (status = 200, description = "Rotated", body = RotatedKey),
        (status = 401, description = "No bearer token, or not the admin token", body = Problem, content_type = PROBLEM,
            headers(("WWW-Authenticate" = String, description = "When the token is missing or malformed"))),
        (status = 404, description = "ADMIN_TOKEN is not configured", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn rotate_key(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<RotatedKey>, ApiError> {
    operator(&state, &headers)?;
    let kid = state.keys.rotate(&state.db).await?;
    tracing::info!(%kid, "signing key rotated");
    Ok(Json(RotatedKey { kid }))
}

#[derive(Serialize, ToSchema)]
pub struct ResetDone {
    /// Orders deleted; the stock they took is back on the shelf.
    pub orders: u64,
    /// Carts deleted, guests' and accounts' (the practice account's full cart is filled again).
    pub carts: u64,
    /// Cookie sessions ended.
    pub cookie_sessions: u64,
    /// API sign-ins (refresh families) ended. Access tokens already issued live until their `exp`.
    pub api_signins: u64,
    /// The Learn labs' throwaway accounts deleted.
    pub lab_accounts: u64,
}

/// Practice mode only: puts the shop back as a fresh one starts — the stock, every cart and
/// order, every sign-in by either carrier, the login and sign-up throttles' counts, the labs'
/// throwaway accounts — and readies the practice accounts again. Accounts made by sign-up stay.
#[utoipa::path(post, operation_id = "reset_practice_shop", path = "/api/v1/admin/reset", tag = "admin",
    security(("admin" = [])),
    responses(
        (status = 200, description = "Reset", body = ResetDone),
        (status = 401, description = "No bearer token, or not the admin token", body = Problem, content_type = PROBLEM,
            headers(("WWW-Authenticate" = String, description = "When the token is missing or malformed"))),
        (status = 404, description = "Not practice mode, or ADMIN_TOKEN is not configured", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn reset(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ResetDone>, ApiError> {
    if !state.config.practice_mode {
        return Err(ApiError::not_found());
    }
    operator(&state, &headers)?;
    let done = accounts::practice::reset(&state).await?;
    tracing::info!(?done, "practice shop reset by the operator");
    Ok(Json(ResetDone {
        orders: done.orders,
        carts: done.carts,
        cookie_sessions: done.cookie_sessions,
        api_signins: done.api_signins,
        lab_accounts: done.lab_accounts,
    }))
}
