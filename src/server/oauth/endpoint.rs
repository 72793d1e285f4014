//! `POST /oauth/token` (RFC 6749 §3.2): the `authorization_code` grant with its PKCE verifier
//! (§4.1.3, RFC 7636 §4.5-4.6) and the `refresh_token` grant (§6), answered as §5 says: the token
//! pair as JSON, or `{"error", "error_description"}`, never cached.

use crate::domain::AppError;
use crate::server::{
    api::extract::{dpop_proof, CART_TOKEN},
    config::clients::Clients,
    token::{
        bearer,
        dpop::{self, ProofError, DPOP_NONCE},
        grants::{self, CodeError},
        refresh::{self, TokenResponse},
        AuthError,
    },
    web::request,
    AppState,
};
use crate::wire::Status;
use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use std::collections::HashMap;

/// RFC 6749 §5.2's error codes, each with the sentence that says what to fix.
#[derive(Debug)]
pub struct TokenError {
    code: &'static str,
    description: String,
    status: StatusCode,
    retry_after: Option<u64>,
    /// RFC 9449 §8: the nonce the client's next proof must carry.
    dpop_nonce: Option<String>,
}

fn refuse(code: &'static str, description: impl Into<String>) -> TokenError {
    TokenError {
        code,
        description: description.into(),
        status: StatusCode::BAD_REQUEST,
        retry_after: None,
        dpop_nonce: None,
    }
}

impl From<AppError> for TokenError {
    fn from(err: AppError) -> Self {
        let status =
            StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let code = if status == StatusCode::SERVICE_UNAVAILABLE {
            "temporarily_unavailable"
        } else {
            "server_error"
        };
        TokenError {
            code,
            description: err.to_string(),
            status,
            retry_after: err.retry_after(),
            dpop_nonce: None,
        }
    }
}

impl From<AuthError> for TokenError {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::RefreshInvalid => refuse(
                "invalid_grant",
                "The refresh token is unknown, expired, revoked, or was issued to another client.",
            ),
            AuthError::RefreshReused => refuse(
                "invalid_grant",
                "This refresh token was already used: every token of this grant is now revoked. Sign in again.",
            ),
            // RFC 9449 §5 and §8: a proof refused at the token endpoint is a 400 with its code.
            AuthError::Dpop(ProofError::Busy) => AppError::Unavailable {
                retry_after_secs: 1,
            }
            .into(),
            AuthError::Dpop(e) => refuse(e.code(), format!("The DPoP proof was refused: {e}.")),
            AuthError::UseDpopNonce(nonce) => TokenError {
                dpop_nonce: Some(nonce),
                ..refuse(
                    "use_dpop_nonce",
                    "Make a new DPoP proof with the nonce in this answer's DPoP-Nonce header.",
                )
            },
            AuthError::Shop(e) => e.into(),
            other => {
                tracing::error!(error = %other, "unexpected token error at the token endpoint");
                AppError::Internal.into()
            }
        }
    }
}

fn no_store(res: &mut Response) {
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

impl IntoResponse for TokenError {
    fn into_response(self) -> Response {
        let body = TokenErrorBody {
            error: self.code.to_string(),
            error_description: self.description,
        };
        let mut res = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, secs.into());
        }
        if let Some(nonce) = self.dpop_nonce.and_then(|n| HeaderValue::from_str(&n).ok()) {
            res.headers_mut().insert(DPOP_NONCE, nonce);
        }
        no_store(&mut res);
        res
    }
}

/// The form's parameters; each may appear once (RFC 6749 §3.2).
fn form(headers: &HeaderMap, body: &[u8]) -> Result<HashMap<String, String>, TokenError> {
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_type {
        return Err(refuse(
            "invalid_request",
            "Send the parameters as application/x-www-form-urlencoded (RFC 6749 §4.1.3).",
        ));
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|_| refuse("invalid_request", "The form could not be read."))?;
    let mut params = HashMap::new();
    for (name, value) in pairs {
        if params.contains_key(&name) {
            return Err(refuse(
                "invalid_request",
                format!("{name} is sent more than once."),
            ));
        }
        params.insert(name, value);
    }
    Ok(params)
}

fn required<'a>(params: &'a HashMap<String, String>, name: &str) -> Result<&'a str, TokenError> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| refuse("invalid_request", format!("{name} is required.")))
}

/// The token request's parameters (RFC 6749 §4.1.3 and §6), as this document describes them; the
/// handler reads the form itself, so that a repeated parameter is refused.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // read as pairs by `form`; this type only describes them
pub struct TokenRequest {
    #[schema(example = "authorization_code")]
    grant_type: GrantType,
    /// The registered client (a public client: no secret).
    #[schema(example = "partner")]
    client_id: String,
    /// `authorization_code`: the code from the redirect.
    code: Option<String>,
    /// `authorization_code`: exactly the one the code was sent to.
    redirect_uri: Option<String>,
    /// `authorization_code`: the PKCE verifier (RFC 7636 §4.5), 43 to 128 characters.
    #[schema(min_length = 43, max_length = 128)]
    code_verifier: Option<String>,
    /// `refresh_token`: the refresh token to rotate.
    refresh_token: Option<String>,
}

#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum GrantType {
    AuthorizationCode,
    RefreshToken,
}

/// An error of the token endpoint (RFC 6749 §5.2).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TokenErrorBody {
    /// `invalid_request`, `invalid_client`, `invalid_grant`, `unsupported_grant_type`,
    /// `server_error` or `temporarily_unavailable`.
    pub error: String,
    pub error_description: String,
}

/// Trades a code (with its PKCE verifier) or a refresh token for a token pair.
#[utoipa::path(post, operation_id = "token", path = "/oauth/token", tag = "oauth",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "A token pair, with the scopes granted", body = TokenResponse,
            headers(("Cache-Control" = String, description = "no-store"))),
        (status = 400, description = "RFC 6749 §5.2: invalid_request, invalid_grant, unsupported_grant_type", body = TokenErrorBody),
        (status = 401, description = "invalid_client: no such client is registered", body = TokenErrorBody),
        (status = 500, description = "server_error", body = TokenErrorBody),
        (status = 503, description = "temporarily_unavailable", body = TokenErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    match exchange(&state, &headers, &body).await {
        Ok(tokens) => {
            let mut res = Json(tokens).into_response();
            no_store(&mut res);
            res
        }
        Err(e) => e.into_response(),
    }
}

async fn exchange(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<TokenResponse, TokenError> {
    let params = form(headers, body)?;
    // A public client names itself (RFC 6749 §3.2.1); it has no secret to prove it with, which is
    // why the code is bound to its PKCE challenge and redirect URI.
    let client_id = required(&params, "client_id")?;
    let clients = Clients::new(&state.config);
    let Some(client) = clients.get(client_id) else {
        return Err(TokenError {
            status: StatusCode::UNAUTHORIZED,
            ..refuse("invalid_client", "No such client is registered.")
        });
    };
    // RFC 9449 §5: a proof with the token request binds what it issues to the proof's key.
    let target = dpop::Target {
        method: "POST",
        path: "/oauth/token",
        access_token: None,
    };
    let proof = dpop_proof(headers)?;
    let key = dpop::optional(state, proof, &target).await?;
    let key = key.as_deref();
    match required(&params, "grant_type")? {
        "authorization_code" => redeem(state, headers, &params, client.id, key).await,
        "refresh_token" => {
            let token = required(&params, "refresh_token")?;
            Ok(refresh::refresh_for(state, token, Some(client.id), key).await?)
        }
        _ => Err(refuse(
            "unsupported_grant_type",
            "grant_type must be authorization_code or refresh_token (the password grant is not offered: RFC 9700 §2.4).",
        )),
    }
}

/// RFC 6749 §4.1.3: the parameters, then the token core's checks of the code.
async fn redeem(
    state: &AppState,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    client_id: &str,
    key: Option<&str>,
) -> Result<TokenResponse, TokenError> {
    let guest_cart =
        match headers.get(CART_TOKEN) {
            None => None,
            Some(value) => Some(bearer::verify_cart(state, value.as_bytes()).await.map_err(
                |_| {
                    refuse(
                "invalid_request",
                "The Cart-Token was refused: drop it to sign in without merging a guest cart.",
            )
                },
            )?),
        };
    let user_agent = request::user_agent(headers);
    let redemption = grants::Redemption {
        code: required(params, "code")?,
        client_id,
        redirect_uri: required(params, "redirect_uri")?,
        verifier: required(params, "code_verifier")?,
        user_agent: &user_agent,
        guest_cart,
        key,
    };
    grants::redeem(state, redemption)
        .await
        .map_err(|e| match e {
            CodeError::Invalid(why) => refuse("invalid_grant", why),
            CodeError::Shop(e) => e.into(),
        })
}
