//! The API reference as the shop's page shows it (`/api-reference`): a readable digest of the
//! OpenAPI document the JSON API generates from its own route list, so the page can never
//! disagree with `/api/v1/openapi.json`. The digest's types, the page, the server function that
//! serves it, and (on the server) the digesting itself.

#[cfg(feature = "ssr")]
mod digest;
pub mod page;

use crate::domain::AppError;
use leptos::prelude::*;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiReference {
    pub title: String,
    pub version: String,
    pub description: String,
    pub groups: Vec<EndpointGroup>,
    pub schemas: Vec<SchemaDoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointGroup {
    pub tag: String,
    pub description: String,
    pub endpoints: Vec<EndpointDoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointDoc {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    /// `required`, `optional` or `none`.
    pub bearer: String,
    pub params: Vec<ParamDoc>,
    pub request_body: Option<String>,
    pub responses: Vec<ResponseDoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamDoc {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseDoc {
    pub status: String,
    pub description: String,
    pub schema: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaDoc {
    pub name: String,
    pub fields: Vec<FieldDoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDoc {
    pub name: String,
    pub ty: String,
    pub required: bool,
    pub description: String,
}

/// The API reference, digested from the same OpenAPI document `/api/v1/openapi.json` serves.
#[server(prefix = "/fn", endpoint = "api-reference")]
pub async fn get_api_reference() -> Result<ApiReference, AppError> {
    use crate::server::api::openapi;
    let state = use_context::<crate::server::AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })?;
    let doc = openapi::as_served(openapi::spec(), &state.config).map_err(|e| {
        tracing::error!(error = %e, "the OpenAPI document did not serialise");
        AppError::Internal
    })?;
    Ok(digest::digest(&doc))
}
