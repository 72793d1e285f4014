use crate::domain::{AccountInfo, AppError, SignIn};
use leptos::prelude::*;

/// Returns what was merged from the guest cart, as a sentence, if anything was.
#[server(endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<Option<String>, AppError> {
    use crate::server::accounts::{self, LoginInput};
    let (state, session) = crate::server::request_context().await?;
    let client = crate::server::client_address(&state.config).await;
    let merged = accounts::login(&state, &session, &client, LoginInput { email, password })
        .await?
        .summary();
    if let Some(message) = &merged {
        crate::server::notify(&session, message).await?;
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
    use crate::server::accounts::{self, RegisterInput};
    let (state, session) = crate::server::request_context().await?;
    let merged = accounts::register(
        &state,
        &session,
        RegisterInput {
            email,
            password,
            password_confirm,
        },
    )
    .await?
    .summary();
    if let Some(message) = &merged {
        crate::server::notify(&session, message).await?;
    }
    leptos_axum::redirect("/account");
    Ok(merged)
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let (_, session) = crate::server::request_context().await?;
    crate::server::accounts::logout(&session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "account")]
pub async fn get_account() -> Result<AccountInfo, AppError> {
    let (state, session) = crate::server::request_context().await?;
    crate::server::shop::account(&state, &session)
        .await
        .inspect_err(|e| send_to_login(e, "/account"))
}

/// The user's sign-ins by cookie and by token, this browser's first.
#[server(endpoint = "signins")]
pub async fn get_signins() -> Result<Vec<SignIn>, AppError> {
    let (state, user_id, current) = signed_in_context().await?;
    crate::server::accounts::signins::list(&state, user_id, &current).await
}

#[server(endpoint = "signins/end")]
pub async fn end_signin(id: String) -> Result<(), AppError> {
    let (state, user_id, _) = signed_in_context().await?;
    crate::server::accounts::signins::end(&state, user_id, &id).await
}

/// Returns how many sign-ins were ended.
#[server(endpoint = "signins/end-others")]
pub async fn end_other_signins() -> Result<u64, AppError> {
    let (state, user_id, current) = signed_in_context().await?;
    crate::server::accounts::signins::end_others(&state, user_id, &current).await
}

/// The state, the signed-in user's id and this browser's sign-in, or "log in first".
#[cfg(feature = "ssr")]
async fn signed_in_context(
) -> Result<(crate::server::AppState, i64, crate::domain::CurrentSignIn), AppError> {
    let (state, session) = crate::server::request_context().await?;
    let user = crate::server::accounts::require_user(&state, &session).await?;
    let current = crate::domain::CurrentSignIn {
        cookie_handle: session.handle(),
        token_family: None,
    };
    Ok((state, user.id, current))
}

/// A page that needs a signed-in user sends a guest to the login form, and back afterwards.
#[cfg(feature = "ssr")]
pub(crate) fn send_to_login(err: &AppError, back_to: &str) {
    if matches!(err, AppError::LoginRequired) {
        leptos_axum::redirect(&format!("/login?next={back_to}"));
    }
}
