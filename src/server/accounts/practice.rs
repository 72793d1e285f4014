//! Practice mode (`PRACTICE_MODE`): a shop a test suite can use all day. Accounts made for it —
//! one per parallel worker, one to share, one with a full cart, one locked — with a password TESTING.md
//! publishes, and the operator's reset (`db::practice`). Off by default: on a shop people use,
//! published passwords and loose limits have no place.

use crate::domain::{AppError, CartOwner, Email, Password, Quantity};
use crate::server::{db, shop, AppState};

/// Accounts for this many parallel workers: `worker-1` to `worker-16`.
pub const WORKERS: u32 = 16;
/// Every practice account's password (published, like the demo accounts').
pub const PASSWORD: &str = "practice-tokenshop";
const DOMAIN: &str = "practice.example.com";
/// The account a suite's setup signs in once and shares (Playwright's storageState).
pub const SHARED: &str = "shared@practice.example.com";
/// An account whose cart holds `FULL_CART_LINES` after every start and reset.
pub const FULL_CART: &str = "full-cart@practice.example.com";
/// An account the operator locked: the right password is refused (403).
pub const LOCKED: &str = "locked@practice.example.com";
/// What the full cart holds: (product slug, quantity).
pub const FULL_CART_LINES: [(&str, u32); 3] =
    [("earl-grey", 2), ("skeleton-key", 1), ("oolong", 3)];

/// Every practice account's email.
pub fn emails() -> impl Iterator<Item = String> {
    (1..=WORKERS)
        .map(|n| format!("worker-{n}@{DOMAIN}"))
        .chain([SHARED, FULL_CART, LOCKED].map(String::from))
}

/// A practice account, whose password TESTING.md publishes: its failed logins count per address
/// only, like a demo account's, so one worker's negative test never locks another worker out.
pub fn is_practice_account(email: &Email) -> bool {
    email
        .as_str()
        .strip_suffix(DOMAIN)
        .is_some_and(|local| local.ends_with('@'))
}

/// Makes the practice accounts that are missing, fills the full cart when it is empty and locks
/// the locked one. Run at start and after every reset.
pub async fn seed(state: &AppState) -> Result<(), AppError> {
    for email in emails() {
        let email = Email::parse(&email).map_err(|_| AppError::Internal)?;
        if db::users::find_by_email(&state.db, &email).await?.is_none() {
            let pass =
                Password::new_password(PASSWORD.to_string()).map_err(AppError::validation)?;
            match super::create_with(state, &email, pass).await {
                Ok(_) | Err(AppError::EmailTaken) => {}
                Err(e) => return Err(e),
            }
        }
    }
    let user = |email: &'static str| async move {
        let email = Email::parse(email).map_err(|_| AppError::Internal)?;
        db::users::find_by_email(&state.db, &email)
            .await?
            .map(|u| u.id)
            .ok_or(AppError::Internal)
    };
    db::users::lock(&state.db, user(LOCKED).await?).await?;
    let full = CartOwner::User(user(FULL_CART).await?);
    if shop::carts::item_count(state, full).await? == 0 {
        for (slug, quantity) in FULL_CART_LINES {
            let product = shop::catalog::product(state, slug).await?;
            let quantity = Quantity::new(i64::from(quantity)).map_err(AppError::validation)?;
            shop::carts::add(state, Some(full), product.id, quantity).await?;
        }
    }
    Ok(())
}

/// The operator's reset: stock, carts, orders and sign-ins as a fresh shop starts
/// (`db::practice::reset`), then the practice accounts readied again.
pub async fn reset(state: &AppState) -> Result<db::practice::Reset, AppError> {
    let reset = db::practice::reset(&state.db).await?;
    state.catalog.invalidate();
    seed(state).await?;
    Ok(reset)
}
