//! `GET /oauth/authorize` (the consent page) and `POST /oauth/authorize` (the user's decision):
//! RFC 6749 §4.1.1-4.1.2 with RFC 7636 §4.3, RFC 9207 and RFC 9700 §2.1.

use super::consent;
use crate::domain::{AppError, CurrentUser, UserId};
use crate::server::{
    config::clients::{Client, Clients},
    cookie::{self, session::ShopSession},
    token::{grants, pkce, Scopes},
    web::{assets, request},
    AppState,
};
use crate::wire::Status;
use axum::{
    extract::{RawForm, RawQuery, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

/// The authorization request's parameters, as the query (GET) or the consent form (POST) sends
/// them. All optional here: each missing one gets its own answer below.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct Params {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    /// Only in the consent form: `allow` or `deny`.
    #[serde(skip_serializing)]
    decision: Option<String>,
}

/// A request that passed every check.
struct Checked {
    client: Client,
    /// The registered redirect URI this request named.
    redirect_uri: String,
    scope: Scopes,
    state: Option<String>,
    challenge: String,
}

impl Checked {
    fn allowed(&self, user: UserId) -> grants::Allowed<'_> {
        grants::Allowed {
            client_id: self.client.id,
            redirect_uri: &self.redirect_uri,
            user,
            scope: &self.scope,
            challenge: &self.challenge,
        }
    }
}

enum Refusal {
    /// RFC 6749 §4.1.2.1: with an unknown client or a redirect URI that does not match, the user
    /// is told, and the browser is never sent to the URI the request named.
    Page(String),
    /// Every other error goes back to the (verified) client, as `error` on its redirect URI.
    Back {
        redirect_uri: String,
        error: &'static str,
        description: String,
        state: Option<String>,
    },
}

/// `state` is the client's to choose; anything longer than this is not a nonce but a payload.
const MAX_STATE_CHARS: usize = 512;

/// RFC 6749 §4.1.2.1: who asks, and where the answer goes. Until both are known good, nothing is
/// sent anywhere: a refusal here is a page of the shop's own.
fn check_client<'a>(params: &Params, clients: &'a Clients) -> Result<&'a Client, Refusal> {
    let page = |why: String| Err(Refusal::Page(why));
    let Some(client_id) = params.client_id.as_deref() else {
        return page(
            "The request names no client_id: the shop cannot tell which site asks.".into(),
        );
    };
    let Some(client) = clients.get(client_id) else {
        let shown: String = client_id.chars().take(60).collect();
        return page(format!(
            "No site called \"{shown}\" is registered with the shop."
        ));
    };
    // RFC 9700 §4.1.3: the redirect URI is compared whole, character for character.
    if !params
        .redirect_uri
        .as_deref()
        .is_some_and(|uri| Clients::registered(client, uri))
    {
        return page(format!(
            "The redirect_uri in this request is not one registered for {} ({}). Only an exact match is accepted, so the shop sends no code, and does not send you, anywhere else.",
            client.name,
            client.redirect_uris.join(", ")
        ));
    }
    Ok(client)
}

fn check(params: &Params, clients: &Clients) -> Result<Checked, Refusal> {
    let client = check_client(params, clients)?;
    // Registered, so known good: the answer may go there.
    let redirect_uri = params.redirect_uri.clone().unwrap_or_default();
    let state = params.state.clone().filter(|s| s.len() <= MAX_STATE_CHARS);
    let back = |error: &'static str, description: &str| {
        Err(Refusal::Back {
            redirect_uri: redirect_uri.clone(),
            error,
            description: description.to_string(),
            state: state.clone(),
        })
    };
    if params
        .state
        .as_ref()
        .is_some_and(|s| s.len() > MAX_STATE_CHARS)
    {
        return back("invalid_request", "state is longer than 512 characters.");
    }
    if params.response_type.as_deref() != Some("code") {
        return back(
            "unsupported_response_type",
            "Only response_type=code is supported (OAuth 2.1 has no implicit flow).",
        );
    }
    // RFC 7636 §4.3, as OAuth 2.1 requires it: a challenge on every request, and only S256 (the
    // default, `plain`, would put the secret itself in the browser's address bar).
    let Some(challenge) = params.code_challenge.as_deref() else {
        return back(
            "invalid_request",
            "code_challenge is required (PKCE, RFC 7636).",
        );
    };
    if params.code_challenge_method.as_deref() != Some("S256") {
        return back(
            "invalid_request",
            "code_challenge_method must be S256; plain is refused.",
        );
    }
    if !pkce::valid_s256_challenge(challenge) {
        return back(
            "invalid_request",
            "code_challenge is not an S256 challenge (43 characters of base64url).",
        );
    }
    let scope = match Scopes::parse(params.scope.as_deref().unwrap_or("")) {
        Ok(scope) => scope,
        Err(unknown) if unknown.0.is_empty() => {
            return back(
                "invalid_scope",
                "Name the scopes asked for: profile, cart, orders.",
            )
        }
        Err(unknown) => {
            let why = format!(
                "\"{}\" is not a scope this shop grants (profile, cart, orders).",
                unknown.0
            );
            return back("invalid_scope", &why);
        }
    };
    Ok(Checked {
        client: client.clone(),
        redirect_uri,
        scope,
        state,
        challenge: challenge.to_string(),
    })
}

/// The authorization response, on the client's registered redirect URI: the query parameters
/// given, the `state` echoed (RFC 6749 §4.1.2) and `iss` (RFC 9207 §2), so a client that talks to
/// several servers can tell which one answered.
#[derive(Serialize)]
struct Answer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
    iss: &'a str,
}

fn send_back(redirect_uri: &str, answer: &Answer<'_>) -> Response {
    let query = serde_urlencoded::to_string(answer).unwrap_or_default();
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let mut res = Redirect::to(&format!("{redirect_uri}{separator}{query}")).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    res
}

fn css(state: &AppState) -> String {
    assets::paths(&state.config.site_root).css
}

fn refused(state: &AppState, refusal: Refusal) -> Response {
    match refusal {
        Refusal::Page(why) => consent::refusal_page(&css(state), StatusCode::BAD_REQUEST, &why),
        Refusal::Back {
            redirect_uri,
            error,
            description,
            state: client_state,
        } => send_back(
            &redirect_uri,
            &Answer {
                code: None,
                error: Some(error),
                error_description: Some(&description),
                state: client_state.as_deref(),
                iss: &state.config.public_origin,
            },
        ),
    }
}

/// A fault on our side, said as the shop says it (503 with `Retry-After` for a database away).
fn failed(state: &AppState, err: AppError) -> Response {
    let status =
        StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = consent::refusal_page(&css(state), status, &err.to_string());
    if let Some(secs) = err.retry_after() {
        res.headers_mut().insert(header::RETRY_AFTER, secs.into());
    }
    res
}

/// Duplicate parameters are refused (RFC 6749 §3.1): which of two `redirect_uri`s would count?
fn parse(raw: &[u8]) -> Result<Params, String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(raw)
        .map_err(|_| "The request's parameters could not be read.".to_string())?;
    let mut names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("The parameter {} is sent more than once.", w[0]));
    }
    serde_urlencoded::from_bytes(raw)
        .map_err(|_| "The request's parameters could not be read.".to_string())
}

/// The request's parameters, read and checked; or the answer that refuses it.
fn read_request(state: &AppState, raw: &[u8]) -> Result<(Params, Checked), Box<Response>> {
    let params = parse(raw).map_err(|why| {
        Box::new(consent::refusal_page(
            &css(state),
            StatusCode::BAD_REQUEST,
            &why,
        ))
    })?;
    let checked = check(&params, &Clients::new(&state.config))
        .map_err(|refusal| Box::new(refused(state, refusal)))?;
    Ok((params, checked))
}

async fn signed_in(
    state: &AppState,
    session: Session,
    headers: &HeaderMap,
) -> Result<Option<CurrentUser>, AppError> {
    let session = ShopSession::new(session, &state.config, request::user_agent(headers));
    cookie::current_user(state, &session).await
}

/// The shop's own login page, and back here afterwards with the same request.
fn to_login(query: &str) -> Response {
    let back = format!("/oauth/authorize?{query}");
    let next = serde_urlencoded::to_string([("next", back)]).unwrap_or_default();
    Redirect::to(&format!("/login?{next}")).into_response()
}

/// The consent page for a signed-in visitor; the shop's login page first for anyone else.
pub async fn show(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let (_, checked) = match read_request(&state, query.as_bytes()) {
        Ok(request) => request,
        Err(answer) => return *answer,
    };
    let user = match signed_in(&state, session, &headers).await {
        Ok(Some(user)) => user,
        Ok(None) => return to_login(&query),
        Err(e) => return failed(&state, e),
    };
    consent::consent_page(
        &css(&state),
        &consent::Consent {
            client: &checked.client,
            redirect_uri: &checked.redirect_uri,
            email: &user.email,
            scope: &checked.scope,
            state: checked.state.as_deref(),
            challenge: &checked.challenge,
        },
    )
}

/// The consent form's answer. It reaches here only from the shop's own pages (cross-site posts are
/// refused before any handler, like every form of the shop), with the session cookie.
pub async fn decide(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    RawForm(form): RawForm,
) -> Response {
    let (params, checked) = match read_request(&state, &form) {
        Ok(request) => request,
        Err(answer) => return *answer,
    };
    let user = match signed_in(&state, session, &headers).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            // Signed out since the consent page was shown: log in, then see it again.
            let query = serde_urlencoded::to_string(&params).unwrap_or_default();
            return to_login(&query);
        }
        Err(e) => return failed(&state, e),
    };
    let iss = state.config.public_origin.clone();
    match params.decision.as_deref() {
        Some("allow") => match grants::issue_code(&state, &checked.allowed(user.id)).await {
            Ok(code) => send_back(
                &checked.redirect_uri,
                &Answer {
                    code: Some(&code),
                    error: None,
                    error_description: None,
                    state: checked.state.as_deref(),
                    iss: &iss,
                },
            ),
            Err(e) => failed(&state, e),
        },
        Some("deny") => send_back(
            &checked.redirect_uri,
            &Answer {
                code: None,
                error: Some("access_denied"),
                error_description: Some("The user did not allow it."),
                state: checked.state.as_deref(),
                iss: &iss,
            },
        ),
        _ => consent::refusal_page(
            &css(&state),
            StatusCode::BAD_REQUEST,
            "Choose Allow or Deny.",
        ),
    }
}
