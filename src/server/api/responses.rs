//! The error responses the OpenAPI document promises, written once for the operations that share
//! them. Every error is an RFC 9457 problem document: `application/problem+json`, schema `Problem`
//! (see `error.rs`, which answers them). Errors whose meaning differs per operation (404, 409, 422,
//! 429) are listed at the operation with its own description, but with the same media type.

use super::error::Problem;
pub use super::error::PROBLEM;
use utoipa::IntoResponses;

/// A request body that is not JSON, or could not be read.
#[derive(IntoResponses)]
#[response(status = 400, description = "The body is not valid JSON", content_type = PROBLEM)]
pub struct NotJson(pub Problem);

/// A request body larger than `MAX_BODY_BYTES` (64 KiB unless configured), refused before it is read.
#[derive(IntoResponses)]
#[response(status = 413, description = "The body is larger than the server accepts (MAX_BODY_BYTES, 64 KiB by default)", content_type = PROBLEM)]
pub struct TooLarge(pub Problem);

/// A JSON body sent without saying so.
#[derive(IntoResponses)]
#[response(status = 415, description = "The body was not sent with `Content-Type: application/json`", content_type = PROBLEM)]
pub struct NotJsonType(pub Problem);

/// No access token, or one that was refused; `reason` says why, `WWW-Authenticate` which scheme.
#[derive(IntoResponses)]
#[response(status = 401, description = "No access token, or a malformed, forged, expired or revoked one (`reason` says which)", content_type = PROBLEM,
    headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"tokenshop\"`, with `error=\"invalid_token\"` for a refused token")))]
pub struct Unauthorized(pub Problem);

/// A token issued to another site through the authorization server, without the scope this
/// operation names in its `security` (RFC 6750 §3.1). The shop's own sign-ins have every scope.
#[derive(IntoResponses)]
#[response(status = 403, description = "A token issued to another site that was not granted this operation's scope", content_type = PROBLEM,
    headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"tokenshop\", error=\"insufficient_scope\", scope=\"<needed>\"`")))]
pub struct OutOfScope(pub Problem);

/// What any operation may answer when the server cannot do its part: a fault (logged with its
/// detail, answered with a generic sentence), or a database that is locked, unreachable or failing,
/// or too many password checks waiting (nothing was done; try again after `Retry-After`).
#[derive(IntoResponses)]
pub enum ServerError {
    #[response(status = 500, description = "A fault on our side; the detail is in the server's log", content_type = PROBLEM)]
    Fault(Problem),
    #[response(status = 503, description = "The database is locked, unreachable or failing (or, for a login or sign-up, too many passwords wait to be checked): nothing was done; try again", content_type = PROBLEM,
        headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))]
    Unavailable(Problem),
}
