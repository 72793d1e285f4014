use crate::domain::{AccountInfo, AppError};
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

/// A page that needs a signed-in user sends a guest to the login form, and back afterwards.
#[cfg(feature = "ssr")]
pub(crate) fn send_to_login(err: &AppError, back_to: &str) {
    if matches!(err, AppError::LoginRequired) {
        leptos_axum::redirect(&format!("/login?next={back_to}"));
    }
}
