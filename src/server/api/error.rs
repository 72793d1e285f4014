//! The API's one error type, answered as RFC 9457 `application/problem+json` with a stable `type`
//! per error. Server faults are logged with their detail and answered with a generic message.

use crate::domain::AppError;
use crate::server::token::keys::TokenError;
use axum::{
    extract::{rejection::JsonRejection, FromRequest, Request},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::{de::DeserializeOwned, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
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
    #[error("Email or password is incorrect.")]
    InvalidCredentials,
    #[error("Too many failed logins. Try again in {retry_after_secs} seconds.")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("{0}")]
    Validation(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("Send the request body as JSON with `Content-Type: application/json`.")]
    UnsupportedMediaType,
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("The access-token denylist is turned off on this server (ACCESS_DENYLIST=false), so an access token cannot be revoked before it expires.")]
    DenylistDisabled,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        use ApiError::*;
        match self {
            MissingToken | InvalidToken(_) | TokenRevoked | InvalidCartToken(_)
            | RefreshInvalid | RefreshReused | InvalidCredentials => StatusCode::UNAUTHORIZED,
            TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            BadRequest(_) => StatusCode::BAD_REQUEST,
            UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            NotFound(_) => StatusCode::NOT_FOUND,
            Conflict(_) | DenylistDisabled => StatusCode::CONFLICT,
            Forbidden(_) => StatusCode::FORBIDDEN,
            Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable identifier clients branch on; the `type` URI ends with it.
    pub fn slug(&self) -> &'static str {
        use ApiError::*;
        match self {
            MissingToken => "missing-token",
            InvalidToken(_) => "invalid-token",
            TokenRevoked => "token-revoked",
            InvalidCartToken(_) => "invalid-cart-token",
            RefreshInvalid => "invalid-refresh-token",
            RefreshReused => "refresh-token-reused",
            InvalidCredentials => "invalid-credentials",
            TooManyAttempts { .. } => "too-many-attempts",
            Validation(_) => "validation",
            BadRequest(_) => "bad-request",
            UnsupportedMediaType => "unsupported-media-type",
            NotFound(_) => "not-found",
            Conflict(_) => "conflict",
            Forbidden(_) => "forbidden",
            DenylistDisabled => "denylist-disabled",
            Internal => "internal",
        }
    }

    fn title(&self) -> &'static str {
        self.status().canonical_reason().unwrap_or("Error")
    }
}

/// The problem document (RFC 9457), with `reason` added for refused tokens.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// `/api/v1/problems/<slug>`: stable per kind of error.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<TokenError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let reason = match &self {
            ApiError::InvalidToken(r) | ApiError::InvalidCartToken(r) => Some(*r),
            _ => None,
        };
        let retry_after = match &self {
            ApiError::TooManyAttempts { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        let problem = Problem {
            kind: format!("/api/v1/problems/{}", self.slug()),
            title: self.title().to_string(),
            status: status.as_u16(),
            detail: self.to_string(),
            reason,
            retry_after,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut res = (status, body).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        // RFC 6750: tell the client which scheme, and that the token (not the request) is the problem.
        let challenge = match &self {
            ApiError::MissingToken => Some(r#"Bearer realm="tokenshop""#),
            ApiError::InvalidToken(_) | ApiError::TokenRevoked => {
                Some(r#"Bearer realm="tokenshop", error="invalid_token""#)
            }
            _ => None,
        };
        if let Some(c) = challenge {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(c));
        }
        res
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::Validation(m) => ApiError::Validation(m),
            AppError::NotFound(what) => ApiError::NotFound(what),
            AppError::LoginRequired => ApiError::MissingToken,
            AppError::InvalidCredentials => ApiError::InvalidCredentials,
            AppError::TooManyAttempts { retry_after_secs } => {
                ApiError::TooManyAttempts { retry_after_secs }
            }
            AppError::Conflict(m) => ApiError::Conflict(m),
            AppError::CrossSite => ApiError::Forbidden(err.to_string()),
            AppError::Internal | AppError::Transport(_) => ApiError::Internal,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        ApiError::Internal
    }
}

impl From<jsonwebtoken::errors::Error> for ApiError {
    fn from(err: jsonwebtoken::errors::Error) -> Self {
        tracing::error!(error = %err, "signing a token failed");
        ApiError::Internal
    }
}

fn data_error() -> ApiError {
    ApiError::Validation(
        "The JSON body is missing a field or has one of the wrong type; the OpenAPI document at /api/v1/openapi.json lists them.".into(),
    )
}

/// Parses a JSON body read by hand (where the body is optional), with the same answers as `ApiJson`.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        if e.is_data() {
            data_error()
        } else {
            ApiError::BadRequest("The request body is not valid JSON.".into())
        }
    })
}

/// `axum::Json`, but a bad body is a problem document that says what to fix in our words, not
/// serde's.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::UnsupportedMediaType),
            Err(JsonRejection::JsonSyntaxError(_)) => Err(ApiError::BadRequest(
                "The request body is not valid JSON.".into(),
            )),
            Err(JsonRejection::JsonDataError(_)) => Err(data_error()),
            Err(_) => Err(ApiError::BadRequest(
                "The request body could not be read.".into(),
            )),
        }
    }
}
