use crate::domain::{AppError, OrderDetail, OrderId, OrderSummary};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "checkout")]
pub async fn checkout() -> Result<OrderId, AppError> {
    use super::context::{leave_for_next_page, send_to_login, signed_in};
    let (state, session, user) = signed_in()
        .await
        .inspect_err(|e| send_to_login(e, "/cart"))?;
    let order = crate::server::shop::orders::checkout(&state, user).await?;
    leave_for_next_page(&session, &crate::domain::order_placed_message(order)).await?;
    leptos_axum::redirect(&format!("/orders/{order}"));
    Ok(order)
}

#[server(prefix = "/fn", endpoint = "orders")]
pub async fn get_orders() -> Result<Vec<OrderSummary>, AppError> {
    use super::context::{send_to_login, signed_in};
    let (state, _, user) = signed_in()
        .await
        .inspect_err(|e| send_to_login(e, "/orders"))?;
    crate::server::shop::orders::list(&state, user).await
}

#[server(prefix = "/fn", endpoint = "order")]
pub async fn get_order(id: OrderId) -> Result<OrderDetail, AppError> {
    use super::context::{send_to_login, signed_in};
    let (state, _, user) = signed_in()
        .await
        .inspect_err(|e| send_to_login(e, &format!("/orders/{id}")))?;
    crate::server::shop::orders::order(&state, user, id).await
}
