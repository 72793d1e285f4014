//! Orders: checkout as one transaction, and reading a user's own orders.

use super::{on_conn, on_db, Conn, Db};
use crate::domain::{
    CartId, Money, OrderDetail, OrderId, OrderLine, OrderSummary, ProductId, UserId,
};
use crate::server::clock::now_unix;

/// (product id, slug, name, unit price in cents, quantity, stock) of one cart line at checkout.
type CheckoutLine = (ProductId, String, String, i64, i64, i64);

/// What a checkout did; anything but `Placed` wrote nothing.
#[derive(Debug, PartialEq, Eq)]
pub enum Checkout {
    Placed(OrderId),
    EmptyCart,
    /// The stock of `name` is `stock` now, less than the cart's `wanted`.
    Short {
        name: String,
        stock: i64,
        wanted: i64,
    },
    /// The total does not fit the money type.
    TooLarge,
}

/// Checks and decrements stock, creates the order with prices copied, empties the cart; all or nothing.
pub async fn place_order(
    db: &Db,
    user_id: UserId,
    cart_id: CartId,
) -> Result<Checkout, sqlx::Error> {
    let now = now_unix();
    let mut tx = db.begin().await?;
    // Lock the cart first, as every cart change does: no line can be added or changed between
    // reading the lines and emptying the cart. On SQLite this write also takes the database's write
    // lock for the whole transaction, so two buyers are serialised instead of one failing to
    // upgrade a stale read.
    on_conn!(&mut tx, |c| {
        sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1 AND user_id = $3")
            .bind(cart_id)
            .bind(now)
            .bind(user_id)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    let lines: Vec<CheckoutLine> = on_conn!(&mut tx, |c| {
        sqlx::query_as(
            "SELECT p.id, p.slug, p.name, p.price_cents, l.quantity, p.stock FROM cart_lines l \
             JOIN products p ON p.id = l.product_id WHERE l.cart_id = $1 ORDER BY l.added_at, p.name",
        )
        .bind(cart_id)
        .fetch_all(c)
        .await
    })?;
    if lines.is_empty() {
        return Ok(Checkout::EmptyCart);
    }
    if let Some(short) = take_stock(&mut tx, &lines).await? {
        // Dropping `tx` rolls back every decrement made so far.
        return Ok(short);
    }
    let Some(total) = order_total(&lines) else {
        return Ok(Checkout::TooLarge);
    };
    let order_id: OrderId = on_conn!(&mut tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO orders (user_id, total_cents, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(user_id)
        .bind(total.cents())
        .bind(now)
        .fetch_one(c)
        .await
    })?;
    insert_lines(&mut tx, order_id, &lines).await?;
    on_conn!(&mut tx, |c| {
        sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1")
            .bind(cart_id)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    tx.commit().await?;
    Ok(Checkout::Placed(order_id))
}

/// Decrements the stock of every line, or says which line's stock ran short (having written
/// nothing the caller will keep). Stock rows are locked in product order, so two checkouts sharing
/// products wait for each other on PostgreSQL instead of deadlocking.
async fn take_stock(
    tx: &mut Conn,
    lines: &[CheckoutLine],
) -> Result<Option<Checkout>, sqlx::Error> {
    let mut by_product: Vec<&CheckoutLine> = lines.iter().collect();
    by_product.sort_by_key(|line| line.0);
    for (product_id, _, name, _, quantity, _) in by_product {
        let updated = on_conn!(tx, |c| {
            sqlx::query("UPDATE products SET stock = stock - $2 WHERE id = $1 AND stock >= $2")
                .bind(product_id)
                .bind(quantity)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        if updated != 1 {
            // The stock as it is now: another buyer may have taken it while this one waited.
            return Ok(Some(Checkout::Short {
                name: name.clone(),
                stock: current_stock(tx, *product_id).await?,
                wanted: *quantity,
            }));
        }
    }
    Ok(None)
}

/// The order's lines, with the names and prices they have now copied in.
async fn insert_lines(
    tx: &mut Conn,
    order_id: OrderId,
    lines: &[CheckoutLine],
) -> Result<(), sqlx::Error> {
    for (line_no, (product_id, slug, name, price, quantity, _)) in lines.iter().enumerate() {
        on_conn!(tx, |c| {
            sqlx::query(
                "INSERT INTO order_lines (order_id, product_id, product_slug, product_name, unit_price_cents, quantity, line_no) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(order_id)
            .bind(product_id)
            .bind(slug)
            .bind(name)
            .bind(price)
            .bind(quantity)
            .bind(line_no as i64)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

fn order_total(lines: &[CheckoutLine]) -> Option<Money> {
    lines
        .iter()
        .try_fold(Money::ZERO, |total, (_, _, _, price, quantity, _)| {
            let line = Money::from_cents(*price).checked_times(u32::try_from(*quantity).ok()?)?;
            total.checked_add(line)
        })
}

async fn current_stock(conn: &mut Conn, product_id: ProductId) -> Result<i64, sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query_scalar("SELECT stock FROM products WHERE id = $1")
            .bind(product_id)
            .fetch_one(c)
            .await
    })
}

pub async fn list_for_user(db: &Db, user_id: UserId) -> Result<Vec<OrderSummary>, sqlx::Error> {
    // SUM of a BIGINT is NUMERIC on PostgreSQL; the cast keeps it an i64 on both.
    let rows: Vec<(OrderId, i64, i64, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT o.id, o.created_at, o.total_cents, CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) \
             FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id WHERE o.user_id = $1 \
             GROUP BY o.id ORDER BY o.created_at DESC, o.id DESC",
        )
        .bind(user_id)
        .fetch_all(p)
        .await
    })?;
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
    db: &Db,
    user_id: UserId,
    order_id: OrderId,
) -> Result<Option<OrderDetail>, sqlx::Error> {
    let head: Option<(OrderId, i64, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT id, created_at, total_cents FROM orders WHERE id = $1 AND user_id = $2",
        )
        .bind(order_id)
        .bind(user_id)
        .fetch_optional(p)
        .await
    })?;
    let Some((id, created_at, total)) = head else {
        return Ok(None);
    };
    let lines: Vec<(String, String, i64, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT product_slug, product_name, unit_price_cents, quantity FROM order_lines \
             WHERE order_id = $1 ORDER BY line_no",
        )
        .bind(id)
        .fetch_all(p)
        .await
    })?;
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
