use crate::domain::{ApiReference, AppError};
use leptos::prelude::*;

/// The API reference, digested from the same OpenAPI document `/api/v1/openapi.json` serves.
#[server(endpoint = "api-reference")]
pub async fn get_api_reference() -> Result<ApiReference, AppError> {
    use crate::server::api::openapi;
    let state = use_context::<crate::server::AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })?;
    let doc = openapi::as_configured(openapi::spec(), &state.config);
    let doc = serde_json::to_value(doc).map_err(|e| {
        tracing::error!(error = %e, "the OpenAPI document did not serialise");
        AppError::Internal
    })?;
    Ok(crate::server::api::reference::digest(&doc))
}

/// What the API playground needs to know about this server.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlaygroundInfo {
    pub access_ttl_secs: u64,
    pub denylist_enabled: bool,
    pub partner_origin: Option<String>,
}

#[server(endpoint = "playground-info")]
pub async fn get_playground_info() -> Result<PlaygroundInfo, AppError> {
    let (state, _) = super::context::request_context().await?;
    let c = &state.config;
    Ok(PlaygroundInfo {
        access_ttl_secs: c.access_ttl.as_secs(),
        denylist_enabled: c.access_denylist,
        partner_origin: c.partner_addr.map(|_| c.partner_origin.clone()),
    })
}
