//! Catalog, cart and checkout as plain async functions over the state and the session.

use crate::domain::{
    AccountInfo, AppError, Cart, CatalogPage, CatalogQuery, NavState, OrderDetail, OrderSummary,
    Product, Quantity,
};
use crate::server::{accounts, db, db::carts::CartRef, sessions::ShopSession, AppState};

pub async fn catalog(state: &AppState, query: CatalogQuery) -> Result<CatalogPage, AppError> {
    let categories = db::catalog::categories(&state.db).await?;
    if let Some(slug) = &query.category {
        if !categories.iter().any(|c| &c.slug == slug) {
            return Err(AppError::NotFound(format!("The category “{slug}”")));
        }
    }
    let products = db::catalog::products(&state.db, &query).await?;
    Ok(CatalogPage {
        categories,
        products,
        query,
    })
}

pub async fn product(state: &AppState, slug: &str) -> Result<Product, AppError> {
    db::catalog::product_by_slug(&state.db, slug)
        .await?
        .ok_or_else(|| AppError::NotFound("That product".into()))
}

/// The cart this session shops with, if it has one: the account's when signed in, else the guest's.
async fn current_cart(state: &AppState, session: &ShopSession) -> Result<Option<i64>, AppError> {
    if let Some(user_id) = session.user_id().await? {
        return Ok(db::carts::find_user_cart(&state.db, user_id).await?);
    }
    match session.guest_cart_id().await? {
        Some(id) if db::carts::guest_cart_exists(&state.db, id).await? => Ok(Some(id)),
        _ => Ok(None),
    }
}

pub async fn nav_state(state: &AppState, session: &ShopSession) -> Result<NavState, AppError> {
    let user = accounts::current_user(state, session).await?;
    let cart_count = match current_cart(state, session).await? {
        Some(id) => db::carts::item_count(&state.db, id).await?,
        None => 0,
    };
    Ok(NavState { user, cart_count })
}

pub async fn cart(state: &AppState, session: &ShopSession) -> Result<Cart, AppError> {
    match current_cart(state, session).await? {
        Some(id) => Ok(db::carts::cart(&state.db, id).await?),
        None => Ok(Cart::default()),
    }
}

fn parse_quantity(raw: &str) -> Result<Quantity, AppError> {
    Quantity::parse(raw).map_err(AppError::validation)
}

/// Returns the product's name, for the confirmation message.
pub async fn add_to_cart(
    state: &AppState,
    session: &ShopSession,
    product_id: i64,
    quantity: &str,
) -> Result<String, AppError> {
    let quantity = parse_quantity(quantity)?;
    // Check the product before creating a cart, so bad input never starts a session.
    let product = db::catalog::product_by_id(&state.db, product_id)
        .await?
        .ok_or_else(|| AppError::NotFound("That product".into()))?;
    let cart = match session.user_id().await? {
        Some(user_id) => Some(CartRef::User(user_id)),
        None => current_cart(state, session).await?.map(CartRef::Id),
    };
    match cart {
        Some(cart) => {
            db::carts::add(&state.db, cart, product_id, quantity).await?;
        }
        None => {
            let cart_id = db::carts::add_to_new_guest_cart(&state.db, product_id, quantity).await?;
            session.start_guest_cart(cart_id).await?;
        }
    }
    Ok(product.name)
}

pub async fn update_line(
    state: &AppState,
    session: &ShopSession,
    product_id: i64,
    quantity: &str,
) -> Result<(), AppError> {
    let quantity = parse_quantity(quantity)?;
    let cart_id = current_cart(state, session)
        .await?
        .ok_or_else(|| AppError::NotFound("That cart line".into()))?;
    db::carts::set_quantity(&state.db, cart_id, product_id, quantity).await
}

pub async fn remove_line(
    state: &AppState,
    session: &ShopSession,
    product_id: i64,
) -> Result<(), AppError> {
    if let Some(cart_id) = current_cart(state, session).await? {
        db::carts::remove(&state.db, cart_id, product_id).await?;
    }
    Ok(())
}

pub async fn checkout(state: &AppState, session: &ShopSession) -> Result<i64, AppError> {
    let user = accounts::require_user(state, session).await?;
    let cart_id = current_cart(state, session)
        .await?
        .ok_or_else(|| AppError::Validation("Your cart is empty.".into()))?;
    db::orders::place_order(&state.db, user.id, cart_id).await
}

pub async fn orders(
    state: &AppState,
    session: &ShopSession,
) -> Result<Vec<OrderSummary>, AppError> {
    let user = accounts::require_user(state, session).await?;
    Ok(db::orders::list_for_user(&state.db, user.id).await?)
}

pub async fn order(
    state: &AppState,
    session: &ShopSession,
    order_id: i64,
) -> Result<OrderDetail, AppError> {
    let user = accounts::require_user(state, session).await?;
    db::orders::detail_for_user(&state.db, user.id, order_id)
        .await?
        .ok_or_else(|| AppError::NotFound("That order".into()))
}

pub async fn account(state: &AppState, session: &ShopSession) -> Result<AccountInfo, AppError> {
    let user = accounts::require_user(state, session).await?;
    let record = db::users::find_by_id(&state.db, user.id)
        .await?
        .ok_or(AppError::LoginRequired)?;
    let (signed_in, idle, absolute) = session.lifetimes().await?;
    Ok(AccountInfo {
        email: record.email,
        member_since: record.created_at,
        order_count: db::users::order_count(&state.db, user.id).await?,
        session_signed_in_at: signed_in,
        session_idle_expires_at: idle.min(absolute),
        session_absolute_expires_at: absolute,
    })
}
