//! A guest cart merged into an account's at login, in one transaction that locks both carts.

use super::carts::{line_quantity, lock, user_cart_id, LineRow, IN_CART_ORDER, LINES};
use super::{on_conn, Db};
use crate::domain::{merge_quantity, CartId, MergeReport, MergedLine, Quantity, UserId};
use crate::server::clock::now_unix;
use sqlx::AssertSqlSafe;

/// Moves a guest cart into an account's cart in one transaction and deletes the guest cart.
pub async fn merge_guest_into_user(
    db: &Db,
    guest: CartId,
    user: UserId,
) -> Result<MergeReport, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Both carts locked, the guest's first (every merge takes them in this order), so no add to
    // either can slip in between reading a line and writing the sum. On SQLite the first write
    // also takes the database's write lock, rather than failing to upgrade a read snapshot later.
    if !lock(&mut tx, guest).await? {
        return Ok(MergeReport::default());
    }
    let user_cart = user_cart_id(&mut tx, user).await?;
    if user_cart == guest {
        return Ok(MergeReport::default());
    }
    let sql = format!("{LINES} WHERE l.cart_id = $1 {IN_CART_ORDER}");
    let guest_lines: Vec<LineRow> =
        on_conn!(&mut tx, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(guest)
            .fetch_all(c)
            .await)?;
    let mut report = MergeReport::default();
    for line in guest_lines.into_iter().filter_map(LineRow::into_line) {
        let before = line_quantity(&mut tx, user_cart, line.product_id).await?;
        let before = before.clamp(0, i64::from(Quantity::MAX)) as u8;
        let incoming = line.quantity.get();
        let now = merge_quantity(before, incoming, line.stock);
        if now > 0 && now != before {
            on_conn!(&mut tx, |c| {
                sqlx::query(
                    "INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = excluded.quantity",
                )
                .bind(user_cart)
                .bind(line.product_id)
                .bind(i64::from(now))
                .bind(now_unix())
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?;
        }
        report.lines.push(MergedLine {
            name: line.name,
            from_guest: incoming,
            now,
            before,
        });
    }
    on_conn!(&mut tx, |c| {
        sqlx::query("DELETE FROM carts WHERE id = $1 AND user_id IS NULL")
            .bind(guest)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    tx.commit().await?;
    Ok(report)
}
