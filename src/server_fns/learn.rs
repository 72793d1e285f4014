use crate::domain::{AppError, LearnFacts};
use leptos::prelude::*;

/// The comparison table's values and the claims' verdicts, measured on this server for this request.
#[server(endpoint = "learn-facts")]
pub async fn get_learn_facts() -> Result<LearnFacts, AppError> {
    let (state, session) = super::context::request_context().await?;
    let headers = super::context::headers().await;
    let yours = crate::server::http::session_cookie(&headers, &state.config).map(String::from);
    let expiry = session.expiry().await?;
    crate::server::learn::facts::facts(&state, yours, expiry).await
}
