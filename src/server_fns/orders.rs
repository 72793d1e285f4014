use crate::domain::{AppError, OrderDetail, OrderSummary};
use leptos::prelude::*;

#[server(endpoint = "checkout")]
pub async fn checkout() -> Result<i64, AppError> {
    let (state, session) = crate::server::request_context().await?;
    let order_id = crate::server::shop::checkout(&state, &session)
        .await
        .inspect_err(|e| super::auth::send_to_login(e, "/cart"))?;
    crate::server::notify(&session, &crate::domain::order_placed_message(order_id)).await?;
    leptos_axum::redirect(&format!("/orders/{order_id}"));
    Ok(order_id)
}

#[server(endpoint = "orders")]
pub async fn get_orders() -> Result<Vec<OrderSummary>, AppError> {
    let (state, session) = crate::server::request_context().await?;
    crate::server::shop::orders(&state, &session)
        .await
        .inspect_err(|e| super::auth::send_to_login(e, "/orders"))
}

#[server(endpoint = "order")]
pub async fn get_order(id: i64) -> Result<OrderDetail, AppError> {
    let (state, session) = crate::server::request_context().await?;
    crate::server::shop::order(&state, &session, id)
        .await
        .inspect_err(|e| super::auth::send_to_login(e, &format!("/orders/{id}")))
}
