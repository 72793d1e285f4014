//! The API's error type: the shop's own errors and the token core's, wrapped rather than repeated,
//! plus what only HTTP can get wrong (a body that is not JSON). Answered as RFC 9457
//! `application/problem+json` with a stable `type` per error; server faults are logged where they
//! happen and answered with the generic message.

use crate::domain::{AppError, Missing};
use crate::server::token::{
    dpop::{proof::ALGS, ProofError, DPOP_NONCE},
    AuthError, TokenError,
};
use crate::wire::Status;
use axum::{
    extract::{rejection::JsonRejection, FromRequest, FromRequestParts, Path, Request},
    http::{header, request::Parts, HeaderName, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::{de::DeserializeOwned, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Shop(AppError),
    #[error(transparent)]
    Auth(AuthError),
    #[error("{0}")]
    BadRequest(&'static str),
    #[error("Send the request body as JSON with `Content-Type: application/json`.")]
    UnsupportedMediaType,
    #[error("The request body is larger than {0} bytes.")]
    TooLarge(usize),
}

const NOT_JSON: &str = "The request body is not valid JSON.";

/// The media type of every error the API answers.
pub const PROBLEM: &str = "application/problem+json";

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        match err {
            // The API's way of saying "log in": a token is missing.
            AppError::LoginRequired => ApiError::Auth(AuthError::MissingToken),
            other => ApiError::Shop(other),
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::Shop(e) => e.into(),
            other => ApiError::Auth(other),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        AppError::from(err).into()
    }
}

impl From<jsonwebtoken::errors::Error> for ApiError {
    fn from(err: jsonwebtoken::errors::Error) -> Self {
        AuthError::from(err).into()
    }
}

impl ApiError {
    pub fn not_found() -> Self {
        ApiError::Shop(AppError::NotFound(Missing::Endpoint))
    }

    pub fn status(&self) -> StatusCode {
        let code = match self {
            ApiError::Shop(e) => e.status_code(),
            ApiError::Auth(e) => e.status_code(),
            ApiError::BadRequest(_) => 400,
            ApiError::UnsupportedMediaType => 415,
            ApiError::TooLarge(_) => 413,
        };
        StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The stable identifier clients branch on; the `type` URI ends with it.
    pub fn slug(&self) -> &'static str {
        match self {
            ApiError::Shop(e) => e.problem_slug(),
            ApiError::Auth(e) => e.slug(),
            ApiError::BadRequest(_) => "bad-request",
            ApiError::UnsupportedMediaType => "unsupported-media-type",
            ApiError::TooLarge(_) => "payload-too-large",
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Shop(e) => e.retry_after(),
            ApiError::Auth(AuthError::Dpop(ProofError::Busy)) => Some(1),
            _ => None,
        }
    }

    /// RFC 6750: tell the client which scheme, and that the token (not the request) is the problem.
    fn challenge(&self) -> Option<String> {
        match self {
            ApiError::Auth(AuthError::MissingToken | AuthError::RevokeNeedsAccessToken) => {
                Some(r#"Bearer realm="tokenshop""#.into())
            }
            ApiError::Auth(AuthError::InvalidToken(_) | AuthError::TokenRevoked) => {
                Some(r#"Bearer realm="tokenshop", error="invalid_token""#.into())
            }
            // RFC 6750 §3.1: the scope the operation needs, so the client can ask for it.
            ApiError::Auth(AuthError::InsufficientScope { needed, .. }) => Some(format!(
                r#"Bearer realm="tokenshop", error="insufficient_scope", scope="{}""#,
                needed.name()
            )),
            // RFC 9449 §7.1: the DPoP scheme, the algorithms a proof may use, and what was wrong.
            ApiError::Auth(AuthError::Dpop(e)) if *e != ProofError::Busy => Some(format!(
                r#"DPoP realm="tokenshop", algs="{}", error="{}""#,
                ALGS.join(" "),
                e.code()
            )),
            ApiError::Auth(AuthError::UseDpopNonce(_)) => Some(format!(
                r#"DPoP realm="tokenshop", algs="{}", error="use_dpop_nonce""#,
                ALGS.join(" ")
            )),
            _ => None,
        }
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
    /// The request's id, as in the `x-request-id` response header and the access log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let retry_after = self.retry_after();
        let problem = Problem {
            kind: format!("/api/v1/problems/{}", self.slug()),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: self.to_string(),
            reason: match &self {
                ApiError::Auth(e) => e.reason(),
                _ => None,
            },
            retry_after,
            request_id: crate::server::web::observe::current_request_id()
                .filter(|id| !id.is_empty()),
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut res = (status, body).into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM));
        if let Some(secs) = retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(c) = self
            .challenge()
            .and_then(|c| HeaderValue::from_str(&c).ok())
        {
            h.insert(header::WWW_AUTHENTICATE, c);
        }
        if let ApiError::Auth(AuthError::UseDpopNonce(nonce)) = &self {
            if let Ok(v) = HeaderValue::from_str(nonce) {
                h.insert(HeaderName::from_static(DPOP_NONCE), v);
            }
        }
        res
    }
}

fn data_error() -> ApiError {
    AppError::Validation(
        "The JSON body is missing a field or has one of the wrong type; the OpenAPI document at /api/v1/openapi.json lists them.".into(),
    )
    .into()
}

/// The JSON body as the type the handler reads. serde would also read a struct from an array of
/// its fields (`["a@example.com", "pw"]`); the document promises objects, so an array is refused.
fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    if value.is_array() {
        return Err(data_error());
    }
    serde_json::from_value(value).map_err(|_| data_error())
}

/// Parses a JSON body read by hand (where the body is optional), with the same answers as `ApiJson`.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value = serde_json::from_slice(bytes).map_err(|_| ApiError::BadRequest(NOT_JSON))?;
    from_value(value)
}

/// `axum::Json`, but a bad body is a problem document that says what to fix in our words, not
/// serde's.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(value)) => from_value(value).map(ApiJson),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::UnsupportedMediaType),
            Err(JsonRejection::JsonSyntaxError(_)) => Err(ApiError::BadRequest(NOT_JSON)),
            Err(JsonRejection::JsonDataError(_)) => Err(data_error()),
            Err(_) => Err(ApiError::BadRequest("The request body could not be read.")),
        }
    }
}

/// `axum::extract::Path`, but a segment that cannot be decoded (not UTF-8 once percent-decoded)
/// names nothing here: a 404 problem document rather than axum's plain-text 400.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|_| ApiError::not_found())
    }
}
