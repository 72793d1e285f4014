use crate::domain::{AppError, SignIn};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in user's account page: the account and the cookie session that carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub email: String,
    pub member_since: i64,
    pub order_count: i64,
    pub session_signed_in_at: i64,
    pub session_idle_expires_at: i64,
    pub session_absolute_expires_at: i64,
}

/// Where to send the browser after login: only a path on this site, never `//evil.example` or a
/// full URL, so the `next` parameter cannot be used as an open redirect.
pub fn safe_next_path(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control) =>
        {
            p.to_string()
        }
        _ => "/".to_string(),
    }
}

/// Returns what was merged from the guest cart, as a sentence, if anything was.
#[server(prefix = "/fn", endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<Option<String>, AppError> {
    use super::context::{client_address, headers, leave_for_next_page, request_context};
    use crate::server::{accounts::Client, cookie, web::request};
    let (state, session) = request_context().await?;
    let address = client_address(&state).await;
    let headers = headers().await;
    let client = Client {
        address: &address,
        device: request::cookie_value(&headers, state.config.device_cookie_name()),
    };
    let input = crate::server::accounts::LoginInput { email, password };
    let (merged, device) = cookie::login(&state, &session, &client, input).await?;
    super::context::set_device_cookie(&state, &device);
    let merged = merged.summary();
    if let Some(message) = &merged {
        leave_for_next_page(&session, message).await?;
    }
    leptos_axum::redirect(&safe_next_path(next.as_deref()));
    Ok(merged)
}

#[server(prefix = "/fn", endpoint = "register")]
pub async fn register(
    email: String,
    password: String,
    password_confirm: String,
) -> Result<Option<String>, AppError> {
    use super::context::{client_address, leave_for_next_page, request_context};
    use crate::server::{accounts::RegisterInput, cookie};
    let (state, session) = request_context().await?;
    let client = client_address(&state).await;
    let input = RegisterInput {
        email,
        password,
        password_confirm,
    };
    let merged = cookie::register(&state, &session, &client, input)
        .await?
        .summary();
    if let Some(message) = &merged {
        leave_for_next_page(&session, message).await?;
    }
    leptos_axum::redirect("/account");
    Ok(merged)
}

#[server(prefix = "/fn", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let (_, session) = super::context::request_context().await?;
    crate::server::cookie::logout(&session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/fn", endpoint = "account")]
pub async fn get_account() -> Result<AccountInfo, AppError> {
    use super::context::{send_to_login, signed_in};
    let (state, session, user) = signed_in()
        .await
        .inspect_err(|e| send_to_login(e, "/account"))?;
    let profile = crate::server::accounts::profile(&state, user)
        .await?
        .ok_or(AppError::LoginRequired)?;
    let (signed_in_at, idle, absolute) = session.lifetimes().await?;
    Ok(AccountInfo {
        email: profile.email,
        member_since: profile.member_since,
        order_count: profile.order_count,
        session_signed_in_at: signed_in_at,
        session_idle_expires_at: idle.min(absolute),
        session_absolute_expires_at: absolute,
    })
}

/// The user's sign-ins by cookie and by token, this browser's first.
#[server(prefix = "/fn", endpoint = "signins")]
pub async fn get_signins() -> Result<Vec<SignIn>, AppError> {
    let (state, user, current) = signed_in_context().await?;
    crate::server::accounts::signins::list(&state, user, &current).await
}

#[server(prefix = "/fn", endpoint = "signins/end")]
pub async fn end_signin(id: String) -> Result<(), AppError> {
    let (state, user, _) = signed_in_context().await?;
    crate::server::accounts::signins::end(&state, user, &id).await
}

/// Returns how many sign-ins were ended.
#[server(prefix = "/fn", endpoint = "signins/end-others")]
pub async fn end_other_signins() -> Result<u64, AppError> {
    let (state, user, current) = signed_in_context().await?;
    crate::server::accounts::signins::end_others(&state, user, &current).await
}

/// The state, the signed-in user and this browser's sign-in, or "log in first".
#[cfg(feature = "ssr")]
async fn signed_in_context() -> Result<
    (
        crate::server::AppState,
        crate::domain::UserId,
        crate::domain::CurrentSignIn,
    ),
    AppError,
> {
    let (state, session, user) = super::context::signed_in().await?;
    let current = crate::domain::CurrentSignIn {
        cookie_handle: session.handle(),
        token_family: None,
    };
    Ok((state, user, current))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_path_stays_on_this_site() {
        assert_eq!(safe_next_path(Some("/cart")), "/cart");
        assert_eq!(safe_next_path(Some("/orders/3?x=1")), "/orders/3?x=1");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "cart",
            "",
            "/a\r\nb",
        ] {
            assert_eq!(safe_next_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next_path(None), "/");
    }
}
