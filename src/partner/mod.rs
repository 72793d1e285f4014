//! The partner site: a small page on a second origin (another port and another host name, so
//! another *site*) that uses the shop only through the JSON API with bearer and cart tokens, and
//! verifies access tokens itself with the shop's published keys. It signs in through the shop
//! (`server::oauth`: authorization code + PKCE, consent on the shop's own site) and has no password
//! field: what it learns of the user is the scoped token the user allowed. Served by the shop's binary on
//! a second listener (`server::startup`), beside what the Learn labs serve on this origin.
//!
//! The same listener answers under the shop's host name too (`localhost:3001` beside
//! `localhost:3000`, what a learner types): the same *site*, since cookies do not separate by port
//! (RFC 6265 §8.5). The page then says so from what arrived — the shop's cookie — rather than
//! claiming from configuration that it is another site; lesson 5's same-site attacker and the
//! same-site forged form of section 5 rely on it.

use crate::server::{web::security, AppState};
use axum::{
    http::{header, HeaderMap, HeaderValue},
    response::{Html, IntoResponse},
    routing::get,
    Json, Router,
};

const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("partner.js");
const STYLE: &str = include_str!("partner.css");
/// The module every hand-written script imports; this origin serves its own copy.
const KIT: &str = include_str!("../browser/kit.js");

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The names of the cookies this origin's server received: the page compares them with the shop's
/// session cookie to say, from what arrived, whether it is on the shop's site.
async fn received_cookies(headers: HeaderMap) -> Json<Vec<String>> {
    Json(
        crate::server::web::request::cookies(&headers)
            .map(|(name, _)| name.to_string())
            .collect(),
    )
}

/// The partner's own page and calls, with `labs`: what the Learn labs serve on this origin.
pub fn router(state: &AppState, labs: Router<AppState>) -> Router {
    let config = &state.config;
    let shop = config.public_origin.clone();
    let page = PAGE
        .replace("{{SHOP_ORIGIN}}", &escape_attr(&shop))
        .replace(
            "{{SHOP_COOKIE}}",
            &escape_attr(config.session_cookie_name()),
        )
        .replace("{{PARTNER_ORIGIN}}", &escape_attr(&config.partner_origin));
    let csp = format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' {shop}; \
         connect-src 'self' {shop}; form-action {shop}; base-uri 'none'; frame-ancestors 'none'"
    );
    let csp = HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'none'"));
    let no_store = HeaderValue::from_static("no-store");
    let callback_page = page.clone();
    Router::new()
        .route(
            "/",
            get(move || {
                let page = page.clone();
                async move { Html(page) }
            }),
        )
        // Where the shop sends the browser back with a code (the registered redirect URI). The
        // same page, which trades the code; no Referer leaves it while the code is in its address.
        .route(
            "/callback",
            get(move || {
                let page = callback_page.clone();
                async move {
                    (
                        [(
                            header::REFERRER_POLICY,
                            HeaderValue::from_static("no-referrer"),
                        )],
                        Html(page),
                    )
                }
            }),
        )
        .route(
            "/partner/partner.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], SCRIPT) }),
        )
        .route(
            "/browser/kit.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], KIT) }),
        )
        .route(
            "/partner.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css")], STYLE) }),
        )
        .route("/received-cookies", get(received_cookies))
        .merge(labs)
        .route("/health", get(|| async { "ok" }))
        .layer(axum::middleware::map_response(
            move |mut res: axum::response::Response| {
                let csp = csp.clone();
                let no_store = no_store.clone();
                async move {
                    let h = res.headers_mut();
                    h.insert(header::CONTENT_SECURITY_POLICY, csp);
                    h.insert(header::CACHE_CONTROL, no_store);
                    let referrer = h.get(header::REFERRER_POLICY).cloned();
                    security::baseline_headers(h);
                    if let Some(own) = referrer {
                        h.insert(header::REFERRER_POLICY, own);
                    }
                    res.into_response()
                }
            },
        ))
        .with_state(state.clone())
}
