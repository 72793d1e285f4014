//! The inspector on the wire: the middleware that records the requests of browsers that turned it
//! on, and the routes a page uses to start, stop and read its own list.

use super::describe::{credentials_seen, kind_of};
use super::store::{RequestKind, SeenRequest, LIFETIME_SECS};
use crate::server::{clock::now_unix, web::request::cookie_value, web::security, AppState};
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::Serialize;

pub const INSPECTOR_COOKIE: &str = "tokenshop_inspector";
/// The page's own scripts send the id in this header on API calls, which carry no cookies.
pub const INSPECTOR_HEADER: &str = "x-inspector";
/// `lab` on a lab script's own requests (`src/browser/kit.js`'s `send`), so they are listed apart.
pub const INSPECTOR_GROUP_HEADER: &str = "x-inspector-group";

/// The id of a browser that turned the inspector on: its cookie on pages, the header from the
/// page's scripts on API calls.
fn browser_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(INSPECTOR_HEADER)
        .and_then(|v| v.to_str().ok())
        .or_else(|| cookie_value(headers, INSPECTOR_COOKIE))
}

/// Records the requests of browsers that turned the inspector on; others pass untouched.
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let id = browser_id(req.headers()).map(str::to_string);
    let (Some(id), Some(kind)) = (id, kind_of(&path)) else {
        return next.run(req).await;
    };
    if !state.learn.inspector.is_recording(&id) {
        return next.run(req).await;
    }
    let method = req.method().to_string();
    let from_lab = kind == RequestKind::Lab
        || req
            .headers()
            .get(INSPECTOR_GROUP_HEADER)
            .is_some_and(|v| v == "lab");
    // Runs inside `limit_body`, so the body is already in memory and bounded.
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let credentials = credentials_seen(&state, &parts.headers, &bytes, &path, kind).await;
    let res = next
        .run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await;
    state.learn.inspector.record(
        &id,
        SeenRequest {
            at: now_unix(),
            method,
            path,
            kind,
            credentials,
            status: res.status().as_u16(),
            from_lab,
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
        recording: state.learn.inspector.is_recording(id),
        requests: state.learn.inspector.requests(id),
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
    let current = cookie_value(&headers, INSPECTOR_COOKIE)
        .filter(|id| state.learn.inspector.is_recording(id));
    let id = match current {
        Some(id) => id.to_string(),
        None => state.learn.inspector.start(),
    };
    set_cookie(&state, &id, LIFETIME_SECS)
}

async fn stop(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(id) = cookie_value(&headers, INSPECTOR_COOKIE) {
        state.learn.inspector.stop(id);
    }
    set_cookie(&state, "", 0)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/learn/inspector", get(list))
        .route("/learn/inspector/start", post(start))
        .route("/learn/inspector/stop", post(stop))
        .layer(axum::middleware::from_fn(security::refuse_cross_site))
}
