//! Who is calling the API, turned into what the shop works with: a user from the bearer access
//! token, a guest cart from the `Cart-Token` header. The checks themselves are the token core's
//! (`token::bearer`); the session cookie is never read here.

use super::error::ApiError;
use crate::domain::{CartId, CartOwner, UserId};
use crate::server::{
    token::{bearer, dpop, AuthError, Claims, Scope},
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

/// The token of `Authorization`, checked as RFC 9449 §7.1 asks of its scheme.
async fn api_user(
    state: &AppState,
    parts: &Parts,
    scheme: bearer::Scheme,
    token: &str,
) -> Result<ApiUser, ApiError> {
    let request = dpop::Request {
        method: parts.method.as_str(),
        path: request_path(parts),
        proof: dpop_proof(&parts.headers)?,
    };
    let access = bearer::verify_presented(state, scheme, token, &request).await?;
    Ok(ApiUser {
        id: access.user,
        claims: access.claims,
    })
}

/// The request's one DPoP proof, if it sent any; two are refused (RFC 9449 §4.3 point 1).
pub fn dpop_proof(headers: &HeaderMap) -> Result<Option<&str>, AuthError> {
    let values = headers.get_all(dpop::DPOP).iter().map(|v| v.as_bytes());
    dpop::one_proof(values).map_err(AuthError::Dpop)
}

/// The path the client addressed, as a proof's `htu` names it: the original one, should a router
/// ever be nested and strip its prefix.
fn request_path(parts: &Parts) -> &str {
    parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or(parts.uri.path(), |u| u.0.path())
}

fn presented(parts: &Parts) -> Result<Option<(bearer::Scheme, &str)>, AuthError> {
    bearer::presented(
        parts
            .headers
            .get(header::AUTHORIZATION)
            .map(|v| v.as_bytes()),
    )
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (scheme, token) = presented(parts)?.ok_or(AuthError::MissingToken)?;
        api_user(state, parts, scheme, token).await
    }
}

/// The key of the request's DPoP proof, when it sent one (RFC 9449 §5): what a sign-in or a
/// refresh is bound to. A proof that is sent must be valid for this request.
pub struct DpopKey(pub Option<String>);

impl FromRequestParts<AppState> for DpopKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let target = dpop::Target {
            method: parts.method.as_str(),
            path: request_path(parts),
            access_token: None,
        };
        let proof = dpop_proof(&parts.headers)?;
        Ok(DpopKey(dpop::optional(state, proof, &target).await?))
    }
}

/// A caller who may be signed in; a token that is present must be valid.
pub struct MaybeApiUser(pub Option<ApiUser>);

impl FromRequestParts<AppState> for MaybeApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match presented(parts)? {
            None => Ok(MaybeApiUser(None)),
            Some((scheme, token)) => Ok(MaybeApiUser(Some(
                api_user(state, parts, scheme, token).await?,
            ))),
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
