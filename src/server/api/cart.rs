//! `/api/v1/cart`: the signed-in user's cart with a bearer token, or a guest cart carried by the
//! `Cart-Token` header (issued on the first add, returned on every cart response). The cart itself
//! is `shop::carts`, the same functions the pages call.

use super::error::{ApiError, ApiJson, ApiPath, Problem};
use super::extract::{CartOwnerOf, CART_TOKEN};
use super::input;
use super::responses::{NotJson, NotJsonType, OutOfScope, ServerError, TooLarge, PROBLEM};
use crate::domain::{AppError, Cart, CartOwner, Missing, ProductId, Quantity};
use crate::server::{shop::carts, AppState};
use axum::{
    extract::State,
    http::{HeaderMap, HeaderName, HeaderValue},
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(show))
        .routes(routes!(add))
        .routes(routes!(update, remove))
}

#[derive(Serialize, ToSchema)]
pub struct CartLineView {
    #[schema(value_type = i64)]
    pub product_id: ProductId,
    pub slug: String,
    pub name: String,
    pub unit_price_cents: i64,
    pub quantity: u8,
    pub line_total_cents: i64,
    pub stock: i64,
}

#[derive(Serialize, ToSchema)]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    pub item_count: u32,
    pub total_cents: i64,
    /// Formatted for display, e.g. `$23.97`.
    pub total: String,
    /// Whose cart this is: `user` (bearer token) or `guest` (Cart-Token).
    pub owner: &'static str,
}

impl CartView {
    fn new(cart: Cart, owner: &'static str) -> Self {
        CartView {
            item_count: cart.item_count(),
            total_cents: cart.total().cents(),
            total: cart.total().to_string(),
            lines: cart
                .lines
                .into_iter()
                .map(|l| CartLineView {
                    line_total_cents: l.line_total().cents(),
                    product_id: l.product_id,
                    slug: l.slug,
                    name: l.name,
                    unit_price_cents: l.unit_price.cents(),
                    quantity: l.quantity.get(),
                    stock: l.stock,
                })
                .collect(),
            owner,
        }
    }
}

type CartResponse = (HeaderMap, Json<CartView>);

/// The cart as JSON, with a fresh `Cart-Token` for a guest cart that exists. `owner` is the
/// owner as the handler already resolved it, so it is not looked up twice.
async fn respond(state: &AppState, owner: Option<CartOwner>) -> Result<CartResponse, ApiError> {
    let mut headers = HeaderMap::new();
    if let Some(CartOwner::Guest(id)) = owner {
        if let Ok(v) = HeaderValue::from_str(&state.keys.sign_cart(id)?) {
            headers.insert(HeaderName::from_static(CART_TOKEN), v);
        }
    }
    let who = match owner {
        Some(CartOwner::User(_)) => "user",
        _ => "guest",
    };
    let cart = carts::cart(state, owner).await?;
    Ok((headers, Json(CartView::new(cart, who))))
}

/// The cart: the user's with a bearer token, else the guest cart named by `Cart-Token`.
#[utoipa::path(get, operation_id = "get_cart", path = "/api/v1/cart", tag = "cart",
    security((), ("bearer" = ["cart"]), ("cart_token" = [])),
    responses(
        (status = 200, description = "The cart (empty when there is none yet)", body = CartView,
            headers(("Cart-Token" = String, description = "For a guest cart: send it back on the next call"))),
        (status = 401, description = REFUSED, body = Problem, content_type = PROBLEM),
        OutOfScope,
        ServerError,
    ))]
pub async fn show(
    State(state): State<AppState>,
    CartOwnerOf(claimed): CartOwnerOf,
) -> Result<CartResponse, ApiError> {
    let owner = carts::existing(&state, claimed).await?;
    respond(&state, owner).await
}

/// A credential that is present must be valid, whichever it is.
const REFUSED: &str = "A bearer token or Cart-Token that was refused (`reason` says why)";

#[derive(Deserialize, ToSchema)]
pub struct AddItem {
    #[serde(deserialize_with = "input::product_id")]
    #[schema(value_type = i64, example = 1)]
    pub product_id: ProductId,
    /// At most the stock, and at most 99 in the cart in all (default 1).
    #[serde(default = "one", deserialize_with = "input::whole")]
    #[schema(minimum = 1, maximum = 99, default = 1)]
    pub quantity: i64,
}

fn one() -> i64 {
    1
}

fn quantity(n: i64) -> Result<Quantity, ApiError> {
    Quantity::new(n).map_err(|e| AppError::validation(e).into())
}

/// Adds to the cart. A guest without a cart gets one, and its `Cart-Token`, now.
#[utoipa::path(post, operation_id = "add_cart_item", path = "/api/v1/cart/items", tag = "cart",
    request_body = AddItem,
    security((), ("bearer" = ["cart"]), ("cart_token" = [])),
    responses(
        (status = 200, description = "The cart after the add", body = CartView,
            headers(("Cart-Token" = String, description = "For a guest cart (a new one on a guest's first add): send it back on the next call"))),
        NotJson,
        (status = 401, description = REFUSED, body = Problem, content_type = PROBLEM),
        OutOfScope,
        (status = 404, description = "No such product, or the guest cart named by Cart-Token is gone", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not enough stock, or more than 99 in the cart in all", body = Problem, content_type = PROBLEM),
        TooLarge,
        NotJsonType,
        (status = 422, description = "Quantity outside 1 to 99, or a field missing or of the wrong type", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn add(
    State(state): State<AppState>,
    CartOwnerOf(claimed): CartOwnerOf,
    ApiJson(body): ApiJson<AddItem>,
) -> Result<CartResponse, ApiError> {
    let quantity = quantity(body.quantity)?;
    let added = carts::add(&state, claimed, body.product_id, quantity).await?;
    respond(&state, Some(added.owner)).await
}

#[derive(Deserialize, ToSchema)]
pub struct SetQuantity {
    /// At most the stock.
    #[serde(deserialize_with = "input::whole")]
    #[schema(minimum = 1, maximum = 99)]
    pub quantity: i64,
}

/// A path segment that is not a product id names no line of any cart.
fn product_id(raw: &str) -> Result<ProductId, ApiError> {
    raw.parse()
        .map_err(|_| AppError::NotFound(Missing::CartLine).into())
}

/// Sets a line's quantity.
#[utoipa::path(put, operation_id = "update_cart_item", path = "/api/v1/cart/items/{product_id}", tag = "cart",
    request_body = SetQuantity,
    params(("product_id" = i64, Path, example = 1)),
    security((), ("bearer" = ["cart"]), ("cart_token" = [])),
    responses(
        (status = 200, description = "The cart after the change", body = CartView,
            headers(("Cart-Token" = String, description = "For a guest cart"))),
        NotJson,
        (status = 401, description = REFUSED, body = Problem, content_type = PROBLEM),
        OutOfScope,
        (status = 404, description = "No such line in the cart (or no cart, or a product id that is not a whole number)", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Not enough stock", body = Problem, content_type = PROBLEM),
        TooLarge,
        NotJsonType,
        (status = 422, description = "Quantity outside 1 to 99, or a field missing or of the wrong type", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn update(
    State(state): State<AppState>,
    CartOwnerOf(claimed): CartOwnerOf,
    ApiPath(raw_id): ApiPath<String>,
    ApiJson(body): ApiJson<SetQuantity>,
) -> Result<CartResponse, ApiError> {
    let product = product_id(&raw_id)?;
    let quantity = quantity(body.quantity)?;
    let owner = carts::existing(&state, claimed).await?;
    carts::set_quantity(&state, owner, product, quantity).await?;
    respond(&state, owner).await
}

/// Removes a line; removing one that is not there is not an error.
#[utoipa::path(delete, operation_id = "remove_cart_item", path = "/api/v1/cart/items/{product_id}", tag = "cart",
    params(("product_id" = i64, Path, example = 1)),
    security((), ("bearer" = ["cart"]), ("cart_token" = [])),
    responses(
        (status = 200, description = "The cart after the removal", body = CartView,
            headers(("Cart-Token" = String, description = "For a guest cart"))),
        (status = 401, description = REFUSED, body = Problem, content_type = PROBLEM),
        OutOfScope,
        (status = 404, description = "A product id that is not a whole number", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn remove(
    State(state): State<AppState>,
    CartOwnerOf(claimed): CartOwnerOf,
    ApiPath(raw_id): ApiPath<String>,
) -> Result<CartResponse, ApiError> {
    let product = product_id(&raw_id)?;
    let owner = carts::existing(&state, claimed).await?;
    carts::remove(&state, owner, product).await?;
    respond(&state, owner).await
}
