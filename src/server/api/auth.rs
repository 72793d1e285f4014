//! `/api/v1/auth/*`, `/api/v1/me` and `/api/v1/account`: thin adapters over the
//! token core (`server::token`) and `server::accounts`.

use super::error::{ApiError, ApiJson, Problem};
use super::extract::{bearer_token, ApiUser, ClientAddr, DpopKey, GuestCartToken, MaybeApiUser};
use super::responses::{
    NotJson, NotJsonType, OutOfScope, ServerError, TooLarge, Unauthorized, PROBLEM,
};
use crate::domain::UserId;
use crate::server::{
    accounts::{self, LoginInput},
    clock::now_unix,
    token::{
        introspect::{self as introspection, Introspection},
        logout::{self as sign_out, LogoutResponse},
        refresh::{self as tokens, TokenResponse},
        AuthError, Scope, TokenError,
    },
    web::request,
    AppState,
};
use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(register))
        .routes(routes!(refresh))
        .routes(routes!(logout))
        .routes(routes!(introspect))
        .routes(routes!(me))
        .routes(routes!(account))
}

/// The API's carrier for the device token that a browser keeps in the device cookie.
const DEVICE_TOKEN: &str = "device-token";

/// The example is a demo account, whose password the README publishes: try it.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "alice@example.com", "password": "alice-tokenshop"}))]
pub struct LoginRequest {
    /// Compared trimmed and lower-cased.
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// A longer one is never right: refused like a wrong one, without hashing it.
    #[schema(format = Password, max_length = 128)]
    pub password: String,
}

/// Logs in with email and password; a `Cart-Token` header merges that guest cart into the account.
#[utoipa::path(post, operation_id = "login", path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    params(
        ("Cart-Token" = Option<String>, Header, nullable = false, description = "A guest cart to merge into the account"),
        ("Device-Token" = Option<String>, Header, nullable = false, description = "The device_token an earlier login gave this client: its failed logins on that account then count against this device alone, so nobody else's failures can lock it out"),
    ),
    security(),
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        NotJson,
        (status = 401, description = "Wrong email or password (the same answer for both), a refused Cart-Token, or a refused DPoP proof (see the `dpop` security scheme)", body = Problem, content_type = PROBLEM),
        (status = 403, description = "The right password for an account the operator locked", body = Problem, content_type = PROBLEM),
        TooLarge,
        NotJsonType,
        (status = 422, description = "Not an email address, or a field missing or of the wrong type", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many failed logins (LOGIN_MAX_FAILURES within LOGIN_WINDOW_SECS): from this device when it sent a known Device-Token, else for this account or from this address", body = Problem, content_type = PROBLEM,
            headers(("Retry-After" = u64, description = "Seconds until the oldest failure leaves the window"))),
        ServerError,
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    GuestCartToken(guest_cart): GuestCartToken,
    DpopKey(key): DpopKey,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let input = LoginInput {
        email: body.email,
        password: body.password,
    };
    let agent = request::user_agent(&headers);
    let caller = accounts::Client {
        address: &client,
        device: headers.get(DEVICE_TOKEN).and_then(|v| v.to_str().ok()),
    };
    Ok(Json(
        tokens::login(&state, &caller, &agent, input, guest_cart, key.as_deref()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// A valid email address, not yet registered (stored trimmed and lower-cased).
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// 8 to 128 characters.
    #[schema(format = Password, min_length = 8, max_length = 128)]
    pub password: String,
}

/// Creates an account by the sign-up page's rules and hashing, and signs it in like login; a
/// `Cart-Token` header makes that guest cart the new account's.
#[utoipa::path(post, operation_id = "register", path = "/api/v1/auth/register", tag = "auth",
    request_body = RegisterRequest,
    params(("Cart-Token" = Option<String>, Header, nullable = false, description = "A guest cart to keep in the new account")),
    security(),
    responses(
        (status = 201, description = "Account created and signed in", body = TokenResponse),
        NotJson,
        (status = 401, description = "A refused Cart-Token or DPoP proof", body = Problem, content_type = PROBLEM),
        (status = 409, description = "That email is already registered", body = Problem, content_type = PROBLEM),
        TooLarge,
        NotJsonType,
        (status = 422, description = "Not an email address, a password outside 8 to 128 characters, or a field missing or of the wrong type", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Too many sign-ups from this address (SIGNUP_MAX_PER_ADDRESS within SIGNUP_WINDOW_SECS)", body = Problem, content_type = PROBLEM,
            headers(("Retry-After" = u64, description = "Seconds until the oldest sign-up leaves the window"))),
        ServerError,
    ))]
pub async fn register(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    GuestCartToken(guest_cart): GuestCartToken,
    DpopKey(key): DpopKey,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<TokenResponse>), ApiError> {
    let input = accounts::RegisterInput {
        email: body.email,
        password_confirm: body.password.clone(),
        password: body.password,
    };
    let agent = request::user_agent(&headers);
    let tokens =
        tokens::register(&state, &client, &agent, input, guest_cart, key.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(tokens)))
}

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    /// As login or the last refresh answered it (43 characters); a longer one is refused unread.
    #[schema(min_length = 1, max_length = 128)]
    pub refresh_token: String,
}

/// Trades a refresh token for a new pair; the old refresh token is spent. Presenting a spent
/// token again revokes every token of that sign-in.
#[utoipa::path(post, operation_id = "refresh", path = "/api/v1/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    security(),
    responses(
        (status = 200, description = "A new access and refresh token", body = TokenResponse),
        NotJson,
        (status = 401, description = "Unknown, expired, revoked or reused refresh token; or, for a sign-in bound to a DPoP key, no proof or a proof by another key (the token stays unspent)", body = Problem, content_type = PROBLEM),
        TooLarge,
        NotJsonType,
        (status = 422, description = "The field is missing or not a string", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    DpopKey(key): DpopKey,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    Ok(Json(
        tokens::refresh(&state, &body.refresh_token, key.as_deref()).await?,
    ))
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
/// expires, unless `revoke_access` puts it on the denylist. The body is optional (no body: revoke
/// the access token's sign-in); without an access token, its `refresh_token` names the sign-in.
#[utoipa::path(post, operation_id = "logout", path = "/api/v1/auth/logout", tag = "auth",
    request_body = Option<LogoutRequest>,
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Signed out", body = LogoutResponse),
        NotJson,
        (status = 401, description = "Neither an access token nor a known refresh token, an access token that was refused, or revoke_access without an access token", body = Problem, content_type = PROBLEM,
            headers(("WWW-Authenticate" = String, description = "When the access token is missing or refused"))),
        (status = 409, description = "revoke_access asked for but the denylist is off (ACCESS_DENYLIST=false)", body = Problem, content_type = PROBLEM),
        TooLarge,
        (status = 422, description = "A field of the wrong type", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn logout(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    body: Bytes,
) -> Result<Json<LogoutResponse>, ApiError> {
    // The body is optional: none (or JSON `null`) means "revoke this sign-in, nothing more". A body
    // of whitespace alone is not JSON, and is refused like any other (schemathesis sent "\n").
    let body: LogoutRequest = if body.is_empty() {
        LogoutRequest::default()
    } else {
        super::error::parse_json::<Option<LogoutRequest>>(&body)?.unwrap_or_default()
    };
    let access = user.as_ref().map(|u| &u.claims);
    let refresh = body.refresh_token.as_deref();
    Ok(Json(
        sign_out::logout(&state, access, refresh, body.revoke_access).await?,
    ))
}

/// Explains the token in `Authorization: Bearer`: signature, expiry, denylist, and whether its
/// sign-in was revoked. It needs no valid credentials: any token sent, good or bad, is what it
/// describes (with 200); only a request without an `Authorization` header is refused.
#[utoipa::path(get, operation_id = "introspect", path = "/api/v1/auth/introspect", tag = "auth",
    security(),
    responses(
        (status = 200, description = "What the server makes of the token, valid or not", body = Introspection),
        (status = 401, description = "No `Authorization` header: nothing to describe", body = Problem, content_type = PROBLEM,
            headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"tokenshop\"`"))),
        ServerError,
    ))]
pub async fn introspect(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Introspection>, ApiError> {
    let token = match bearer_token(&headers) {
        Ok(Some(t)) => t.to_string(),
        Ok(None) => return Err(AuthError::MissingToken.into()),
        Err(_) => String::new(),
    };
    let cookie_sent = request::session_cookie(&headers, &state.config).is_some();
    Ok(Json(
        introspection::introspect(&state, &token, cookie_sent).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    #[schema(value_type = i64)]
    pub id: UserId,
    pub email: String,
    /// Seconds until the access token used for this call expires.
    pub token_expires_in: i64,
    /// The API sign-in (refresh family) the token belongs to.
    pub sign_in: Option<String>,
}

/// Who is calling, from the access token alone: no session, no database (the "stateless" row of
/// the Learn page, measured by bench/run). Only with the revoke-now denylist on is a list checked,
/// and that list is in memory.
#[utoipa::path(get, operation_id = "me", path = "/api/v1/me", tag = "account",
    security(("bearer" = ["profile"])),
    responses(
        (status = 200, description = "The caller, as the token says", body = Me),
        Unauthorized,
        OutOfScope,
        ServerError,
    ))]
pub async fn me(State(state): State<AppState>, user: ApiUser) -> Result<Json<Me>, ApiError> {
    let user = user.require(Scope::Profile)?;
    let email = match user.claims.email {
        Some(email) => email,
        // Tokens signed before the email claim existed.
        None => accounts::email_of(&state, user.id)
            .await?
            .ok_or(gone_account())?,
    };
    Ok(Json(Me {
        id: user.id,
        email,
        token_expires_in: user.claims.exp - now_unix(),
        sign_in: user.claims.sid,
    }))
}

/// A valid token for an account that no longer exists names nobody.
fn gone_account() -> ApiError {
    AuthError::InvalidToken(TokenError::Claims).into()
}

#[derive(Serialize, ToSchema)]
pub struct Account {
    #[schema(value_type = i64)]
    pub id: UserId,
    pub email: String,
    /// Unix seconds.
    pub member_since: i64,
    pub order_count: i64,
}

/// The account as the database has it now.
#[utoipa::path(get, operation_id = "account", path = "/api/v1/account", tag = "account",
    security(("bearer" = ["account"])),
    responses(
        (status = 200, description = "The account", body = Account),
        Unauthorized,
        OutOfScope,
        ServerError,
    ))]
pub async fn account(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Account>, ApiError> {
    let user = user.require(Scope::Account)?;
    let profile = accounts::profile(&state, user.id)
        .await?
        .ok_or(gone_account())?;
    Ok(Json(Account {
        id: user.id,
        email: profile.email,
        member_since: profile.member_since,
        order_count: profile.order_count,
    }))
}
