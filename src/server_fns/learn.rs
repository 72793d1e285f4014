use crate::domain::{AppError, ClaimResult, LearnFacts};
use leptos::prelude::*;

/// The comparison table's values, measured on this server for this request.
#[server(endpoint = "learn-facts")]
pub async fn get_learn_facts() -> Result<LearnFacts, AppError> {
    let (state, session) = crate::server::request_context().await?;
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .unwrap_or_default();
    let yours = crate::server::session_cookie(&headers, &state.config).map(String::from);
    let expiry = session.expiry().await?;
    crate::server::learn::facts::facts(&state, yours, expiry).await
}

/// Runs the "claims, tested" experiments on this server now.
#[server(endpoint = "learn-claims")]
pub async fn run_claims() -> Result<Vec<ClaimResult>, AppError> {
    let (state, _) = crate::server::request_context().await?;
    crate::server::learn::experiments::run(&state).await
}
