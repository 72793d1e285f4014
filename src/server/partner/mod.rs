//! The partner site: a small page on a second origin (another port and another host name, so
//! another *site*) that uses the shop only through the JSON API with bearer and cart tokens, and
//! verifies access tokens itself with the shop's published keys.

use crate::server::{accounts, AppState};
use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};

const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("partner.js");
const STYLE: &str = include_str!("partner.css");

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The names of the cookies this origin received: the shop's session cookie never arrives here.
async fn received_cookies(headers: HeaderMap) -> Json<Vec<String>> {
    Json(
        crate::server::http::cookies(&headers)
            .map(|(name, _)| name.to_string())
            .collect(),
    )
}

/// A throwaway lab account for this tab's partner login, so the partner never signs in as (and
/// merges a learner's guest cart into) a shared demo account. Only this origin's own page may ask:
/// each one costs a password hash.
async fn lab_account(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let from_here = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|o| o == state.config.partner_origin);
    if !from_here {
        let refusal = "Only the partner page itself may ask for a lab account.";
        return (StatusCode::FORBIDDEN, refusal).into_response();
    }
    match accounts::create_lab_account(&state).await {
        Ok((email, password, expires_at)) => Json(serde_json::json!({
            "email": email.as_str(),
            "password": password,
            "expires_at": expires_at,
        }))
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "the partner's lab account was not made");
            let failed =
                "No lab account could be made just now; type an account's email and password.";
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "5")],
                failed,
            )
                .into_response()
        }
    }
}

pub fn router(state: &AppState) -> Router {
    let config = &state.config;
    let shop = config.public_origin.clone();
    let page = PAGE.replace("{{SHOP_ORIGIN}}", &escape_attr(&shop));
    let csp = format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' {shop}; \
         connect-src 'self' {shop}; form-action {shop}; base-uri 'none'; frame-ancestors 'none'"
    );
    let csp = HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'none'"));
    let no_store = HeaderValue::from_static("no-store");
    Router::new()
        .route(
            "/",
            get(move || {
                let page = page.clone();
                async move { Html(page) }
            }),
        )
        .route(
            "/partner.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], SCRIPT) }),
        )
        .route(
            "/partner.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css")], STYLE) }),
        )
        .route("/received-cookies", get(received_cookies))
        .route("/lab-account", post(lab_account))
        .route("/health", get(|| async { "ok" }))
        .layer(axum::middleware::map_response(
            move |mut res: axum::response::Response| {
                let csp = csp.clone();
                let no_store = no_store.clone();
                async move {
                    let h = res.headers_mut();
                    h.insert(header::CONTENT_SECURITY_POLICY, csp);
                    h.insert(header::CACHE_CONTROL, no_store);
                    crate::server::security::baseline_headers(h);
                    res.into_response()
                }
            },
        ))
        .with_state(state.clone())
}
