//! `/api/v1/cart`: the signed-in user's cart with a bearer token, or a guest cart carried by the
//! `Cart-Token` header (issued on the first add, returned on every cart response).

use super::error::{ApiError, ApiJson};
use super::extract::{GuestCartToken, MaybeApiUser, CART_TOKEN};
use crate::domain::{AppError, Cart, Quantity};
use crate::server::{db, db::carts::CartOf, shop, token::keys::TokenKind, AppState};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderName, HeaderValue},
    routing::{get, post, put},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cart", get(show))
        .route("/cart/items", post(add))
        .route("/cart/items/{product_id}", put(update).delete(remove))
}

#[derive(Serialize, ToSchema)]
pub struct CartLineView {
    pub product_id: i64,
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
                    quantity: l.quantity,
                    stock: l.stock,
                })
                .collect(),
            owner,
        }
    }
}

/// The cart a request is about: the user's, or the guest's (if it still exists).
enum Owner {
    User(i64),
    Guest(Option<i64>),
}

async fn owner(
    state: &AppState,
    user: MaybeApiUser,
    guest: GuestCartToken,
) -> Result<Owner, ApiError> {
    if let Some(user) = user.0 {
        return Ok(Owner::User(user.user_id));
    }
    match guest.0 {
        Some(id) if db::carts::guest_cart_exists(&state.db, id).await? => {
            Ok(Owner::Guest(Some(id)))
        }
        _ => Ok(Owner::Guest(None)),
    }
}

async fn existing_cart(state: &AppState, owner: &Owner) -> Result<Option<i64>, ApiError> {
    Ok(match owner {
        Owner::User(user_id) => db::carts::find_user_cart(&state.db, *user_id).await?,
        Owner::Guest(id) => *id,
    })
}

type CartResponse = (HeaderMap, Json<CartView>);

/// The cart as JSON, with a fresh `Cart-Token` for a guest cart. `cart_id` is the owner's cart as
/// the handler already resolved it, so it is not looked up (or created) twice.
async fn respond(
    state: &AppState,
    owner: &Owner,
    cart_id: Option<i64>,
) -> Result<CartResponse, ApiError> {
    let mut headers = HeaderMap::new();
    let (cart, who) = match (owner, cart_id) {
        (Owner::User(_), None) => (Cart::default(), "user"),
        (Owner::Guest(_), None) => (Cart::default(), "guest"),
        (Owner::User(user_id), Some(_)) => (
            db::carts::lines_of(&state.db, CartOf::User(*user_id)).await?,
            "user",
        ),
        (Owner::Guest(_), Some(id)) => {
            let (token, _) = state.keys.sign(
                TokenKind::Cart,
                id.to_string(),
                None,
                state.config.cart_token_ttl,
                &state.config.public_origin,
                None,
            )?;
            if let Ok(v) = HeaderValue::from_str(&token) {
                headers.insert(HeaderName::from_static(CART_TOKEN), v);
            }
            (
                db::carts::lines_of(&state.db, CartOf::Guest(id)).await?,
                "guest",
            )
        }
    };
    Ok((headers, Json(CartView::new(cart, who))))
}

/// The cart: the user's with a bearer token, else the guest cart named by `Cart-Token`.
#[utoipa::path(get, path = "/api/v1/cart", tag = "cart",
    params(("Cart-Token" = Option<String>, Header, description = "A guest cart token")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The cart (empty when there is none yet)", body = CartView,
            headers(("Cart-Token" = String, description = "For a guest cart: send it back on the next call"))),
        (status = 401, description = "Invalid bearer or cart token", body = super::error::Problem),
    ))]
pub async fn show(
    State(state): State<AppState>,
    user: MaybeApiUser,
    guest: GuestCartToken,
) -> Result<CartResponse, ApiError> {
    let owner = owner(&state, user, guest).await?;
    let cart_id = existing_cart(&state, &owner).await?;
    respond(&state, &owner, cart_id).await
}

#[derive(Deserialize, ToSchema)]
pub struct AddItem {
    pub product_id: i64,
    /// 1 to 99, at most the stock (default 1).
    #[serde(default = "one")]
    pub quantity: i64,
}

fn one() -> i64 {
    1
}

fn quantity(n: i64) -> Result<Quantity, ApiError> {
    Quantity::new(n).map_err(|e| AppError::validation(e).into())
}

/// Adds to the cart. A guest without a cart gets one, and its `Cart-Token`, now.
#[utoipa::path(post, path = "/api/v1/cart/items", tag = "cart",
    request_body = AddItem,
    params(("Cart-Token" = Option<String>, Header, description = "A guest cart token")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The cart after the add", body = CartView,
            headers(("Cart-Token" = String, description = "For a guest cart"))),
        (status = 404, description = "No such product", body = super::error::Problem),
        (status = 409, description = "Not enough stock", body = super::error::Problem),
        (status = 422, description = "Quantity outside 1..=99", body = super::error::Problem),
    ))]
pub async fn add(
    State(state): State<AppState>,
    user: MaybeApiUser,
    guest: GuestCartToken,
    ApiJson(body): ApiJson<AddItem>,
) -> Result<CartResponse, ApiError> {
    let quantity = quantity(body.quantity)?;
    // Check the product before creating a cart, so bad input never creates one.
    shop::product_name(&state, body.product_id).await?;
    let owner = owner(&state, user, guest).await?;
    let cart = match owner {
        Owner::User(user_id) => Some(CartOf::User(user_id)),
        Owner::Guest(id) => id.map(CartOf::Guest),
    };
    let (owner, cart_id) = match cart {
        Some(cart) => {
            let id = db::carts::add(&state.db, cart, body.product_id, quantity).await?;
            (owner, id)
        }
        None => {
            let id = db::carts::add_to_new_guest_cart(&state.db, body.product_id, quantity).await?;
            (Owner::Guest(Some(id)), id)
        }
    };
    respond(&state, &owner, Some(cart_id)).await
}

#[derive(Deserialize, ToSchema)]
pub struct SetQuantity {
    /// 1 to 99, at most the stock.
    pub quantity: i64,
}

fn product_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::NotFound("That cart line".into()))
}

/// Sets a line's quantity.
#[utoipa::path(put, path = "/api/v1/cart/items/{product_id}", tag = "cart",
    request_body = SetQuantity,
    params(("product_id" = i64, Path), ("Cart-Token" = Option<String>, Header, description = "A guest cart token")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The cart after the change", body = CartView),
        (status = 404, description = "No such line in the cart", body = super::error::Problem),
        (status = 409, description = "Not enough stock", body = super::error::Problem),
        (status = 422, description = "Quantity outside 1..=99", body = super::error::Problem),
    ))]
pub async fn update(
    State(state): State<AppState>,
    user: MaybeApiUser,
    guest: GuestCartToken,
    Path(raw_id): Path<String>,
    ApiJson(body): ApiJson<SetQuantity>,
) -> Result<CartResponse, ApiError> {
    let product_id = product_id(&raw_id)?;
    let quantity = quantity(body.quantity)?;
    let owner = owner(&state, user, guest).await?;
    let cart_id = existing_cart(&state, &owner)
        .await?
        .ok_or_else(|| ApiError::NotFound("That cart line".into()))?;
    db::carts::set_quantity(&state.db, cart_id, product_id, quantity).await?;
    respond(&state, &owner, Some(cart_id)).await
}

/// Removes a line; removing one that is not there is not an error.
#[utoipa::path(delete, path = "/api/v1/cart/items/{product_id}", tag = "cart",
    params(("product_id" = i64, Path), ("Cart-Token" = Option<String>, Header, description = "A guest cart token")),
    security((), ("bearer" = [])),
    responses((status = 200, description = "The cart after the removal", body = CartView)))]
pub async fn remove(
    State(state): State<AppState>,
    user: MaybeApiUser,
    guest: GuestCartToken,
    Path(raw_id): Path<String>,
) -> Result<CartResponse, ApiError> {
    let product_id = product_id(&raw_id)?;
    let owner = owner(&state, user, guest).await?;
    let cart_id = existing_cart(&state, &owner).await?;
    if let Some(id) = cart_id {
        db::carts::remove(&state.db, id, product_id).await?;
    }
    respond(&state, &owner, cart_id).await
}
