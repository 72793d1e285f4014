use crate::domain::{AppError, CatalogPage, NavState, Product};
use leptos::prelude::*;

#[server(endpoint = "catalog")]
pub async fn get_catalog(
    category: Option<String>,
    q: Option<String>,
) -> Result<CatalogPage, AppError> {
    let (state, _) = super::context::request_context().await?;
    let query = crate::domain::CatalogQuery::normalized(category, q);
    crate::server::shop::catalog::page(&state, query).await
}

#[server(endpoint = "product")]
pub async fn get_product(slug: String) -> Result<Product, AppError> {
    let (state, _) = super::context::request_context().await?;
    crate::server::shop::catalog::product(&state, &slug).await
}

/// The navigation bar's data.
#[server(endpoint = "nav")]
pub async fn get_nav_state() -> Result<NavState, AppError> {
    let (state, session) = super::context::request_context().await?;
    crate::server::cookie::nav_state(&state, &session, &super::context::account_read()).await
}

/// The one-time message a no-JavaScript form post left for this page, if any (it is then gone).
#[server(endpoint = "flash")]
pub async fn take_flash() -> Result<Option<String>, AppError> {
    let (_, session) = super::context::request_context().await?;
    session.take_flash().await
}
