//! `/api/v1/checkout` and `/api/v1/orders`: the signed-in user's orders, by bearer token.

use super::error::ApiError;
use super::extract::ApiUser;
use crate::domain::{OrderDetail, OrderSummary};
use crate::server::{db, shop, AppState};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::{get, post},
    Json, Router,
};
use serde::Serialize;
use utoipa::ToSchema;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/checkout", post(checkout))
        .route("/orders", get(list))
        .route("/orders/{id}", get(one))
}

#[derive(Serialize, ToSchema)]
pub struct OrderSummaryView {
    pub id: i64,
    /// Unix seconds.
    pub created_at: i64,
    pub total_cents: i64,
    pub item_count: i64,
}

impl From<OrderSummary> for OrderSummaryView {
    fn from(o: OrderSummary) -> Self {
        OrderSummaryView {
            id: o.id,
            created_at: o.created_at,
            total_cents: o.total.cents(),
            item_count: o.item_count,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OrderLineView {
    pub product_slug: String,
    pub product_name: String,
    /// The price paid, copied when the order was placed.
    pub unit_price_cents: i64,
    pub quantity: i64,
    pub line_total_cents: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OrderView {
    pub id: i64,
    pub created_at: i64,
    pub total_cents: i64,
    /// Formatted for display.
    pub total: String,
    pub lines: Vec<OrderLineView>,
}

impl From<OrderDetail> for OrderView {
    fn from(o: OrderDetail) -> Self {
        OrderView {
            id: o.id,
            created_at: o.created_at,
            total_cents: o.total.cents(),
            total: o.total.to_string(),
            lines: o
                .lines
                .into_iter()
                .map(|l| OrderLineView {
                    line_total_cents: l.line_total().cents(),
                    product_slug: l.product_slug,
                    product_name: l.product_name,
                    unit_price_cents: l.unit_price.cents(),
                    quantity: l.quantity,
                })
                .collect(),
        }
    }
}

async fn order_for(state: &AppState, user_id: i64, order_id: i64) -> Result<OrderView, ApiError> {
    db::orders::detail_for_user(&state.db, user_id, order_id)
        .await?
        .map(OrderView::from)
        .ok_or_else(|| ApiError::NotFound("That order".into()))
}

/// Places an order from the user's cart: stock checked and decremented, prices copied, cart emptied,
/// all in one transaction.
#[utoipa::path(post, path = "/api/v1/checkout", tag = "orders",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The order", body = OrderView),
        (status = 401, description = "Not signed in", body = super::error::Problem),
        (status = 409, description = "Not enough stock for a line", body = super::error::Problem),
        (status = 422, description = "The cart is empty", body = super::error::Problem),
    ))]
pub async fn checkout(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<(StatusCode, Json<OrderView>), ApiError> {
    let cart_id = db::carts::find_user_cart(&state.db, user.user_id)
        .await?
        .ok_or_else(|| ApiError::Validation("Your cart is empty.".into()))?;
    let order_id = shop::place_order(&state, user.user_id, cart_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(order_for(&state, user.user_id, order_id).await?),
    ))
}

/// The user's orders, newest first.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders",
    security(("bearer" = [])),
    responses((status = 200, description = "Orders", body = [OrderSummaryView])))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Vec<OrderSummaryView>>, ApiError> {
    let orders = db::orders::list_for_user(&state.db, user.user_id).await?;
    Ok(Json(orders.into_iter().map(Into::into).collect()))
}

/// One of the user's orders; another user's order is a 404, as if it did not exist.
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders",
    params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The order", body = OrderView),
        (status = 404, description = "No such order of yours", body = super::error::Problem),
    ))]
pub async fn one(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw_id): Path<String>,
) -> Result<Json<OrderView>, ApiError> {
    let order_id = raw_id
        .parse()
        .map_err(|_| ApiError::NotFound("That order".into()))?;
    Ok(Json(order_for(&state, user.user_id, order_id).await?))
}
