//! `/api/v1/sessions`: the user's sign-ins by either mechanism (cookie sessions and refresh
//! families), and ending them.

use super::error::{ApiError, ApiPath, Problem};
use super::extract::ApiUser;
use super::responses::{OutOfScope, ServerError, Unauthorized, PROBLEM};
use crate::domain::{CurrentSignIn, SignIn};
use crate::server::{accounts::signins, token::Scope, AppState};
use axum::{extract::State, http::StatusCode, Json};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(end_others))
        .routes(routes!(end))
}

fn current(user: &ApiUser) -> CurrentSignIn {
    CurrentSignIn {
        cookie_handle: None,
        token_family: user.claims.sid.clone(),
    }
}

/// Every active sign-in of the user: cookie sessions and API sign-ins (refresh token families).
#[utoipa::path(get, operation_id = "list_sign_ins", path = "/api/v1/sessions", tag = "account",
    security(("bearer" = ["account"])),
    responses(
        (status = 200, description = "Sign-ins, the current one first", body = [SignIn]),
        Unauthorized,
        OutOfScope,
        ServerError,
    ))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Vec<SignIn>>, ApiError> {
    let user = user.require(Scope::Account)?;
    Ok(Json(signins::list(&state, user.id, &current(&user)).await?))
}

/// Ends one sign-in at once: a cookie session is deleted, a refresh family revoked.
#[utoipa::path(delete, operation_id = "end_sign_in", path = "/api/v1/sessions/{id}", tag = "account",
    params(("id" = String, Path, description = "A sign-in id from the list")),
    security(("bearer" = ["account"])),
    responses(
        (status = 204, description = "Ended"),
        Unauthorized,
        OutOfScope,
        (status = 404, description = "No such active sign-in of yours", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let user = user.require(Scope::Account)?;
    signins::end(&state, user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Ended {
    pub ended: u64,
}

/// Ends every sign-in except the one this token belongs to.
#[utoipa::path(post, operation_id = "end_other_sign_ins", path = "/api/v1/sessions/end-others", tag = "account",
    security(("bearer" = ["account"])),
    responses(
        (status = 200, description = "How many were ended", body = Ended),
        Unauthorized,
        OutOfScope,
        ServerError,
    ))]
pub async fn end_others(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Ended>, ApiError> {
    let user = user.require(Scope::Account)?;
    let ended = signins::end_others(&state, user.id, &current(&user)).await?;
    Ok(Json(Ended { ended }))
}
