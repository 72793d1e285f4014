//! What the API playground and the labs need to know about this server's setup.

use crate::domain::AppError;
use leptos::prelude::*;

/// What the API playground needs to know about this server.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlaygroundInfo {
    pub access_ttl_secs: u64,
    pub denylist_enabled: bool,
    pub partner_origin: Option<String>,
}

#[server(prefix = "/fn", endpoint = "playground-info")]
pub async fn get_playground_info() -> Result<PlaygroundInfo, AppError> {
    let (state, _) = super::context::request_context().await?;
    let c = &state.config;
    Ok(PlaygroundInfo {
        access_ttl_secs: c.access_ttl.as_secs(),
        denylist_enabled: c.access_denylist,
        partner_origin: c.partner_addr.map(|_| c.partner_origin.clone()),
    })
}
