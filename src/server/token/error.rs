//! The token core's errors: why a token was refused, and what a sign-in, refresh or logout by
//! token could not do. Each says it in a sentence written once; the API turns them into problem
//! documents, the inspector and the labs into words.

use super::scope::Scope;
use crate::domain::AppError;
use crate::wire::Status;
use serde::Serialize;

/// Why a token was refused. The API answers every one with the same 401; the reason is for
/// introspection and the log, never a library's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, thiserror::Error, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenError {
    #[error("the token is not a well-formed JWT")]
    Malformed,
    #[error("the token is too large")]
    TooLarge,
    #[error("the token uses an algorithm this shop does not accept")]
    Algorithm,
    #[error("the token names no key this shop knows")]
    UnknownKey,
    #[error("the signature does not verify")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet")]
    NotYetValid,
    #[error("the token's issuer, audience or claims are not acceptable")]
    Claims,
    #[error("this kind of token cannot be used here")]
    WrongKind,
}

impl TokenError {
    /// Whether the token was refused before its signature could be trusted (as opposed to a
    /// genuine token that is expired, early, or of another kind).
    pub fn is_forgery_or_garbage(self) -> bool {
        matches!(
            self,
            TokenError::Malformed
                | TokenError::TooLarge
                | TokenError::Algorithm
                | TokenError::UnknownKey
                | TokenError::BadSignature
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("This endpoint needs an access token: send `Authorization: Bearer <token>`.")]
    MissingToken,
    #[error("The access token was refused: {0}.")]
    InvalidToken(TokenError),
    #[error("This access token was revoked before it expired.")]
    TokenRevoked,
    #[error("The Cart-Token was refused: {0}. Drop it to start a new guest cart.")]
    InvalidCartToken(TokenError),
    #[error("The refresh token is unknown, expired or revoked. Log in again.")]
    RefreshInvalid,
    #[error("This refresh token was already used. Every token of its sign-in is now revoked; log in again.")]
    RefreshReused,
    #[error("revoke_access needs the access token in the Authorization header.")]
    RevokeNeedsAccessToken,
    /// RFC 6750 §3.1: the token is good, but was not granted what this operation needs.
    #[error("This token was issued to another site, which was allowed only: {granted}. This operation needs the `{}` scope ({}).", .needed.name(), .needed.words())]
    InsufficientScope { needed: Scope, granted: String },
    /// RFC 9449 §7.1: a DPoP proof (or a bound token without one) refused.
    #[error("The DPoP proof was refused: {0}.")]
    Dpop(super::dpop::ProofError),
    /// RFC 9449 §8: the proof needs the server's current nonce, which the answer carries.
    #[error("The shop needs its current nonce in the DPoP proof: make a new proof with the DPoP-Nonce header of this answer.")]
    UseDpopNonce(String),
    #[error("The access-token denylist is turned off on this server (ACCESS_DENYLIST=false), so an access token cannot be revoked before it expires.")]
    DenylistDisabled,
    /// The shop's own answer: bad credentials, the throttle, invalid input, or a fault.
    #[error(transparent)]
    Shop(#[from] AppError),
}

impl AuthError {
    /// The stable name API clients branch on (the end of a problem's `type`).
    pub fn slug(&self) -> &'static str {
        match self {
            AuthError::MissingToken => "missing-token",
            AuthError::InvalidToken(_) => "invalid-token",
            AuthError::TokenRevoked => "token-revoked",
            AuthError::InvalidCartToken(_) => "invalid-cart-token",
            AuthError::RefreshInvalid => "invalid-refresh-token",
            AuthError::RefreshReused => "refresh-token-reused",
            // Revoking an access token that was not sent: the credential is missing (401).
            AuthError::RevokeNeedsAccessToken => "missing-token",
            AuthError::DenylistDisabled => "denylist-disabled",
            AuthError::InsufficientScope { .. } => "insufficient-scope",
            AuthError::Dpop(super::dpop::ProofError::Busy) => "busy",
            AuthError::Dpop(_) => "invalid-dpop-proof",
            AuthError::UseDpopNonce(_) => "use-dpop-nonce",
            AuthError::Shop(e) => e.problem_slug(),
        }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AuthError::DenylistDisabled => 409,
            AuthError::InsufficientScope { .. } => 403,
            AuthError::Dpop(super::dpop::ProofError::Busy) => 503,
            AuthError::Shop(e) => e.status_code(),
            _ => 401,
        }
    }

    /// The refusal reason of a token that was presented and refused.
    pub fn reason(&self) -> Option<TokenError> {
        match self {
            AuthError::InvalidToken(r) | AuthError::InvalidCartToken(r) => Some(*r),
            _ => None,
        }
    }
}

impl From<sqlx::Error> for AuthError {
    fn from(err: sqlx::Error) -> Self {
        AuthError::Shop(err.into())
    }
}

impl From<jsonwebtoken::errors::Error> for AuthError {
    fn from(err: jsonwebtoken::errors::Error) -> Self {
        tracing::error!(error = %err, "signing a token failed");
        AuthError::Shop(AppError::Internal)
    }
}
