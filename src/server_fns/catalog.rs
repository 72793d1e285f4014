use crate::domain::{AppError, CatalogPage, CurrentUser, Product};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the navigation bar needs on every page: who is signed in and how many items are in the cart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NavState {
    pub user: Option<CurrentUser>,
    pub cart_count: u32,
}

#[server(prefix = "/fn", endpoint = "catalog")]
pub async fn get_catalog(
    category: Option<String>,
    q: Option<String>,
) -> Result<CatalogPage, AppError> {
    let (state, _) = super::context::request_context().await?;
    let query = crate::domain::CatalogQuery::normalized(category, q);
    crate::server::shop::catalog::page(&state, query).await
}

#[server(prefix = "/fn", endpoint = "product")]
pub async fn get_product(slug: String) -> Result<Product, AppError> {
    let (state, _) = super::context::request_context().await?;
    crate::server::shop::catalog::product(&state, &slug).await
}

/// The navigation bar's data.
#[server(prefix = "/fn", endpoint = "nav")]
pub async fn get_nav_state() -> Result<NavState, AppError> {
    let (state, session) = super::context::request_context().await?;
    let read = super::context::account_read();
    let visitor = crate::server::cookie::visitor(&state, &session, &read).await?;
    Ok(NavState {
        user: visitor.user,
        cart_count: visitor.cart_count,
    })
}

/// The one-time message a no-JavaScript form post left for this page, if any (it is then gone).
#[server(prefix = "/fn", endpoint = "flash")]
pub async fn take_flash() -> Result<Option<String>, AppError> {
    let (_, session) = super::context::request_context().await?;
    session.take_flash().await
}
