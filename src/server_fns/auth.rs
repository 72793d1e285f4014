use crate::domain::{AccountInfo, AppError, SignIn};
use leptos::prelude::*;

/// Returns what was merged from the guest cart, as a sentence, if anything was.
#[server(endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<Option<String>, AppError> {
    use super::context::{client_address, headers, leave_for_next_page, request_context};
    use crate::server::{accounts::Client, cookie, http};
    let (state, session) = request_context().await?;
    let address = client_address(&state).await;
    let headers = headers().await;
    let client = Client {
        address: &address,
        device: http::cookie_value(&headers, state.config.device_cookie_name()),
    };
    let input = crate::server::accounts::LoginInput { email, password };
    let (merged, device) = cookie::login(&state, &session, &client, input).await?;
    super::context::set_device_cookie(&state, &device);
    let merged = merged.summary();
    if let Some(message) = &merged {
        leave_for_next_page(&session, message).await?;
    }
    leptos_axum::redirect(&crate::domain::safe_next_path(next.as_deref()));
    Ok(merged)
}

#[server(endpoint = "register")]
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

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let (_, session) = super::context::request_context().await?;
    crate::server::cookie::logout(&session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "account")]
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
#[server(endpoint = "signins")]
pub async fn get_signins() -> Result<Vec<SignIn>, AppError> {
    let (state, user, current) = signed_in_context().await?;
    crate::server::accounts::signins::list(&state, user, &current).await
}

#[server(endpoint = "signins/end")]
pub async fn end_signin(id: String) -> Result<(), AppError> {
    let (state, user, _) = signed_in_context().await?;
    crate::server::accounts::signins::end(&state, user, &id).await
}

/// Returns how many sign-ins were ended.
#[server(endpoint = "signins/end-others")]
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
