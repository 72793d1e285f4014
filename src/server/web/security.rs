//! HTTP-level protections: cross-site request refusal for cookie-authenticated mutations, response
//! headers, and turning server-function errors into honest status codes.

use crate::domain::AppError;
use crate::wire::Status;
use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

/// Why a request was judged cross-site, for the log.
#[derive(Debug, PartialEq, Eq)]
pub enum CrossSite {
    FetchSite(String),
    Origin(String),
}

impl CrossSite {
    /// What gave the request away, in words.
    pub fn in_words(&self) -> String {
        match self {
            CrossSite::FetchSite(site) => format!("the browser marked it Sec-Fetch-Site: {site}"),
            CrossSite::Origin(origin) => format!("it came from {origin}"),
        }
    }
}

/// Decides whether a state-changing request comes from another site, the way browsers let us tell:
/// `Sec-Fetch-Site` when the browser sends it, else `Origin` compared with `Host`. A request with
/// neither (curl, a server) carries no ambient browser cookie by accident and is let through.
pub fn cross_site(headers: &HeaderMap) -> Option<CrossSite> {
    if let Some(site) = headers.get("sec-fetch-site") {
        let site = site.to_str().unwrap_or("invalid");
        return match site {
            "same-origin" | "none" => None,
            other => Some(CrossSite::FetchSite(other.to_string())),
        };
    }
    let origin = headers.get(header::ORIGIN)?;
    let origin = origin.to_str().unwrap_or("invalid");
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    match (origin_authority, host) {
        (Some(authority), Some(host)) if authority.eq_ignore_ascii_case(host) => None,
        _ => Some(CrossSite::Origin(origin.to_string())),
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses cross-site mutations with 403 before they reach a handler or touch the session.
pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    if is_safe(req.method()) {
        return next.run(req).await;
    }
    if let Some(reason) = cross_site(req.headers()) {
        tracing::warn!(path = %req.uri().path(), ?reason, "refused a cross-site request");
        if is_navigation(req.headers()) {
            return forged_form_page(req.headers(), &reason);
        }
        let body = AppError::CrossSite.to_wire().unwrap_or_default();
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    next.run(req).await
}

/// A form submitted by the browser as a page load (a forged form lands here), rather than a script's fetch.
fn is_navigation(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-mode")
        .is_some_and(|m| m == "navigate")
        || headers
            .get(header::ACCEPT)
            .and_then(|a| a.to_str().ok())
            .is_some_and(|a| a.starts_with("text/html"))
}

/// The refusal of a forged form, in words, for the person whose browser was made to send it: what
/// each of the three layers did. Static HTML under the strict non-page policy (no script).
fn forged_form_page(headers: &HeaderMap, reason: &CrossSite) -> Response {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let how = match reason {
        CrossSite::FetchSite(site) => format!(
            "your browser marked it <code>Sec-Fetch-Site: {}</code>",
            escape(site)
        ),
        CrossSite::Origin(origin) => format!("it came from <code>{}</code>", escape(origin)),
    };
    let cookie = if headers.contains_key(header::COOKIE) {
        "Your browser <strong>did attach</strong> this shop's cookies: SameSite=Lax keeps a cookie off another <em>site</em>'s POST, but a page on the same site (another port of the same host) counts as the same site."
    } else {
        "Your browser <strong>did not attach</strong> this shop's cookies: they are SameSite=Lax, so another site's POST goes without them."
    };
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Refused: a request from another site · Tokenshop</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2328}}li{{margin:.5rem 0}}</style></head><body>\
         <h1>Refused: this request came from another site</h1>\
         <p data-testid=\"refused-why\">Another page sent a form to this shop, and {how}. The shop changed nothing (403).</p>\
         <ol><li data-testid=\"layer-samesite\"><strong>SameSite.</strong> {cookie}</li>\
         <li data-testid=\"layer-origin\"><strong>Where it came from.</strong> Every change to a cart, an order or a sign-in is checked against <code>Sec-Fetch-Site</code> and <code>Origin</code>; a request from anywhere but this shop's own pages is refused, cookie or no cookie.</li>\
         <li data-testid=\"layer-bearer\"><strong>The API.</strong> Nothing to forge there: a browser never adds a bearer token by itself, only code that holds it does.</li></ol>\
         <p><a href=\"/\">Back to the shop</a> · <a href=\"/learn\">Learn how this works</a></p></body></html>"
    );
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// Caps request bodies at `max` bytes with 413, whether or not the client declared a length. Bodies
/// here are small forms, so reading them whole up front costs little and spares every handler.
/// Under `/api/` (the JSON API alone) the refusal is the API's own (`api_refusal`: a problem document).
pub async fn limit_body(
    max: usize,
    api_refusal: fn(usize) -> Response,
    req: Request,
    next: Next,
) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let too_large = || {
        if api {
            return api_refusal(max);
        }
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Request body larger than {max} bytes."),
        )
            .into_response()
    };
    // Most requests (every GET) have no body: nothing to read or count.
    if axum::body::HttpBody::size_hint(req.body()).exact() == Some(0) {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, max).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

/// Server functions answer every error with 500; this gives each `AppError` its own status
/// (422, 404, 409, 429 with `Retry-After`...), so only real faults are 5xx.
pub async fn server_fn_error_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(err) = AppError::from_wire(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let Some(secs) = err.retry_after() {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether a URL names content by its hash: a file named `tokenshop.0123456789abcdef.wasm`, as the
/// release build names the bundles and the stylesheet, or a file under a folder named by one
/// (`/js/0123456789abcdef/learn/path.js`, the browser modules). Such a URL always means the same bytes.
fn is_hashed(path: &str) -> bool {
    let hash = |part: &str| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit());
    path.split('/')
        .flat_map(|segment| segment.split('.'))
        // wasm-bindgen's `_bg` suffix follows the hash: `tokenshop.<hash>_bg.wasm`.
        .any(|part| hash(part.trim_end_matches("_bg")))
}

/// Static files are the only responses a browser or proxy may keep; everything else is per user.
fn cache_policy(path: &str) -> &'static str {
    let built = path.starts_with("/pkg/") || path.starts_with("/js/");
    if built && is_hashed(path) {
        "public, max-age=31536000, immutable"
    } else if built {
        // not content-hashed (a development build), so revalidate every time
        "no-cache"
    } else if path.starts_with("/images/")
        || path.starts_with("/diagrams/")
        || path == "/favicon.svg"
    {
        "public, max-age=86400"
    } else {
        "no-store"
    }
}

/// A strict policy for responses that are not pages (JSON, SVG...): they load nothing.
const NON_PAGE_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

/// The page policy: scripts only from this origin or carrying this response's nonce; wasm needs
/// 'wasm-unsafe-eval' to be compiled.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The nonce this response's page is rendered with. Chosen here, before rendering, so the header and
/// the page's inline script always agree: a header set from inside the render could be missed.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Gives Leptos this request's nonce (or a fresh one where no middleware chose it, e.g. route
/// generation at start).
pub fn provide_request_nonce() {
    use leptos::{nonce::Nonce, prelude::*};
    let chosen = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    match chosen {
        Some(CspNonce(value)) => provide_context(Nonce::from_value(value)),
        None => leptos::nonce::provide_nonce(),
    }
}

/// No content sniffing, and the referrer kept only within the origin. Same-origin requests keep
/// the full referrer: failed no-JavaScript form posts come back to it.
pub fn baseline_headers(h: &mut HeaderMap) {
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
}

/// Paths that never render a page, so need no nonce (one read of the OS's randomness saved).
fn never_a_page(path: &str) -> bool {
    // /oauth/: the authorization server's pages have no script and set their own policy.
    const PREFIXES: [&str; 11] = [
        "/oauth/",
        "/api/",
        "/fn/",
        "/.well-known/",
        "/health",
        "/pkg/",
        "/js/",
        "/images/",
        "/diagrams/",
        "/learn/lab/",
        "/learn/inspector",
    ];
    PREFIXES.iter().any(|p| path.starts_with(p))
}

/// The XSS lab's page, asked for without a CSP: the one page served with none, so the learner can
/// see an injected inline script run (and, on the same page with the policy, be refused). It holds
/// no input of anyone's, only the lab's own controls.
fn lab_without_csp(uri: &axum::http::Uri) -> bool {
    uri.path() == "/learn/where-to-keep-it" && uri.query() == Some("csp=off")
}

pub async fn security_headers(mut req: Request, next: Next) -> Response {
    let policy = cache_policy(req.uri().path());
    let no_csp = lab_without_csp(req.uri());
    let nonce = (!never_a_page(req.uri().path())).then(|| {
        let nonce = crate::server::crypto::random_token::<16>();
        req.extensions_mut().insert(CspNonce(nonce.clone()));
        nonce
    });
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let is_page = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // An HTML answer on a path without a nonce keeps the strict policy below: no scripts at all.
    match (is_page, nonce) {
        (true, _) if no_csp => {}
        (true, Some(nonce)) => {
            if let Ok(v) = HeaderValue::from_str(&page_csp(&nonce)) {
                h.insert(header::CONTENT_SECURITY_POLICY, v);
            }
        }
        _ => {}
    }
    baseline_headers(h);
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    let keep_without = is_page && no_csp;
    if !keep_without && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NON_PAGE_CSP),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert_eq!(
            cross_site(&headers(&[("sec-fetch-site", "same-origin")])),
            None
        );
        assert_eq!(cross_site(&headers(&[("sec-fetch-site", "none")])), None);
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site")])).is_some());
        // a sibling subdomain is still another origin
        assert!(cross_site(&headers(&[("sec-fetch-site", "same-site")])).is_some());
        // the header wins even when Origin looks right
        assert!(cross_site(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://shop"),
            ("host", "shop")
        ]))
        .is_some());
    }

    #[test]
    fn origin_must_match_host_without_fetch_metadata() {
        assert_eq!(
            cross_site(&headers(&[
                ("origin", "http://localhost:3000"),
                ("host", "localhost:3000")
            ])),
            None
        );
        assert!(cross_site(&headers(&[
            ("origin", "http://evil.example"),
            ("host", "localhost:3000")
        ]))
        .is_some());
        assert!(cross_site(&headers(&[("origin", "null"), ("host", "localhost:3000")])).is_some());
        assert!(cross_site(&headers(&[("origin", "http://localhost:3000")])).is_some());
    }

    #[test]
    fn requests_without_browser_signals_pass() {
        assert_eq!(cross_site(&headers(&[("host", "localhost:3000")])), None);
    }

    #[test]
    fn only_static_files_are_cacheable() {
        assert_eq!(cache_policy("/"), "no-store");
        assert_eq!(cache_policy("/cart"), "no-store");
        assert_eq!(cache_policy("/fn/add_to_cart"), "no-store");
        assert_eq!(
            cache_policy("/images/products/earl-grey.svg"),
            "public, max-age=86400"
        );
        assert_eq!(cache_policy("/pkg/tokenshop.js"), "no-cache");
        assert_eq!(
            cache_policy("/pkg/tokenshop.0123456789abcdef_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_policy("/js/fedcba9876543210/learn/lessons/tamper/tamper.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_policy("/js/learn/path.js"), "no-cache");
        assert_eq!(cache_policy("/fn/tokenshop.0123456789abcdef.x"), "no-store");
    }
}
