//! What every server function needs from its request: the state, the cookie session, the
//! client's address, and whether the browser can show a result itself. Missing context is a wiring
//! bug, logged and answered with a generic error rather than a panic.

use crate::domain::{AppError, CartOwner, UserId};
use crate::server::{cookie, cookie::session::ShopSession, web::request, AppState};
use axum::http::{header, HeaderMap};

pub async fn request_context() -> Result<(AppState, ShopSession), AppError> {
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
    let user_agent = request::user_agent(&headers().await);
    let shop_session = ShopSession::new(session, &state.config, user_agent);
    Ok((state, shop_session))
}

/// The signed-in user of this session, or "log in first".
pub async fn signed_in() -> Result<(AppState, ShopSession, UserId), AppError> {
    let (state, session) = request_context().await?;
    let user = cookie::require_user(&state, &session).await?;
    Ok((state, session, user.id))
}

/// This request's one read of the signed-in account (provided per request by `startup`; a call
/// outside a page render gets its own).
pub fn account_read() -> cookie::AccountRead {
    leptos::prelude::use_context().unwrap_or_default()
}

/// Whose cart this session shops with, if it has one.
pub async fn cart_owner() -> Result<(AppState, ShopSession, Option<CartOwner>), AppError> {
    let (state, session) = request_context().await?;
    let owner = session.cart_owner().await?;
    Ok((state, session, owner))
}

pub async fn headers() -> HeaderMap {
    leptos_axum::extract::<HeaderMap>()
        .await
        .unwrap_or_default()
}

/// Hands the browser its device cookie (`accounts::throttle`): HttpOnly, long-lived, sent back on
/// this site's own requests only.
pub fn set_device_cookie(state: &AppState, device: &crate::server::accounts::DeviceToken) {
    use tower_sessions::cookie::{time::Duration, Cookie, SameSite};
    let cookie = Cookie::build((state.config.device_cookie_name(), device.expose()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.cookie_secure)
        .path("/")
        .max_age(Duration::seconds(state.config.device_ttl.as_secs() as i64));
    match axum::http::HeaderValue::from_str(&cookie.to_string()) {
        Ok(value) => match leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            Some(res) => res.append_header(header::SET_COOKIE, value),
            None => tracing::error!("ResponseOptions missing from context"),
        },
        Err(e) => tracing::error!(error = %e, "device cookie is not a header value"),
    }
}

/// The client's address for throttling, by the same rule as the API.
pub async fn client_address(state: &AppState) -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|c| c.0);
    request::client_address(&state.config, &headers().await, peer)
}

/// True for a plain HTML form post (no JavaScript): its result can only reach the next page through
/// a one-time message in the session. Hydrated pages get the message in the action's own response.
async fn is_plain_form_post() -> bool {
    headers()
        .await
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Leaves `message` for the next page when the browser has no JavaScript to show it now.
pub async fn notify(session: &ShopSession, message: &str) -> Result<(), AppError> {
    if is_plain_form_post().await {
        session.set_flash(message.to_string()).await?;
    }
    Ok(())
}

/// Leaves `message` for the page the browser goes to next: after a redirect it is a new page load,
/// with or without JavaScript, so only the session can carry it there.
pub async fn leave_for_next_page(session: &ShopSession, message: &str) -> Result<(), AppError> {
    session.set_flash(message.to_string()).await
}

/// A page that needs a signed-in user sends a guest to the login form, and back afterwards.
pub fn send_to_login(err: &AppError, back_to: &str) {
    if matches!(err, AppError::LoginRequired) {
        leptos_axum::redirect(&format!("/login?next={back_to}"));
    }
}
