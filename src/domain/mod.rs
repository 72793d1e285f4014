//! The shop's domain, shared by the server and the browser: ids, validated input (email,
//! password, quantity), money, products, carts and their merge rule, orders, sign-ins, and the one
//! error vocabulary with the durations it speaks in. Pure logic with unit tests beside it: no I/O
//! and no HTTP (`crate::wire` is how errors cross HTTP), checked by
//! `scripts/dev/check-architecture.py`.

mod cart;
mod email;
mod error;
mod field;
mod ids;
mod money;
mod order;
mod password;
mod product;
mod quantity;
mod signin;
mod time_fmt;

pub use cart::{
    merge_quantity, preview_merge, Cart, CartLine, MergeReport, MergedLine, PreviewLine,
};
pub use email::{Email, EmailError};
pub use error::{AppError, ErrorKind, LabRefusal, Missing, StockProblem};
pub use field::Field;
pub use ids::{CartId, CartOwner, OrderId, ProductId, UserId};
pub use money::Money;
pub use order::{order_placed_message, OrderDetail, OrderLine, OrderSummary};
pub use password::{Password, PasswordError};
pub use product::{image_url as image_url_for, CatalogPage, CatalogQuery, Category, Product};
pub use quantity::{Quantity, QuantityError};
pub use signin::{parse_signin_id, CurrentSignIn, SignIn, SignInKind};
pub use time_fmt::{format_unix_utc, human_duration};

use serde::{Deserialize, Serialize};

/// A signed-in account, as every page's header names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: String,
}
