//! `/api/v1/checkout` and `/api/v1/orders`: the signed-in user's orders, by bearer token, through
//! the same `shop::orders` the pages use.

use super::error::{ApiError, ApiPath, Problem};
use super::extract::ApiUser;
use super::responses::{OutOfScope, ServerError, Unauthorized, PROBLEM};
use crate::domain::{AppError, Missing, OrderDetail, OrderId, OrderSummary};
use crate::server::{shop::orders, token::Scope, AppState};
use axum::{extract::State, http::StatusCode, Json};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(checkout))
        .routes(routes!(list))
        .routes(routes!(one))
}

#[derive(Serialize, ToSchema)]
pub struct OrderSummaryView {
    #[schema(value_type = i64)]
    pub id: OrderId,
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
    #[schema(value_type = i64)]
    pub id: OrderId,
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

async fn order_for(state: &AppState, user: &ApiUser, id: OrderId) -> Result<OrderView, ApiError> {
    Ok(orders::order(state, user.id, id).await?.into())
}

/// Places an order from the user's cart: stock checked and decremented, prices copied, cart emptied,
/// all in one transaction.
#[utoipa::path(post, operation_id = "checkout", path = "/api/v1/checkout", tag = "orders",
    security(("bearer" = ["orders"])),
    responses(
        (status = 201, description = "The order", body = OrderView),
        Unauthorized,
        OutOfScope,
        (status = 409, description = "The cart is empty, not enough stock for a line, or a total too large", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn checkout(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<(StatusCode, Json<OrderView>), ApiError> {
    let user = user.require(Scope::Orders)?;
    let order = orders::checkout(&state, user.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(order_for(&state, &user, order).await?),
    ))
}

/// The user's orders, newest first.
#[utoipa::path(get, operation_id = "list_orders", path = "/api/v1/orders", tag = "orders",
    security(("bearer" = ["orders"])),
    responses(
        (status = 200, description = "Orders", body = [OrderSummaryView]),
        Unauthorized,
        OutOfScope,
        ServerError,
    ))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Vec<OrderSummaryView>>, ApiError> {
    let user = user.require(Scope::Orders)?;
    let list = orders::list(&state, user.id).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// One of the user's orders; another user's order is a 404, as if it did not exist.
#[utoipa::path(get, operation_id = "get_order", path = "/api/v1/orders/{id}", tag = "orders",
    params(("id" = i64, Path)),
    security(("bearer" = ["orders"])),
    responses(
        (status = 200, description = "The order", body = OrderView),
        Unauthorized,
        OutOfScope,
        (status = 404, description = "No such order of yours (or an id that is not a whole number)", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn one(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(raw_id): ApiPath<String>,
) -> Result<Json<OrderView>, ApiError> {
    let user = user.require(Scope::Orders)?;
    let id = raw_id
        .parse()
        .map_err(|_| AppError::NotFound(Missing::Order))?;
    Ok(Json(order_for(&state, &user, id).await?))
}
