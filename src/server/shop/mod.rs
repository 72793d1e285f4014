//! Catalog, cart and checkout as plain async functions over the state and the session.

pub mod catalog;
pub mod page_cache;

use crate::domain::{
    AccountInfo, AppError, Cart, CatalogPage, CatalogQuery, CurrentUser, NavState, OrderDetail,
    OrderSummary, Product, Quantity,
};
use crate::server::{accounts, cookie::session::ShopSession, db, db::carts::CartOf, AppState};

pub async fn catalog(state: &AppState, query: CatalogQuery) -> Result<CatalogPage, AppError> {
    let catalog = state.catalog.get(&state.db).await?;
    if let Some(slug) = &query.category {
        if !catalog.categories.iter().any(|c| &c.slug == slug) {
            return Err(AppError::NotFound(format!("The category “{slug}”")));
        }
    }
    Ok(CatalogPage {
        categories: catalog.categories.clone(),
        products: catalog
            .products
            .iter()
            .filter(|p| query.matches(p))
            .cloned()
            .collect(),
        query,
    })
}

pub async fn product(state: &AppState, slug: &str) -> Result<Product, AppError> {
    state
        .catalog
        .get(&state.db)
        .await?
        .product_by_slug(slug)
        .cloned()
        .ok_or_else(|| AppError::NotFound("That product".into()))
}

/// The product's name, or NotFound (products are never deleted, so the catalog in memory can tell).
pub async fn product_name(state: &AppState, product_id: i64) -> Result<String, AppError> {
    state
        .catalog
        .get(&state.db)
        .await?
        .product_by_id(product_id)
        .map(|p| p.name.clone())
        .ok_or_else(|| AppError::NotFound("That product".into()))
}

/// Checkout, and every catalog in memory told that stock changed: this instance's at once, the
/// others' by notification (PostgreSQL) or within a second.
pub async fn place_order(state: &AppState, user_id: i64, cart_id: i64) -> Result<i64, AppError> {
    let order_id = db::orders::place_order(&state.db, user_id, cart_id).await?;
    state.catalog.invalidate();
    if let Err(e) = state.db.notify(db::CATALOG_CHANNEL, "stock").await {
        // The order is placed; other instances' catalogs catch up within a second anyway.
        tracing::error!(error = %e, "could not tell other instances about a stock change");
    }
    Ok(order_id)
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

/// Whose cart this session shows: each page reads it through its owner in one query.
async fn cart_of(session: &ShopSession) -> Result<Option<CartOf>, AppError> {
    if let Some(user_id) = session.user_id().await? {
        return Ok(Some(CartOf::User(user_id)));
    }
    Ok(session.guest_cart_id().await?.map(CartOf::Guest))
}

/// Every page's header: who is signed in and how full the cart is, in one query either way.
pub async fn nav_state(state: &AppState, session: &ShopSession) -> Result<NavState, AppError> {
    match cart_of(session).await? {
        Some(CartOf::User(id)) => match db::carts::account_header(&state.db, id).await? {
            Some((email, cart_count)) => Ok(NavState {
                user: Some(CurrentUser { id, email }),
                cart_count,
            }),
            // The account is gone: the session must not keep pretending.
            None => {
                session.sign_out().await?;
                Ok(NavState::default())
            }
        },
        Some(guest) => Ok(NavState {
            user: None,
            cart_count: db::carts::count_of(&state.db, guest).await?,
        }),
        None => Ok(NavState::default()),
    }
}

pub async fn cart(state: &AppState, session: &ShopSession) -> Result<Cart, AppError> {
    match cart_of(session).await? {
        Some(of) => Ok(db::carts::lines_of(&state.db, of).await?),
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
    let name = product_name(state, product_id).await?;
    let cart = match cart_of(session).await? {
        // A guest cart that was cleaned up: start a new one, as for a first add.
        Some(CartOf::Guest(id)) if !db::carts::guest_cart_exists(&state.db, id).await? => None,
        other => other,
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
    Ok(name)
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
    place_order(state, user.id, cart_id).await
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
