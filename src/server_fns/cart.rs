use crate::domain::{AppError, Cart, ProductId};
use leptos::prelude::*;

/// A refusal of the quantity names the product's quantity field, so the page marks that input
/// (the product page's, or its line's in the cart) even when the error comes back in the URL.
#[cfg(feature = "ssr")]
fn parse_quantity(product_id: ProductId, raw: &str) -> Result<crate::domain::Quantity, AppError> {
    crate::domain::Quantity::parse(raw)
        .map_err(|e| AppError::validation(e).in_field(quantity_of(product_id)))
}

#[cfg(feature = "ssr")]
fn quantity_of(product_id: ProductId) -> crate::domain::Field {
    crate::domain::Field::Quantity(product_id)
}

#[server(prefix = "/fn", endpoint = "cart")]
pub async fn get_cart() -> Result<Cart, AppError> {
    use super::context::{account_read, request_context};
    let (state, session) = request_context().await?;
    crate::server::cookie::cart(&state, &session, &account_read()).await
}

/// `quantity` arrives as text so that "abc" or "0" get a precise message instead of a parse error.
/// Returns the confirmation to show.
#[server(prefix = "/fn", endpoint = "cart/add")]
pub async fn add_to_cart(product_id: ProductId, quantity: String) -> Result<String, AppError> {
    // An empty field means one, as the form's default says.
    let quantity = parse_quantity(
        product_id,
        if quantity.trim().is_empty() {
            "1"
        } else {
            &quantity
        },
    )?;
    let (state, session) = super::context::request_context().await?;
    let name = crate::server::cookie::add_to_cart(&state, &session, product_id, quantity)
        .await
        .map_err(|e| e.in_field(quantity_of(product_id)))?;
    let message = format!("Added {quantity} × {name} to your cart.");
    super::context::notify(&session, &message).await?;
    Ok(message)
}

/// Returns the cart after the change, so the page can show it without asking again.
#[server(prefix = "/fn", endpoint = "cart/update")]
pub async fn update_cart_line(product_id: ProductId, quantity: String) -> Result<Cart, AppError> {
    use crate::server::shop::carts;
    let quantity = parse_quantity(product_id, &quantity)?;
    let (state, _, owner) = super::context::cart_owner().await?;
    carts::set_quantity(&state, owner, product_id, quantity)
        .await
        .map_err(|e| e.in_field(quantity_of(product_id)))?;
    carts::cart(&state, owner).await
}

/// Returns the cart after the removal.
#[server(prefix = "/fn", endpoint = "cart/remove")]
pub async fn remove_cart_line(product_id: ProductId) -> Result<Cart, AppError> {
    use crate::server::shop::carts;
    let (state, _, owner) = super::context::cart_owner().await?;
    carts::remove(&state, owner, product_id).await?;
    carts::cart(&state, owner).await
}
