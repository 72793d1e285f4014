use crate::domain::{AppError, ClaimResult, LearnFacts};
use leptos::prelude::*;

/// The comparison table's values, measured on this server for this request.
#[server(endpoint = "learn-facts")]
pub async fn get_learn_facts() -> Result<LearnFacts, AppError> {
    let (state, session) = super::context::request_context().await?;
    let headers = super::context::headers().await;
    let yours = crate::server::http::session_cookie(&headers, &state.config).map(String::from);
    let expiry = session.expiry().await?;
    crate::server::learn::facts::facts(&state, yours, expiry).await
}

/// Runs the "claims, tested" experiments on this server now.
#[server(endpoint = "learn-claims")]
pub async fn run_claims() -> Result<Vec<ClaimResult>, AppError> {
    let (state, _) = super::context::request_context().await?;
    crate::server::learn::experiments::run(&state).await
}
