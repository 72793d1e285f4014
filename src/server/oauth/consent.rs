//! The authorization server's two pages: the consent page and the refusal. Plain HTML with no
//! script at all (nothing on them can run an injected one), styled by the shop's stylesheet, and
//! answered with their own policy: `form-action` must allow the client's origin, because browsers
//! apply it to the redirect that follows the consent form's post.

use crate::server::{config::clients::Client, token::Scopes};
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(status: StatusCode, css: &str, title: &str, body: &str, form_to: Option<&str>) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Tokenshop</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><header class=\"site-header\"><a class=\"brand\" href=\"/\">Tokenshop</a></header>\
         <main class=\"consent\">{body}</main></body></html>",
        title = escape(title),
        css = escape(css),
    );
    let csp = format!(
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'{}; \
         frame-ancestors 'none'; base-uri 'none'",
        form_to.map(|o| format!(" {o}")).unwrap_or_default()
    );
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // A consent answer is for this user, now: never kept by a cache.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// What the consent form sends back: the request as checked, and the user's decision.
pub struct Consent<'a> {
    pub client: &'a Client,
    pub redirect_uri: &'a str,
    pub email: &'a str,
    pub scope: &'a Scopes,
    pub state: Option<&'a str>,
    pub challenge: &'a str,
}

pub fn consent_page(css: &str, c: &Consent<'_>) -> Response {
    let asks: String = c
        .scope
        .iter()
        .map(|s| {
            format!(
                "<li data-scope=\"{}\">{} <code>{}</code></li>",
                s.name(),
                escape(s.words()),
                s.name()
            )
        })
        .collect();
    let hidden = |name: &str, value: &str| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(value)
        )
    };
    let fields = [
        hidden("response_type", "code"),
        hidden("client_id", c.client.id),
        hidden("redirect_uri", c.redirect_uri),
        hidden("scope", &c.scope.to_string()),
        c.state.map(|s| hidden("state", s)).unwrap_or_default(),
        hidden("code_challenge", c.challenge),
        hidden("code_challenge_method", "S256"),
    ]
    .concat();
    let body = format!(
        "<h1>Let {name} use your account?</h1>\
         <p data-testid=\"consent-who\"><strong>{name}</strong> (<code>{origin}</code>), another \
         site, asks to use your Tokenshop account <strong>{email}</strong>. It never sees your \
         password: you are signed in here, on the shop's own site, by its session cookie.</p>\
         <p>If you allow it, it may:</p><ul data-testid=\"consent-scopes\">{asks}</ul>\
         <p>It may not manage your account or end your other sign-ins. You can end its access at \
         any time on your <a href=\"/account\">account page</a>.</p>\
         <form method=\"post\" action=\"/oauth/authorize\" class=\"consent-form\">{fields}\
         <button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button> \
         <button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Deny</button>\
         </form>",
        name = escape(c.client.name),
        origin = escape(&c.client.origin),
        email = escape(c.email),
    );
    let title = format!("Let {} in?", c.client.name);
    page(StatusCode::OK, css, &title, &body, Some(&c.client.origin))
}

/// A request the shop refuses without sending the browser anywhere: an unknown client or a
/// redirect URI that is not exactly the registered one (RFC 6749 §4.1.2.1).
pub fn refusal_page(css: &str, status: StatusCode, why: &str) -> Response {
    let body = format!(
        "<h1>This sign-in request was refused</h1>\
         <p role=\"alert\" data-testid=\"oauth-refused\">{}</p>\
         <p>Nothing was shared, and you were not sent back to the site that asked. \
         <a href=\"/\">Back to the shop</a></p>",
        escape(why)
    );
    page(status, css, "Sign-in request refused", &body, None)
}
