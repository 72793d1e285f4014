//! `/api/v1/auth/*`, `/api/v1/me` and key rotation: thin adapters over `server::token::refresh`.

use super::error::{ApiError, ApiJson};
use super::extract::{bearer_token, ApiUser, ClientAddr, GuestCartToken, MaybeApiUser};
use crate::server::{
    accounts::LoginInput,
    crypto, db,
    token::refresh::{self as tokens, Introspection, LogoutResponse, TokenResponse},
    AppState,
};
use axum::{
    body::Bytes,
    extract::State,
    http::{header, HeaderMap},
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/refresh", post(refresh))
        .route("/auth/logout", post(logout))
        .route("/auth/introspect", get(introspect))
        .route("/me", get(me))
        .route("/account", get(account))
        .route("/admin/rotate-key", post(rotate_key))
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

fn user_agent(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(200).collect())
        .unwrap_or_default()
}

/// Logs in with email and password; a `Cart-Token` header merges that guest cart into the account.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    params(("Cart-Token" = Option<String>, Header, description = "A guest cart to merge into the account")),
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong email or password", body = super::error::Problem),
        (status = 429, description = "Too many failed logins", body = super::error::Problem),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    GuestCartToken(guest_cart): GuestCartToken,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let input = LoginInput {
        email: body.email,
        password: body.password,
    };
    tokens::login(&state, &client, &user_agent(&headers), input, guest_cart)
        .await
        .map(Json)
}

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Trades a refresh token for a new pair; the old refresh token is spent. Presenting a spent
/// token again revokes every token of that sign-in.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new access and refresh token", body = TokenResponse),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = super::error::Problem),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    tokens::refresh(&state, &body.refresh_token).await.map(Json)
}

#[derive(Deserialize, Default, ToSchema)]
pub struct LogoutRequest {
    /// The refresh token to revoke (optional when the access token is sent).
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Also refuse the access token from now on, by putting its `jti` on the denylist.
    #[serde(default)]
    pub revoke_access: bool,
}

/// Revokes the sign-in (its refresh token family). The access token keeps working until it
/// expires, unless `revoke_access` puts it on the denylist.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    request_body = LogoutRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Signed out", body = LogoutResponse),
        (status = 401, description = "No token, or an invalid one", body = super::error::Problem),
        (status = 409, description = "revoke_access asked for but the denylist is off", body = super::error::Problem),
    ))]
pub async fn logout(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    body: Bytes,
) -> Result<Json<LogoutResponse>, ApiError> {
    // The body is optional: an empty one means "revoke this sign-in, nothing more".
    let body: LogoutRequest = if body.iter().all(u8::is_ascii_whitespace) {
        LogoutRequest::default()
    } else {
        super::error::parse_json(&body)?
    };
    tokens::logout(
        &state,
        user.as_ref().map(|u| &u.claims),
        body.refresh_token.as_deref(),
        body.revoke_access,
    )
    .await
    .map(Json)
}

/// Explains the bearer token: signature, expiry, denylist, and whether its sign-in was revoked.
#[utoipa::path(get, path = "/api/v1/auth/introspect", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "What the server makes of the token", body = Introspection),
        (status = 401, description = "No bearer token sent", body = super::error::Problem),
    ))]
pub async fn introspect(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Introspection>, ApiError> {
    let token = match bearer_token(&headers) {
        Ok(Some(t)) => t.to_string(),
        Ok(None) => return Err(ApiError::MissingToken),
        Err(_) => String::new(),
    };
    let cookie_sent = crate::server::session_cookie(&headers, &state.config).is_some();
    tokens::introspect(&state, &token, cookie_sent)
        .await
        .map(Json)
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub email: String,
    /// Seconds until the access token used for this call expires.
    pub token_expires_in: i64,
    /// The API sign-in (refresh family) the token belongs to.
    pub sign_in: Option<String>,
}

/// Who is calling, from the access token alone: no session, no database (the "stateless" row of
/// the Learn page, measured by bench/run). Only with the revoke-now denylist on is a list checked,
/// and that list is in memory.
#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller, as the token says", body = Me),
        (status = 401, description = "Missing, invalid, expired or revoked token", body = super::error::Problem),
    ))]
pub async fn me(State(state): State<AppState>, user: ApiUser) -> Result<Json<Me>, ApiError> {
    let email = match user.claims.email {
        Some(email) => email,
        // Tokens signed before the email claim existed.
        None => account_record(&state, user.user_id).await?.email,
    };
    Ok(Json(Me {
        id: user.user_id,
        email,
        token_expires_in: user.claims.exp - crate::server::now_unix(),
        sign_in: user.claims.sid,
    }))
}

async fn account_record(state: &AppState, user_id: i64) -> Result<db::users::UserRecord, ApiError> {
    db::users::find_by_id(&state.db, user_id)
        .await?
        .ok_or(ApiError::InvalidToken(
            crate::server::token::keys::TokenError::Claims,
        ))
}

#[derive(Serialize, ToSchema)]
pub struct Account {
    pub id: i64,
    pub email: String,
    /// Unix seconds.
    pub member_since: i64,
    pub order_count: i64,
}

/// The account as the database has it now.
#[utoipa::path(get, path = "/api/v1/account", tag = "account",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = Account),
        (status = 401, description = "Missing, invalid, expired or revoked token", body = super::error::Problem),
    ))]
pub async fn account(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Account>, ApiError> {
    let record = account_record(&state, user.user_id).await?;
    Ok(Json(Account {
        id: record.id,
        email: record.email,
        member_since: record.created_at,
        order_count: db::users::order_count(&state.db, user.user_id).await?,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct RotatedKey {
    /// The key id that signs new tokens from now on.
    pub kid: String,
}

/// Makes a new signing key; tokens signed by the old one keep validating until they expire.
/// Enabled only when `ADMIN_TOKEN` is configured, and answered only to that bearer token.
#[utoipa::path(post, path = "/api/v1/admin/rotate-key", tag = "keys",
    security(("admin" = [])),
    responses(
        (status = 200, description = "Rotated", body = RotatedKey),
        (status = 401, description = "Not the admin token", body = super::error::Problem),
        (status = 404, description = "ADMIN_TOKEN is not configured", body = super::error::Problem),
    ))]
pub async fn rotate_key(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<RotatedKey>, ApiError> {
    let Some(admin) = &state.config.admin_token else {
        return Err(ApiError::NotFound("That API endpoint".into()));
    };
    let presented = bearer_token(&headers)?.ok_or(ApiError::MissingToken)?;
    if !crypto::secrets_match(presented, admin.expose()) {
        return Err(ApiError::InvalidToken(
            crate::server::token::keys::TokenError::BadSignature,
        ));
    }
    let kid = state.keys.rotate(&state.db).await?;
    tracing::info!(%kid, "signing key rotated");
    Ok(Json(RotatedKey { kid }))
}
