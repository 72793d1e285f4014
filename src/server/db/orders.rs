//! Orders: checkout as one transaction, and reading a user's own orders.

use crate::domain::{AppError, Money, OrderDetail, OrderLine, OrderSummary};
use crate::server::now_unix;
use sqlx::SqlitePool;

/// Checks and decrements stock, creates the order with prices copied, empties the cart; all or nothing.
pub async fn place_order(pool: &SqlitePool, user_id: i64, cart_id: i64) -> Result<i64, AppError> {
    let now = now_unix();
    let mut tx = pool.begin().await?;
    // Write first: SQLite then holds the write lock for the whole transaction, so two buyers are
    // serialised instead of one failing to upgrade a stale read.
    sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1 AND user_id = $3")
        .bind(cart_id)
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let lines: Vec<(i64, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT p.id, p.slug, p.name, p.price_cents, l.quantity, p.stock FROM cart_lines l \
         JOIN products p ON p.id = l.product_id WHERE l.cart_id = $1 ORDER BY l.added_at, p.name",
    )
    .bind(cart_id)
    .fetch_all(&mut *tx)
    .await?;
    if lines.is_empty() {
        return Err(AppError::Validation("Your cart is empty.".into()));
    }
    let mut total = Money::ZERO;
    for (product_id, _, name, price, quantity, stock) in &lines {
        let updated =
            sqlx::query("UPDATE products SET stock = stock - $2 WHERE id = $1 AND stock >= $2")
                .bind(product_id)
                .bind(quantity)
                .execute(&mut *tx)
                .await?;
        if updated.rows_affected() != 1 {
            // Dropping `tx` rolls back every decrement made so far.
            return Err(AppError::Conflict(if *stock <= 0 {
                format!(
                    "{name} sold out before you checked out. Remove it from your cart to continue."
                )
            } else {
                format!("Only {stock} of {name} left; your cart has {quantity}. Lower the quantity to continue.")
            }));
        }
        let line_total = u32::try_from(*quantity)
            .ok()
            .and_then(|q| Money::from_cents(*price).checked_times(q));
        total = line_total
            .and_then(|t| total.checked_add(t))
            .ok_or_else(|| AppError::Validation("That order is too large.".into()))?;
    }
    let order_id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (user_id, total_cents, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(user_id)
    .bind(total.cents())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for (product_id, slug, name, price, quantity, _) in &lines {
        sqlx::query(
            "INSERT INTO order_lines (order_id, product_id, product_slug, product_name, unit_price_cents, quantity) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(order_id)
        .bind(product_id)
        .bind(slug)
        .bind(name)
        .bind(price)
        .bind(quantity)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1")
        .bind(cart_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(order_id)
}

pub async fn list_for_user(
    pool: &SqlitePool,
    user_id: i64,
) -> Result<Vec<OrderSummary>, sqlx::Error> {
    let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT o.id, o.created_at, o.total_cents, COALESCE(SUM(l.quantity), 0) FROM orders o \
         LEFT JOIN order_lines l ON l.order_id = o.id WHERE o.user_id = $1 \
         GROUP BY o.id ORDER BY o.created_at DESC, o.id DESC",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, created_at, total, item_count)| OrderSummary {
            id,
            created_at,
            total: Money::from_cents(total),
            item_count,
        })
        .collect())
}

/// Another user's order is simply not found: its existence is not revealed.
pub async fn detail_for_user(
    pool: &SqlitePool,
    user_id: i64,
    order_id: i64,
) -> Result<Option<OrderDetail>, sqlx::Error> {
    let head: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, created_at, total_cents FROM orders WHERE id = $1 AND user_id = $2",
    )
    .bind(order_id)
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    let Some((id, created_at, total)) = head else {
        return Ok(None);
    };
    let lines: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT product_slug, product_name, unit_price_cents, quantity FROM order_lines WHERE order_id = $1 ORDER BY rowid",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(OrderDetail {
        id,
        created_at,
        total: Money::from_cents(total),
        lines: lines
            .into_iter()
            .map(|(product_slug, product_name, price, quantity)| OrderLine {
                product_slug,
                product_name,
                unit_price: Money::from_cents(price),
                quantity,
            })
            .collect(),
    }))
}
