//! Checkout and a user's orders.

use crate::domain::{AppError, Missing, OrderDetail, OrderId, OrderSummary, StockProblem, UserId};
use crate::server::{db, db::orders::Checkout, AppState};

/// Places an order from the account's cart, then tells every catalog in memory that stock
/// changed: this instance's at once, the others' by notification (PostgreSQL) or within a second.
pub async fn checkout(state: &AppState, user: UserId) -> Result<OrderId, AppError> {
    let cart = db::carts::find_user_cart(&state.db, user)
        .await?
        .ok_or(AppError::CartEmpty)?;
    let order = match db::orders::place_order(&state.db, user, cart).await? {
        Checkout::Placed(order) => order,
        Checkout::EmptyCart => return Err(AppError::CartEmpty),
        Checkout::TooLarge => return Err(AppError::OrderTooLarge),
        Checkout::Short { name, stock, .. } if stock <= 0 => {
            return Err(AppError::Stock(StockProblem::SoldOutAtCheckout { name }))
        }
        Checkout::Short {
            name,
            stock,
            wanted,
        } => {
            return Err(AppError::Stock(StockProblem::ShortAtCheckout {
                name,
                stock,
                wanted,
            }))
        }
    };
    state.catalog.invalidate();
    if let Err(e) = state.db.notify(db::CATALOG_CHANNEL, "stock").await {
        // The order is placed; other instances' catalogs catch up within a second anyway.
        tracing::error!(error = %e, "could not tell other instances about a stock change");
    }
    Ok(order)
}

/// The user's orders, newest first.
pub async fn list(state: &AppState, user: UserId) -> Result<Vec<OrderSummary>, AppError> {
    Ok(db::orders::list_for_user(&state.db, user).await?)
}

/// One of the user's orders; another user's order is not found, as if it did not exist.
pub async fn order(state: &AppState, user: UserId, id: OrderId) -> Result<OrderDetail, AppError> {
    db::orders::detail_for_user(&state.db, user, id)
        .await?
        .ok_or(AppError::NotFound(Missing::Order))
}
