//! "A cookie on another site": what it takes for a cookie to travel with another site's request,
//! found by experiment rather than by reading configuration.
//!
//! `set` answers with four cookies — `SameSite=Lax`; `SameSite=None` without `Secure`;
//! `SameSite=None; Secure`; the same `Partitioned` — each HttpOnly and scoped to this lab's path, valued with the attempt
//! id. `check` reports which came back. Both answer CORS with credentials for the partner origin
//! (and this one) only, exactly as a cookie-based API on another site must; `check-plain` answers
//! CORS *without* `Allow-Credentials`, so the browser refuses to show the page its answer. Every
//! step is recorded under the attempt id, so the lesson can show what the browser did.

use crate::learn::server::{module, partner_page};
use crate::server::{web::request, AppState};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::Serialize;

const PATH: &str = "/learn/lab/elsewhere";
/// The four cookies, by what they try. The last is partitioned (CHIPS): kept apart per top-level
/// site, which is what a browser that blocks third-party cookies still allows.
const COOKIES: [(&str, &str, &str); 4] = [
    (
        "tokenshop_lab_elsewhere_lax",
        "SameSite=Lax",
        "SameSite=Lax",
    ),
    (
        "tokenshop_lab_elsewhere_none",
        "SameSite=None",
        "SameSite=None without Secure",
    ),
    (
        "tokenshop_lab_elsewhere_secure",
        "SameSite=None; Secure",
        "SameSite=None; Secure",
    ),
    (
        "tokenshop_lab_elsewhere_part",
        "SameSite=None; Secure; Partitioned",
        "SameSite=None; Secure; Partitioned",
    ),
];

/// One step of the experiment as the shop saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trial {
    /// `set`, `check` or `check-plain`.
    pub step: &'static str,
    /// The browser's `Sec-Fetch-Site`.
    pub site: String,
    /// Which of the three cookies came with it (by what they try).
    pub arrived: Vec<&'static str>,
}

/// CORS for exactly the partner's origin (under its own host name or the shop's: the port case) or
/// this shop's, never `*` (browsers refuse credentials
/// with a wildcard anyway); `with_credentials` decides whether the page may read the answer.
fn cors(state: &AppState, headers: &HeaderMap, res: &mut Response, with_credentials: bool) {
    let config = &state.config;
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    let allowed = |o: &str| {
        o == config.partner_origin
            || o == config.public_origin
            || config.partner_same_site_origin.as_deref() == Some(o)
    };
    if let Some(origin) = origin.filter(|o| allowed(o)) {
        if let Ok(v) = HeaderValue::from_str(origin) {
            let h = res.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
            h.insert(header::VARY, HeaderValue::from_static("Origin"));
            if with_credentials {
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                    HeaderValue::from_static("true"),
                );
            }
        }
    }
}

async fn set(
    State(state): State<AppState>,
    Path(attempt): Path<String>,
    headers: HeaderMap,
) -> Response {
    let valid = crate::learn::server::drops::valid_name(&attempt);
    let mut res =
        Json(serde_json::json!({ "set": COOKIES.map(|(_, _, what)| what) })).into_response();
    if valid {
        for (name, same_site, _) in COOKIES {
            let cookie =
                format!("{name}={attempt}; Path={PATH}; HttpOnly; Max-Age=600; {same_site}");
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    state.learn.cookie_trials.add(
        &attempt,
        vec![Trial {
            step: "set",
            site: request::fetch_site(&headers),
            arrived: Vec::new(),
        }],
    );
    cors(&state, &headers, &mut res, true);
    res
}

fn arrived(headers: &HeaderMap, attempt: &str) -> Vec<&'static str> {
    COOKIES
        .iter()
        .filter(|(name, _, _)| request::cookie_value(headers, name) == Some(attempt))
        .map(|(_, _, what)| *what)
        .collect()
}

async fn check_with(
    state: &AppState,
    attempt: &str,
    headers: &HeaderMap,
    step: &'static str,
) -> Response {
    let came = arrived(headers, attempt);
    state.learn.cookie_trials.add(
        attempt,
        vec![Trial {
            step,
            site: request::fetch_site(headers),
            arrived: came.clone(),
        }],
    );
    let mut res = Json(serde_json::json!({ "arrived": came })).into_response();
    cors(state, headers, &mut res, step == "check");
    res
}

async fn check(
    State(state): State<AppState>,
    Path(attempt): Path<String>,
    headers: HeaderMap,
) -> Response {
    check_with(&state, &attempt, &headers, "check").await
}

async fn check_plain(
    State(state): State<AppState>,
    Path(attempt): Path<String>,
    headers: HeaderMap,
) -> Response {
    check_with(&state, &attempt, &headers, "check-plain").await
}

/// What the shop saw, step by step (read by the lesson, and by the partner page from its origin).
pub async fn trials(
    State(state): State<AppState>,
    Path(attempt): Path<String>,
) -> Json<Vec<Trial>> {
    Json(state.learn.cookie_trials.get(&attempt))
}

/// The experiment's page on the partner origin: it asks the shop for the cookies from there.
pub fn partner_router() -> Router<AppState> {
    Router::new()
        .route(
            "/learn/cookie-on-another-site/partner",
            get(|State(state): State<AppState>| async move {
                partner_page(include_str!("partner.html"), &state)
            }),
        )
        .route(
            "/learn/lessons/cookie_on_another_site/partner.js",
            get(|| async { module(include_str!("partner.js")) }),
        )
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&format!("{PATH}/set/{{attempt}}"), post(set))
        .route(&format!("{PATH}/check/{{attempt}}"), get(check))
        .route(&format!("{PATH}/check-plain/{{attempt}}"), get(check_plain))
        .route(&format!("{PATH}/trials/{{attempt}}"), get(trials))
}
