//! What a signed-in page reads about its account — the email and the cart — in one query, alone or
//! together with the session record that names the account. A signed-in page view is then one
//! query on the database in all: on SQLite every query is a round trip to the connection's own
//! thread, and those hand-offs were the largest cost of a signed-in page (bench/README, (d)).

use super::{
    carts::{LineRow, IN_CART_ORDER},
    on_db, Db, SESSION_TABLE,
};
use crate::domain::{Cart, ProductId, UserId};
use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

/// The account's columns and its cart's lines, joined from `users u` (no line when it has no cart).
const ACCOUNT_COLUMNS: &str =
    "u.email, l.product_id, p.slug, p.name, p.price_cents, l.quantity, p.stock";
const CART_JOINS: &str = "LEFT JOIN carts c ON c.user_id = u.id \
     LEFT JOIN cart_lines l ON l.cart_id = c.id LEFT JOIN products p ON p.id = l.product_id";

#[derive(sqlx::FromRow)]
struct AccountLineRow {
    email: Option<String>,
    product_id: Option<ProductId>,
    slug: Option<String>,
    name: Option<String>,
    price_cents: Option<i64>,
    quantity: Option<i64>,
    stock: Option<i64>,
}

/// The email and cart in the rows of one account's join; None when there is no account.
fn account_of(rows: Vec<AccountLineRow>) -> Option<(String, Cart)> {
    let email = rows.first()?.email.clone()?;
    let lines = rows
        .into_iter()
        .filter_map(|r| {
            LineRow {
                product_id: r.product_id?,
                slug: r.slug?,
                name: r.name?,
                price_cents: r.price_cents?,
                quantity: r.quantity?,
                stock: r.stock?,
            }
            .into_line()
        })
        .collect();
    Some((email, Cart { lines }))
}

/// The account's email and its cart's lines (none when it has no cart). None when the account is
/// gone.
pub async fn account_with_cart(
    db: &Db,
    user: UserId,
) -> Result<Option<(String, Cart)>, sqlx::Error> {
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM users u {CART_JOINS} WHERE u.id = $1 {IN_CART_ORDER}"
    );
    let rows: Vec<AccountLineRow> = on_db!(db, |p| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(user)
        .fetch_all(p)
        .await)?;
    Ok(account_of(rows))
}

/// A live session record as stored, and what it says of its account when it is signed in.
pub struct SessionRead {
    pub data: Vec<u8>,
    /// The account the session's sign-in row names, with its email and cart; None for a guest's
    /// session, or when the account or the sign-in row is gone (the caller reads it itself then).
    pub account: Option<(UserId, String, Cart)>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    data: Vec<u8>,
    user_id: Option<UserId>,
    #[sqlx(flatten)]
    line: AccountLineRow,
}

/// The session `id` if it has not expired by `now`, with its account's email and cart through the
/// sign-in row the store keeps beside each signed-in session (`cookie_signins`).
pub async fn session(
    db: &Db,
    id: &str,
    now: OffsetDateTime,
) -> Result<Option<SessionRead>, sqlx::Error> {
    let sql = format!(
        "SELECT s.data, cs.user_id, {ACCOUNT_COLUMNS} FROM {SESSION_TABLE} s \
         LEFT JOIN cookie_signins cs ON cs.session_id = s.id LEFT JOIN users u ON u.id = cs.user_id \
         {CART_JOINS} WHERE s.id = $1 AND s.expiry_date > $2 {IN_CART_ORDER}"
    );
    let rows: Vec<SessionRow> = on_db!(db, |p| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(id)
        .bind(now)
        .fetch_all(p)
        .await)?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let (data, user) = (first.data.clone(), first.user_id);
    let account = user.and_then(|user| {
        let (email, cart) = account_of(rows.into_iter().map(|r| r.line).collect())?;
        Some((user, email, cart))
    });
    Ok(Some(SessionRead { data, account }))
}
