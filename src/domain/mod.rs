//! Types shared by the server and the browser: validated input, money, carts, orders.
//! Pure logic with unit tests beside it; no database or HTTP code lives here.

mod api_reference;
mod cart;
mod email;
mod error;
mod field;
mod ids;
mod learn;
mod lessons;
mod money;
mod order;
mod password;
mod product;
mod quantity;
mod signin;
mod time_fmt;

pub use api_reference::{
    ApiReference, EndpointDoc, EndpointGroup, FieldDoc, ParamDoc, ResponseDoc, SchemaDoc,
};
pub use cart::{
    merge_quantity, preview_merge, Cart, CartLine, MergeReport, MergedLine, PreviewLine,
};
pub use email::{Email, EmailError};
pub use error::{AppError, ErrorKind, LabRefusal, Missing, StockProblem};
pub use field::Field;
pub use ids::{CartId, CartOwner, OrderId, ProductId, UserId};
pub use learn::{
    median_us, stateless_verdict, thousands, ClaimResult, LearnFacts, ScaleOut, ScaleOutCheck,
    StoredCounts, Timing, Verdict, VerifyCost,
};
pub use lessons::{find_lesson, human_duration, path_minutes, Lesson, Term, GLOSSARY, LESSONS};
pub use money::Money;
pub use order::{OrderDetail, OrderLine, OrderSummary};
pub use password::{Password, PasswordError};
pub use product::{image_url as image_url_for, CatalogPage, CatalogQuery, Category, Product};
pub use quantity::{Quantity, QuantityError};
pub use signin::{parse_signin_id, CurrentSignIn, SignIn, SignInKind};
pub use time_fmt::format_unix_utc;

use serde::{Deserialize, Serialize};

/// What the navigation bar needs on every page: who is signed in and how many items are in the cart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NavState {
    pub user: Option<CurrentUser>,
    pub cart_count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: String,
}

/// The signed-in user's account page: the account and the cookie session that carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub email: String,
    pub member_since: i64,
    pub order_count: i64,
    pub session_signed_in_at: i64,
    pub session_idle_expires_at: i64,
    pub session_absolute_expires_at: i64,
}

pub fn order_placed_message(order_id: OrderId) -> String {
    format!("Thank you! Order #{order_id} is placed.")
}

/// Where to send the browser after login: only a path on this site, never `//evil.example` or a
/// full URL, so the `next` parameter cannot be used as an open redirect.
pub fn safe_next_path(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control) =>
        {
            p.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_path_stays_on_this_site() {
        assert_eq!(safe_next_path(Some("/cart")), "/cart");
        assert_eq!(safe_next_path(Some("/orders/3?x=1")), "/orders/3?x=1");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "cart",
            "",
            "/a\r\nb",
        ] {
            assert_eq!(safe_next_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next_path(None), "/");
    }
}
