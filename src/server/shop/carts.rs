//! Carts by owner: read, add, change, remove, and merge a guest cart into an account's at login.
//! Every refusal is said here in the shop's words, from the state of the database as it is now.

use crate::domain::{
    AppError, Cart, CartId, CartOwner, MergeReport, Missing, ProductId, Quantity, StockProblem,
    UserId,
};
use crate::server::{db, db::carts::Change, AppState};

/// The owner whose cart still exists: a guest cart that was cleaned up (or merged at a login) is
/// no owner any more. An account always has a cart, if only an empty one.
pub async fn existing(
    state: &AppState,
    claimed: Option<CartOwner>,
) -> Result<Option<CartOwner>, AppError> {
    Ok(match claimed {
        Some(CartOwner::Guest(id)) if !db::carts::guest_cart_exists(&state.db, id).await? => None,
        other => other,
    })
}

/// The owner's cart, read in one query; empty when there is none (yet, or any more).
pub async fn cart(state: &AppState, owner: Option<CartOwner>) -> Result<Cart, AppError> {
    match owner {
        Some(owner) => Ok(db::carts::lines_of(&state.db, owner).await?),
        None => Ok(Cart::default()),
    }
}

/// How many items a guest's cart holds.
pub async fn item_count(state: &AppState, owner: CartOwner) -> Result<u32, AppError> {
    Ok(db::carts::count_of(&state.db, owner).await?)
}

/// The account's email and cart, read in one query; None when the account is gone.
pub async fn account_with_cart(
    state: &AppState,
    user: UserId,
) -> Result<Option<(String, Cart)>, AppError> {
    Ok(db::account_reads::account_with_cart(&state.db, user).await?)
}

/// What an add did: the product's name for the confirmation, and the cart it went into.
pub struct Added {
    pub name: String,
    pub owner: CartOwner,
    /// Set when the add started a new guest cart: the carrier must now carry it.
    pub new_guest_cart: Option<CartId>,
}

/// Adds to the owner's cart; a guest without a cart (or whose cart is gone) gets a new one.
pub async fn add(
    state: &AppState,
    claimed: Option<CartOwner>,
    product: ProductId,
    quantity: Quantity,
) -> Result<Added, AppError> {
    // Check the product before creating a cart, so bad input never starts one.
    let name = super::catalog::product_name(state, product).await?;
    let owner = existing(state, claimed).await?;
    let change = match owner {
        Some(owner) => db::carts::add(&state.db, owner, product, quantity).await?,
        None => db::carts::add_to_new_guest_cart(&state.db, product, quantity).await?,
    };
    match change {
        Change::Done(cart) => Ok(Added {
            name,
            owner: owner.unwrap_or(CartOwner::Guest(cart)),
            new_guest_cart: owner.is_none().then_some(cart),
        }),
        Change::NoCart | Change::NoLine => Err(AppError::NotFound(Missing::Cart)),
        Change::Refused { in_cart } => Err(refusal(state, product, in_cart, quantity).await),
    }
}

/// Sets a line's quantity; a cart without that line (or no cart) is "That cart line was not found".
pub async fn set_quantity(
    state: &AppState,
    owner: Option<CartOwner>,
    product: ProductId,
    quantity: Quantity,
) -> Result<(), AppError> {
    let no_line = AppError::NotFound(Missing::CartLine);
    let Some(owner) = owner else {
        return Err(no_line);
    };
    match db::carts::set_quantity(&state.db, owner, product, quantity).await? {
        Change::Done(_) => Ok(()),
        Change::NoCart | Change::NoLine => Err(no_line),
        Change::Refused { in_cart } => Err(refusal(state, product, in_cart, quantity).await),
    }
}

/// Removes a line; removing one that is not there (a double click) is not an error.
pub async fn remove(
    state: &AppState,
    owner: Option<CartOwner>,
    product: ProductId,
) -> Result<(), AppError> {
    if let Some(owner) = owner {
        db::carts::remove(&state.db, owner, product).await?;
    }
    Ok(())
}

/// At a login: the guest cart's lines go into the account's cart (quantities added, capped at the
/// stock and the line limit), and the guest cart is gone. A guest cart that is gone merges nothing.
pub async fn merge_guest(
    state: &AppState,
    guest: CartId,
    user: UserId,
) -> Result<MergeReport, AppError> {
    Ok(db::cart_merge::merge_guest_into_user(&state.db, guest, user).await?)
}

/// Why a quantity was refused, from the product as it is in the database now.
async fn refusal(state: &AppState, product: ProductId, in_cart: i64, wanted: Quantity) -> AppError {
    match db::products::product_by_id(&state.db, product).await {
        Ok(Some(p)) => AppError::Stock(limit(p.name, p.stock, in_cart, i64::from(wanted))),
        Ok(None) => AppError::NotFound(Missing::Product),
        Err(e) => e.into(),
    }
}

fn limit(name: String, stock: i64, in_cart: i64, wanted: i64) -> StockProblem {
    let most = i64::from(Quantity::MAX);
    if stock <= 0 {
        StockProblem::OutOfStock { name }
    } else if in_cart + wanted > most && stock >= most {
        StockProblem::CartLimit { name, in_cart }
    } else if in_cart > 0 {
        StockProblem::NotEnoughBesides {
            name,
            stock,
            in_cart,
        }
    } else {
        StockProblem::NotEnough { name, stock }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_limit_that_was_reached() {
        let name = || "Tea".to_string();
        assert!(matches!(
            limit(name(), 0, 0, 1),
            StockProblem::OutOfStock { .. }
        ));
        assert!(matches!(
            limit(name(), 500, 90, 10),
            StockProblem::CartLimit { in_cart: 90, .. }
        ));
        assert!(matches!(
            limit(name(), 3, 2, 2),
            StockProblem::NotEnoughBesides {
                stock: 3,
                in_cart: 2,
                ..
            }
        ));
        assert!(matches!(
            limit(name(), 3, 0, 5),
            StockProblem::NotEnough { stock: 3, .. }
        ));
    }
}
