//! Who is calling: the bearer access token, and for carts the guest's `Cart-Token`. Verification
//! is local (signature and claims); the only database read is the denylist, when it is on.

use super::error::ApiError;
use crate::server::{token::keys::Claims, token::keys::TokenKind, AppState};
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, HeaderMap},
};

pub const CART_TOKEN: &str = "cart-token";

/// The token after `Bearer `, if an Authorization header is present. Another scheme, or an empty
/// token, is an invalid token rather than an anonymous call.
pub fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::InvalidToken(crate::server::token::keys::TokenError::Malformed))?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(Some(token.trim()))
        }
        _ => Err(ApiError::InvalidToken(
            crate::server::token::keys::TokenError::Malformed,
        )),
    }
}

/// Verifies an access token, then (when configured) checks that it was not revoked early.
pub async fn verify_access(state: &AppState, token: &str) -> Result<Claims, ApiError> {
    let (_, claims) = state
        .keys
        .verify(token, TokenKind::Access, &state.db)
        .await
        .map_err(ApiError::InvalidToken)?;
    if state.config.access_denylist && state.denylist.contains(&claims.jti) {
        return Err(ApiError::TokenRevoked);
    }
    Ok(claims)
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
        Ok(ClientAddr(crate::server::client_address_from(
            &state.config,
            &parts.headers,
            peer,
        )))
    }
}

/// A caller with a valid access token.
pub struct ApiUser {
    pub user_id: i64,
    pub claims: Claims,
}

impl ApiUser {
    fn from_claims(claims: Claims) -> Result<Self, ApiError> {
        let user_id = claims
            .sub
            .parse()
            .map_err(|_| ApiError::InvalidToken(crate::server::token::keys::TokenError::Claims))?;
        Ok(ApiUser { user_id, claims })
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(&parts.headers)?.ok_or(ApiError::MissingToken)?;
        ApiUser::from_claims(verify_access(state, token).await?)
    }
}

/// A caller who may be signed in; a token that is present must be valid.
pub struct MaybeApiUser(pub Option<ApiUser>);

impl FromRequestParts<AppState> for MaybeApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match bearer_token(&parts.headers)? {
            None => Ok(MaybeApiUser(None)),
            Some(token) => Ok(MaybeApiUser(Some(ApiUser::from_claims(
                verify_access(state, token).await?,
            )?))),
        }
    }
}

/// The guest cart a `Cart-Token` request header names, if any.
pub struct GuestCartToken(pub Option<i64>);

impl FromRequestParts<AppState> for GuestCartToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(CART_TOKEN) else {
            return Ok(GuestCartToken(None));
        };
        let token = value.to_str().map_err(|_| {
            ApiError::InvalidCartToken(crate::server::token::keys::TokenError::Malformed)
        })?;
        let (_, claims) = state
            .keys
            .verify(token.trim(), TokenKind::Cart, &state.db)
            .await
            .map_err(ApiError::InvalidCartToken)?;
        let cart_id = claims.sub.parse().map_err(|_| {
            ApiError::InvalidCartToken(crate::server::token::keys::TokenError::Claims)
        })?;
        Ok(GuestCartToken(Some(cart_id)))
    }
}
