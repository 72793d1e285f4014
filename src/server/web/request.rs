//! What any carrier's adapter reads off a request the same way: the client's address (for
//! throttling) and the cookies it sent.

use crate::server::Config;
use axum::http::{header, HeaderMap};
use std::net::SocketAddr;

/// The client's address for throttling: the socket peer, or the last `X-Forwarded-For` hop when
/// configured to trust a proxy in front.
pub fn client_address(config: &Config, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if config.trust_forwarded_for {
        if let Some(last) = headers
            .get_all("x-forwarded-for")
            .iter()
            .rev()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.rsplit(','))
            .map(str::trim)
            .find(|s| !s.is_empty())
        {
            return last.to_string();
        }
    }
    peer.map_or_else(|| "unknown".to_string(), |addr| addr.ip().to_string())
}

/// Every cookie a request carries, as `(name, "name=value")`.
pub fn cookies(headers: &HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter_map(|pair| pair.split_once('=').map(|(name, _)| (name, pair)))
}

/// What the browser says about where a request came from (`Sec-Fetch-Site`), for the labs' records.
pub fn fetch_site(headers: &HeaderMap) -> String {
    headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("not sent")
        .to_string()
}

/// The value of the cookie called `name`, if the request carries one.
pub fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    cookies(headers)
        .find(|(n, _)| *n == name)
        .and_then(|(_, pair)| pair.split_once('=').map(|(_, v)| v))
}

/// The shop's session cookie as this request sent it (`name=value`): shown by the API and the
/// Learn page, never used by the API to authenticate.
pub fn session_cookie<'h>(headers: &'h HeaderMap, config: &Config) -> Option<&'h str> {
    let name = config.session_cookie_name();
    cookies(headers)
        .find(|(n, _)| *n == name)
        .map(|(_, pair)| pair)
}

/// The browser's User-Agent, at most 200 characters, for the list of sign-ins.
pub fn user_agent(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(200).collect())
        .unwrap_or_default()
}
