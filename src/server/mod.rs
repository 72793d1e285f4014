//! Everything that only runs on the server: configuration, database, sessions, security middleware
//! and the plain async functions the server functions adapt. Declared once, behind `ssr`.

pub mod accounts;
pub mod api;
pub mod config;
pub mod cookie;
pub mod crypto;
pub mod db;
pub mod error;
pub mod learn;
pub mod partner;
pub mod security;
pub mod shop;
pub mod startup;
pub mod state;
pub mod token;

pub use config::Config;
pub use state::AppState;

/// Seconds since the Unix epoch; every timestamp in the database uses this.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// What every server function needs: the state and this request's session. Missing context is a
/// wiring bug, logged and answered with a generic error rather than a panic.
pub async fn request_context(
) -> Result<(AppState, cookie::session::ShopSession), crate::domain::AppError> {
    use crate::domain::AppError;
    let state = leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })?;
    let session = leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "session layer missing");
            AppError::Internal
        })?;
    let user_agent = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .ok()
        .and_then(|h| {
            h.get(axum::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(String::from)
        })
        .unwrap_or_default();
    let shop_session = cookie::session::ShopSession::new(session, &state.config, user_agent);
    Ok((state, shop_session))
}

/// The client's address for throttling: the socket peer, or the last `X-Forwarded-For` hop when
/// configured to trust a proxy in front.
pub async fn client_address(config: &Config) -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .unwrap_or_default();
    let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|c| c.0);
    client_address_from(config, &headers, peer)
}

pub fn client_address_from(
    config: &Config,
    headers: &axum::http::HeaderMap,
    peer: Option<std::net::SocketAddr>,
) -> String {
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
pub fn cookies(headers: &axum::http::HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter_map(|pair| pair.split_once('=').map(|(name, _)| (name, pair)))
}

/// The shop's session cookie as this request sent it (`name=value`): shown by the API and the
/// Learn page, never used by the API to authenticate.
pub fn session_cookie<'h>(headers: &'h axum::http::HeaderMap, config: &Config) -> Option<&'h str> {
    let name = config.session_cookie_name();
    cookies(headers)
        .find(|(n, _)| *n == name)
        .map(|(_, pair)| pair)
}

/// True for a plain HTML form post (no JavaScript): its result can only reach the next page through
/// a one-time message in the session. Hydrated pages get the message in the action's own response.
pub async fn is_plain_form_post() -> bool {
    leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .ok()
        .and_then(|h| {
            h.get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Leaves `message` for the next page when the browser has no JavaScript to show it now.
pub async fn notify(
    session: &cookie::session::ShopSession,
    message: &str,
) -> Result<(), crate::domain::AppError> {
    if is_plain_form_post().await {
        session.set_flash(message.to_string()).await?;
    }
    Ok(())
}
