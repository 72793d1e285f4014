//! Carts and their lines. Every change is a single statement or one transaction, so parallel
//! requests on the same cart never lose a line.

use super::catalog;
use crate::domain::{
    merge_quantity, AppError, Cart, CartLine, MergeReport, MergedLine, Money, Quantity,
};
use crate::server::now_unix;
use sqlx::{SqliteConnection, SqlitePool};

pub async fn guest_cart_exists(pool: &SqlitePool, cart_id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM carts WHERE id = $1 AND user_id IS NULL")
            .bind(cart_id)
            .fetch_optional(pool)
            .await?;
    Ok(found.is_some())
}

/// The account's cart, created on first use. Safe under concurrency: the insert is a no-op if another
/// request created it first.
pub async fn user_cart_id(conn: &mut SqliteConnection, user_id: i64) -> Result<i64, sqlx::Error> {
    let now = now_unix();
    sqlx::query("INSERT INTO carts (user_id, created_at, updated_at) VALUES ($1, $2, $2) ON CONFLICT (user_id) DO NOTHING")
        .bind(user_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar("SELECT id FROM carts WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await
}

#[derive(sqlx::FromRow)]
struct LineRow {
    product_id: i64,
    slug: String,
    name: String,
    price_cents: i64,
    quantity: i64,
    stock: i64,
}

async fn line_rows(conn: &mut SqliteConnection, cart_id: i64) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as::<_, LineRow>(
        "SELECT l.product_id, p.slug, p.name, p.price_cents, l.quantity, p.stock \
         FROM cart_lines l JOIN products p ON p.id = l.product_id \
         WHERE l.cart_id = $1 ORDER BY l.added_at, p.name",
    )
    .bind(cart_id)
    .fetch_all(conn)
    .await
}

pub async fn cart(pool: &SqlitePool, cart_id: i64) -> Result<Cart, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let rows = line_rows(&mut conn, cart_id).await?;
    Ok(Cart {
        lines: rows
            .into_iter()
            .map(|r| CartLine {
                product_id: r.product_id,
                slug: r.slug,
                name: r.name,
                unit_price: Money::from_cents(r.price_cents),
                quantity: r.quantity.clamp(0, 99) as u8,
                stock: r.stock,
            })
            .collect(),
    })
}

pub async fn item_count(pool: &SqlitePool, cart_id: i64) -> Result<u32, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COALESCE(SUM(quantity), 0) FROM cart_lines WHERE cart_id = $1")
            .bind(cart_id)
            .fetch_one(pool)
            .await?;
    Ok(n.clamp(0, i64::from(u32::MAX)) as u32)
}

/// How many of a product the cart holds; 0 when it has no such line.
async fn line_quantity(
    conn: &mut SqliteConnection,
    cart_id: i64,
    product_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(MAX(quantity), 0) FROM cart_lines WHERE cart_id = $1 AND product_id = $2",
    )
    .bind(cart_id)
    .bind(product_id)
    .fetch_one(conn)
    .await
}

async fn touch(pool: &SqlitePool, cart_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1")
        .bind(cart_id)
        .bind(now_unix())
        .execute(pool)
        .await?;
    Ok(())
}

/// Adds to a line within the limits: writes nothing when the sum would pass the stock or 99.
const ADD_LINE: &str = "INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) \
     SELECT $1, p.id, $3, $4 FROM products p WHERE p.id = $2 AND $3 <= MIN(p.stock, 99) \
     ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = cart_lines.quantity + excluded.quantity \
     WHERE cart_lines.quantity + excluded.quantity <= (SELECT MIN(stock, 99) FROM products WHERE id = excluded.product_id)";

/// A guest's first add: the cart and its line in one transaction, so a request cancelled half-way
/// (the client hung up) leaves no empty cart behind, and a refused add creates none.
pub async fn add_to_new_guest_cart(
    pool: &SqlitePool,
    product_id: i64,
    quantity: Quantity,
) -> Result<i64, AppError> {
    let now = now_unix();
    let mut tx = pool.begin().await?;
    let cart_id: i64 = sqlx::query_scalar(
        "INSERT INTO carts (user_id, created_at, updated_at) VALUES (NULL, $1, $1) RETURNING id",
    )
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let written = sqlx::query(ADD_LINE)
        .bind(cart_id)
        .bind(product_id)
        .bind(i64::from(quantity))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if written.rows_affected() == 1 {
        tx.commit().await?;
        return Ok(cart_id);
    }
    tx.rollback().await?;
    Err(refusal(pool, product_id, 0, quantity).await)
}

/// Adds `quantity` of a product. One upsert that also checks the limits, so 50 parallel adds of one
/// give exactly 50, and the line never exceeds the stock or 99.
pub async fn add(
    pool: &SqlitePool,
    cart_id: i64,
    product_id: i64,
    quantity: Quantity,
) -> Result<(), AppError> {
    let result = sqlx::query(ADD_LINE)
        .bind(cart_id)
        .bind(product_id)
        .bind(i64::from(quantity))
        .bind(now_unix())
        .execute(pool)
        .await?;
    if result.rows_affected() == 1 {
        touch(pool, cart_id).await?;
        return Ok(());
    }
    // Nothing written: explain why, from the current state.
    let in_cart = line_quantity(&mut *pool.acquire().await?, cart_id, product_id).await?;
    Err(refusal(pool, product_id, in_cart, quantity).await)
}

/// Why a quantity was refused, from the product as it is now.
async fn refusal(pool: &SqlitePool, product_id: i64, in_cart: i64, wanted: Quantity) -> AppError {
    match catalog::product_by_id(pool, product_id).await {
        Ok(Some(product)) => limit_error(&product.name, product.stock, in_cart, i64::from(wanted)),
        Ok(None) => AppError::NotFound("That product".into()),
        Err(e) => e.into(),
    }
}

fn limit_error(name: &str, stock: i64, in_cart: i64, wanted: i64) -> AppError {
    if stock <= 0 {
        AppError::Conflict(format!("{name} is out of stock."))
    } else if in_cart + wanted > i64::from(Quantity::MAX) && stock >= i64::from(Quantity::MAX) {
        AppError::Validation(format!(
            "A cart can hold at most 99 of {name}; you already have {in_cart}."
        ))
    } else if in_cart > 0 {
        AppError::Conflict(format!(
            "Only {stock} of {name} in stock, and your cart already has {in_cart}."
        ))
    } else {
        AppError::Conflict(format!("Only {stock} of {name} in stock."))
    }
}

/// Sets a line's quantity, within the stock.
pub async fn set_quantity(
    pool: &SqlitePool,
    cart_id: i64,
    product_id: i64,
    quantity: Quantity,
) -> Result<(), AppError> {
    let result = sqlx::query(
        "UPDATE cart_lines SET quantity = $3 WHERE cart_id = $1 AND product_id = $2 \
         AND $3 <= (SELECT stock FROM products WHERE id = $2)",
    )
    .bind(cart_id)
    .bind(product_id)
    .bind(i64::from(quantity))
    .execute(pool)
    .await?;
    if result.rows_affected() == 1 {
        touch(pool, cart_id).await?;
        return Ok(());
    }
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT quantity FROM cart_lines WHERE cart_id = $1 AND product_id = $2",
    )
    .bind(cart_id)
    .bind(product_id)
    .fetch_optional(pool)
    .await?;
    if exists.is_none() {
        return Err(AppError::NotFound("That cart line".into()));
    }
    Err(refusal(pool, product_id, 0, quantity).await)
}

/// Removes a line. Removing a line that is already gone is not an error (a double click).
pub async fn remove(pool: &SqlitePool, cart_id: i64, product_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1 AND product_id = $2")
        .bind(cart_id)
        .bind(product_id)
        .execute(pool)
        .await?;
    touch(pool, cart_id).await
}

/// Moves a guest cart into an account's cart in one transaction and deletes the guest cart.
pub async fn merge_guest_into_user(
    pool: &SqlitePool,
    guest_cart: i64,
    user_id: i64,
) -> Result<MergeReport, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // The first statement writes, so SQLite takes the write lock now rather than failing to
    // upgrade a read snapshot later.
    let user_cart = user_cart_id(&mut tx, user_id).await?;
    if user_cart == guest_cart {
        return Ok(MergeReport::default());
    }
    sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1")
        .bind(user_cart)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
    let guest_lines = line_rows(&mut tx, guest_cart).await?;
    let mut report = MergeReport::default();
    for line in guest_lines {
        let before = line_quantity(&mut tx, user_cart, line.product_id).await?;
        let before = before.clamp(0, 99) as u8;
        let incoming = line.quantity.clamp(0, 99) as u8;
        let now = merge_quantity(before, incoming, line.stock);
        if now > 0 && now != before {
            sqlx::query(
                "INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = excluded.quantity",
            )
            .bind(user_cart)
            .bind(line.product_id)
            .bind(i64::from(now))
            .bind(now_unix())
            .execute(&mut *tx)
            .await?;
        }
        report.lines.push(MergedLine {
            name: line.name,
            from_guest: incoming,
            now,
            before,
        });
    }
    sqlx::query("DELETE FROM carts WHERE id = $1 AND user_id IS NULL")
        .bind(guest_cart)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(report)
}

/// Guest carts nobody has touched for longer than any session can live.
pub async fn delete_abandoned_guest_carts(
    pool: &SqlitePool,
    older_than: i64,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM carts WHERE user_id IS NULL AND updated_at < $1")
        .bind(older_than)
        .execute(pool)
        .await?;
    Ok(r.rows_affected())
}
