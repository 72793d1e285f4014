//! Who is calling the API, turned into what the shop works with: a user from the bearer access
//! token, a guest cart from the `Cart-Token` header. The checks themselves are the token core's
//! (`token::bearer`); the session cookie is never read here.

use super::error::ApiError;
use crate::domain::{CartId, CartOwner, UserId};
use crate::server::{
    token::{bearer, AuthError, Claims, Scope},
    web::request,
    AppState,
};
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, HeaderMap},
};

pub const CART_TOKEN: &str = "cart-token";

/// The bearer token of a request, if it sent an Authorization header.
pub fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>, AuthError> {
    bearer::parse(headers.get(header::AUTHORIZATION).map(|v| v.as_bytes()))
}

/// The caller's address for login throttling, by the same rule as the pages.
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0);
        Ok(ClientAddr(request::client_address(
            &state.config,
            &parts.headers,
            peer,
        )))
    }
}

/// A caller with a valid access token.
pub struct ApiUser {
    pub id: UserId,
    pub claims: Claims,
}

impl ApiUser {
    /// The operation needs `scope`: a token issued to another site without it is refused with 403
    /// `insufficient_scope` (RFC 6750 §3.1). Every handler that reads a user calls this once, with
    /// the scope its OpenAPI `security` names.
    pub fn require(self, scope: Scope) -> Result<Self, ApiError> {
        if self.claims.allows(scope) {
            return Ok(self);
        }
        Err(AuthError::InsufficientScope {
            needed: scope,
            granted: self.claims.scope.clone().unwrap_or_default(),
        }
        .into())
    }
}

async fn api_user(state: &AppState, token: &str) -> Result<ApiUser, ApiError> {
    let access = bearer::verify_access(state, token).await?;
    Ok(ApiUser {
        id: access.user,
        claims: access.claims,
    })
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(&parts.headers)?.ok_or(AuthError::MissingToken)?;
        api_user(state, token).await
    }
}

/// A caller who may be signed in; a token that is present must be valid.
pub struct MaybeApiUser(pub Option<ApiUser>);

impl FromRequestParts<AppState> for MaybeApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match bearer_token(&parts.headers)? {
            None => Ok(MaybeApiUser(None)),
            Some(token) => Ok(MaybeApiUser(Some(api_user(state, token).await?))),
        }
    }
}

/// The guest cart a `Cart-Token` request header names, if any.
pub struct GuestCartToken(pub Option<CartId>);

impl FromRequestParts<AppState> for GuestCartToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match parts.headers.get(CART_TOKEN) {
            None => Ok(GuestCartToken(None)),
            Some(value) => Ok(GuestCartToken(Some(
                bearer::verify_cart(state, value.as_bytes()).await?,
            ))),
        }
    }
}

/// Whose cart an API call is about: the user's with a bearer token, else the guest cart named by
/// `Cart-Token`, else nobody's yet. Both credentials, when present, must be valid, and a client's
/// token must have been granted the `cart` scope.
pub struct CartOwnerOf(pub Option<CartOwner>);

impl FromRequestParts<AppState> for CartOwnerOf {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let MaybeApiUser(user) = MaybeApiUser::from_request_parts(parts, state).await?;
        let GuestCartToken(guest) = GuestCartToken::from_request_parts(parts, state).await?;
        Ok(CartOwnerOf(match (user, guest) {
            (Some(user), _) => Some(CartOwner::User(user.require(Scope::Cart)?.id)),
            (None, guest) => guest.map(CartOwner::Guest),
        }))
    }
}
