//! The Learn page's request inspector: for a browser that turned it on, the server notes each of
//! that browser's requests, which credentials came with it, what checking them found, and the
//! status it answered. Kept in memory, per instance, a short list per browser; a browser can only
//! ever read its own list, named by a random id the server issued.

use crate::server::{
    api::extract::{bearer_token, verify_access, CART_TOKEN},
    cookie::session::describe_record,
    crypto, now_unix,
    token::keys::TokenKind,
    AppState,
};
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::Serialize;
use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
};
use tower_sessions::{session::Id, SessionStore};

pub const INSPECTOR_COOKIE: &str = "tokenshop_inspector";
/// The page's own scripts send the id in this header on API calls, which carry no cookies.
pub const INSPECTOR_HEADER: &str = "x-inspector";
const PER_BROWSER: usize = 40;
const BROWSERS: usize = 2000;
/// An hour of recording, then the browser must turn it on again.
const LIFETIME_SECS: i64 = 3600;

/// One credential a request carried, and what the server made of it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CredentialSeen {
    /// `session cookie`, `bearer JWT`, `Cart-Token` or `none`.
    pub carrier: &'static str,
    /// How this part of the shop checks it.
    pub check: String,
    /// What the check found just before the request was handled.
    pub found: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SeenRequest {
    pub at: i64,
    pub method: String,
    pub path: String,
    /// `page`, `server function`, `API` or `lab`.
    pub kind: &'static str,
    pub credentials: Vec<CredentialSeen>,
    pub status: u16,
}

struct Browser {
    started: i64,
    seen: VecDeque<SeenRequest>,
}

#[derive(Default)]
pub struct Inspector {
    browsers: Mutex<(HashMap<String, Browser>, VecDeque<String>)>,
}

impl Inspector {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut HashMap<String, Browser>, &mut VecDeque<String>) -> T,
    ) -> T {
        let mut guard = self.browsers.lock().unwrap_or_else(|p| p.into_inner());
        let (map, order) = &mut *guard;
        f(map, order)
    }

    /// A new id to record under; the oldest browser is forgotten when the table is full.
    pub fn start(&self) -> String {
        let id = crypto::random_token::<16>();
        self.with(|map, order| {
            while map.len() >= BROWSERS {
                match order.pop_front() {
                    Some(old) => {
                        map.remove(&old);
                    }
                    None => break,
                }
            }
            map.insert(
                id.clone(),
                Browser {
                    started: now_unix(),
                    seen: VecDeque::new(),
                },
            );
            order.push_back(id.clone());
        });
        id
    }

    /// Whether the server issued this id and it has not run out: anything else is never recorded.
    pub fn is_recording(&self, id: &str) -> bool {
        self.with(|map, _| {
            map.get(id)
                .is_some_and(|b| now_unix() - b.started < LIFETIME_SECS)
        })
    }

    pub fn stop(&self, id: &str) {
        self.with(|map, order| {
            map.remove(id);
            order.retain(|o| o != id);
        });
    }

    fn record(&self, id: &str, seen: SeenRequest) {
        self.with(|map, _| {
            if let Some(browser) = map.get_mut(id) {
                if browser.seen.len() >= PER_BROWSER {
                    browser.seen.pop_back();
                }
                browser.seen.push_front(seen);
            }
        });
    }

    /// This browser's requests, newest first; nothing for an id the server does not know.
    pub fn requests(&self, id: &str) -> Vec<SeenRequest> {
        self.with(|map, _| {
            map.get(id)
                .filter(|b| now_unix() - b.started < LIFETIME_SECS)
                .map(|b| b.seen.iter().cloned().collect())
                .unwrap_or_default()
        })
    }
}

fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    crate::server::cookies(headers)
        .find(|(n, _)| *n == name)
        .and_then(|(_, pair)| pair.split_once('=').map(|(_, v)| v))
}

/// The id of a browser that turned the inspector on: its cookie on pages, the header from the
/// page's scripts on API calls.
fn browser_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(INSPECTOR_HEADER)
        .and_then(|v| v.to_str().ok())
        .or_else(|| cookie_value(headers, INSPECTOR_COOKIE))
}

/// Requests worth showing: not static files, and not the inspector's own polling.
fn kind_of(path: &str) -> Option<&'static str> {
    const SKIP: [&str; 7] = [
        "/pkg/",
        "/js/",
        "/images/",
        "/diagrams/",
        "/favicon",
        "/learn/inspector",
        "/health",
    ];
    if SKIP.iter().any(|p| path.starts_with(p)) {
        None
    } else if path.starts_with("/api/v1/") || path.starts_with("/.well-known/") {
        Some("API")
    } else if path.starts_with("/learn/lab/") {
        Some("lab")
    } else if path.starts_with("/api/") {
        Some("server function")
    } else {
        Some("page")
    }
}

async fn session_cookie_seen(state: &AppState, value: &str, kind: &str) -> CredentialSeen {
    let carrier = "session cookie";
    if kind == "API" {
        return CredentialSeen {
            carrier,
            check: "not read: the API authenticates only with Authorization and Cart-Token".into(),
            found: "ignored".into(),
        };
    }
    let check = "its id looked up in the session table".to_string();
    let found = match value.parse::<Id>() {
        Err(_) => "not a session id: treated as no session".to_string(),
        Ok(id) => match state.sessions.load(&id).await {
            Ok(Some(record)) => describe_record(&record),
            Ok(None) => {
                "no such session (ended, expired or never issued): a visitor without one".into()
            }
            Err(_) => "the lookup failed".into(),
        },
    };
    CredentialSeen {
        carrier,
        check,
        found,
    }
}

async fn bearer_seen(
    state: &AppState,
    token: Result<Option<&str>, String>,
    kind: &str,
) -> Option<CredentialSeen> {
    let carrier = "bearer JWT";
    if kind != "API" {
        return token.ok().flatten().map(|_| CredentialSeen {
            carrier,
            check: "not read: pages use the session cookie".into(),
            found: "ignored".into(),
        });
    }
    let denylist = if state.config.access_denylist {
        ", then the revoke-now denylist"
    } else {
        ""
    };
    let token = match token {
        Err(e) => {
            return Some(CredentialSeen {
                carrier,
                check: "the Authorization header parsed".into(),
                found: e,
            })
        }
        Ok(None) => return None,
        Ok(Some(t)) => t,
    };
    let kid = jsonwebtoken::decode_header(token)
        .ok()
        .and_then(|h| h.kid)
        .map(|k| format!(" of key {}…", k.chars().take(8).collect::<String>()))
        .unwrap_or_default();
    let found = match verify_access(state, token).await {
        Ok(claims) => format!(
            "valid: user {}, expires in {} s",
            claims.sub,
            claims.exp - now_unix()
        ),
        Err(e) => format!("refused: {e}"),
    };
    Some(CredentialSeen {
        carrier,
        check: format!(
            "Ed25519 signature{kid}, then exp, nbf, iss and aud{denylist}; no session lookup"
        ),
        found,
    })
}

async fn cart_token_seen(state: &AppState, headers: &HeaderMap) -> Option<CredentialSeen> {
    let token = headers.get(CART_TOKEN)?.to_str().unwrap_or("");
    let found = match state
        .keys
        .verify(token.trim(), TokenKind::Cart, &state.db)
        .await
    {
        Ok((_, claims)) => format!("valid: guest cart {}", claims.sub),
        Err(e) => format!("refused: {e}"),
    };
    Some(CredentialSeen {
        carrier: "Cart-Token",
        check: "Ed25519 signature and expiry of a cart+jwt token".into(),
        found,
    })
}

/// A refresh token travels in the JSON body of refresh and logout.
async fn refresh_token_seen(state: &AppState, body: &[u8]) -> Option<CredentialSeen> {
    #[derive(serde::Deserialize)]
    struct Body {
        refresh_token: Option<String>,
    }
    let token = serde_json::from_slice::<Body>(body).ok()?.refresh_token?;
    let found = crate::server::token::refresh::describe_refresh(state, &token)
        .await
        .unwrap_or_else(|_| "the lookup failed".into());
    Some(CredentialSeen {
        carrier: "refresh token (body)",
        check: "its SHA-256 looked up in refresh_tokens: single use, the family not revoked".into(),
        found,
    })
}

/// What this request presented, checked the way the part of the shop it is addressed to checks it.
async fn credentials_seen(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    path: &str,
    kind: &str,
) -> Vec<CredentialSeen> {
    let mut seen = Vec::new();
    // The labs hold their cookie for the page and pass it in a header (see `lab`).
    let cookie = if path.starts_with("/learn/lab/cookie/") {
        headers
            .get(crate::server::learn::lab::LAB_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once('=').map(|(_, v)| v))
    } else {
        cookie_value(headers, state.config.session_cookie_name())
    };
    if let Some(value) = cookie {
        seen.push(session_cookie_seen(state, value, kind).await);
    }
    let bearer = bearer_token(headers).map_err(|e| e.to_string());
    if let Some(b) = bearer_seen(state, bearer, kind).await {
        seen.push(b);
    }
    if kind == "API" {
        if let Some(c) = cart_token_seen(state, headers).await {
            seen.push(c);
        }
    }
    if path == "/api/v1/auth/refresh" || path == "/api/v1/auth/logout" {
        if let Some(r) = refresh_token_seen(state, body).await {
            seen.push(r);
        }
    }
    if seen.is_empty() {
        seen.push(CredentialSeen {
            carrier: "none",
            check: "nothing to check".into(),
            found: "anonymous".into(),
        });
    }
    seen
}

/// Records the requests of browsers that turned the inspector on; others pass untouched.
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let id = browser_id(req.headers()).map(str::to_string);
    let (Some(id), Some(kind)) = (id, kind_of(&path)) else {
        return next.run(req).await;
    };
    if !state.inspector.is_recording(&id) {
        return next.run(req).await;
    }
    let method = req.method().to_string();
    // Runs inside `limit_body`, so the body is already in memory and bounded.
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let credentials = credentials_seen(&state, &parts.headers, &bytes, &path, kind).await;
    let res = next
        .run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await;
    state.inspector.record(
        &id,
        SeenRequest {
            at: now_unix(),
            method,
            path,
            kind,
            credentials,
            status: res.status().as_u16(),
        },
    );
    res
}

#[derive(Serialize)]
struct Listing {
    recording: bool,
    requests: Vec<SeenRequest>,
}

/// Only the cookie names whose list to read: a page of another site cannot make this browser send
/// a SameSite=Strict cookie, and could not read the answer anyway.
async fn list(State(state): State<AppState>, headers: HeaderMap) -> Json<Listing> {
    let id = cookie_value(&headers, INSPECTOR_COOKIE).unwrap_or("");
    Json(Listing {
        recording: state.inspector.is_recording(id),
        requests: state.inspector.requests(id),
    })
}

fn set_cookie(state: &AppState, value: &str, max_age: i64) -> Response {
    let secure = if state.config.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    let cookie =
        format!("{INSPECTOR_COOKIE}={value}; Path=/; Max-Age={max_age}; SameSite=Strict{secure}");
    match HeaderValue::from_str(&cookie) {
        Ok(v) => (StatusCode::NO_CONTENT, [(header::SET_COOKIE, v)]).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Not HttpOnly on purpose: it is no credential, only the name of this browser's list, and the
/// page's scripts copy it into a header for their API calls.
async fn start(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let current =
        cookie_value(&headers, INSPECTOR_COOKIE).filter(|id| state.inspector.is_recording(id));
    let id = match current {
        Some(id) => id.to_string(),
        None => state.inspector.start(),
    };
    set_cookie(&state, &id, LIFETIME_SECS)
}

async fn stop(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(id) = cookie_value(&headers, INSPECTOR_COOKIE) {
        state.inspector.stop(id);
    }
    set_cookie(&state, "", 0)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/learn/inspector", get(list))
        .route("/learn/inspector/start", post(start))
        .route("/learn/inspector/stop", post(stop))
        .layer(axum::middleware::from_fn(
            crate::server::security::refuse_cross_site,
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(path: &str) -> SeenRequest {
        SeenRequest {
            at: 0,
            method: "GET".into(),
            path: path.into(),
            kind: "page",
            credentials: vec![],
            status: 200,
        }
    }

    #[test]
    fn each_browser_reads_only_its_own_list() {
        let inspector = Inspector::default();
        let (a, b) = (inspector.start(), inspector.start());
        inspector.record(&a, seen("/a"));
        inspector.record(&b, seen("/b"));
        inspector.record("made-up", seen("/c"));
        assert_eq!(inspector.requests(&a), vec![seen("/a")]);
        assert_eq!(inspector.requests(&b), vec![seen("/b")]);
        assert!(inspector.requests("made-up").is_empty());
        assert!(!inspector.is_recording("made-up"));
    }

    #[test]
    fn a_list_keeps_the_newest_requests_first_and_is_bounded() {
        let inspector = Inspector::default();
        let a = inspector.start();
        for i in 0..PER_BROWSER + 5 {
            inspector.record(&a, seen(&format!("/{i}")));
        }
        let list = inspector.requests(&a);
        assert_eq!(list.len(), PER_BROWSER);
        assert_eq!(list[0].path, format!("/{}", PER_BROWSER + 4));
    }

    #[test]
    fn static_files_and_the_inspector_itself_are_not_recorded() {
        assert_eq!(kind_of("/pkg/tokenshop.wasm"), None);
        assert_eq!(kind_of("/learn/inspector"), None);
        assert_eq!(kind_of("/api/v1/me"), Some("API"));
        assert_eq!(kind_of("/api/add_to_cart"), Some("server function"));
        assert_eq!(kind_of("/cart"), Some("page"));
    }
}
