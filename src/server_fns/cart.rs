use crate::domain::{AppError, Cart};
use leptos::prelude::*;

#[server(endpoint = "cart")]
pub async fn get_cart() -> Result<Cart, AppError> {
    let (state, session) = crate::server::request_context().await?;
    crate::server::shop::cart(&state, &session).await
}

/// `quantity` arrives as text so that "abc" or "0" get a precise message instead of a parse error.
/// Returns the confirmation to show.
#[server(endpoint = "cart/add")]
pub async fn add_to_cart(product_id: i64, quantity: String) -> Result<String, AppError> {
    let (state, session) = crate::server::request_context().await?;
    let quantity = if quantity.trim().is_empty() {
        "1".to_string()
    } else {
        quantity
    };
    let name = crate::server::shop::add_to_cart(&state, &session, product_id, &quantity).await?;
    let message = format!("Added {} × {name} to your cart.", quantity.trim());
    crate::server::notify(&session, &message).await?;
    Ok(message)
}

#[server(endpoint = "cart/update")]
pub async fn update_cart_line(product_id: i64, quantity: String) -> Result<(), AppError> {
    let (state, session) = crate::server::request_context().await?;
    crate::server::shop::update_line(&state, &session, product_id, &quantity).await
}

#[server(endpoint = "cart/remove")]
pub async fn remove_cart_line(product_id: i64) -> Result<(), AppError> {
    let (state, session) = crate::server::request_context().await?;
    crate::server::shop::remove_line(&state, &session, product_id).await
}
