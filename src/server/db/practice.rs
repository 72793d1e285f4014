//! The operator's reset of a practice shop (`PRACTICE_MODE`): what test suites change, put back as
//! a fresh shop starts, in one transaction — the stock every order took, every order, every cart,
//! every sign-in by either carrier, the throttles' counts and the Learn labs' throwaway accounts.
//! Accounts made by sign-ups stay (a suite may keep using them); keys and the denylist stay (an
//! access token already issued still lives until its `exp`, as after any logout).

use super::{on_conn, Conn, Db, SESSION_TABLE};
use sqlx::AssertSqlSafe;

/// How much the reset took away.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reset {
    pub orders: u64,
    pub carts: u64,
    pub cookie_sessions: u64,
    pub api_signins: u64,
    pub lab_accounts: u64,
}

async fn run(tx: &mut Conn, sql: &str) -> Result<u64, sqlx::Error> {
    on_conn!(tx, |c| sqlx::query(AssertSqlSafe(sql))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
}

pub async fn reset(db: &Db) -> Result<Reset, sqlx::Error> {
    let mut tx = db.begin().await?;
    // What every order took goes back on the shelf: the stock is as before the first sale.
    run(
        &mut tx,
        "UPDATE products SET stock = stock + COALESCE((SELECT SUM(l.quantity) FROM order_lines l \
         WHERE l.product_id = products.id), 0)",
    )
    .await?;
    let reset = Reset {
        // Lines go with their orders and carts (ON DELETE CASCADE).
        orders: run(&mut tx, "DELETE FROM orders").await?,
        carts: run(&mut tx, "DELETE FROM carts").await?,
        cookie_sessions: run(&mut tx, &format!("DELETE FROM {SESSION_TABLE}")).await?,
        api_signins: run(&mut tx, "DELETE FROM refresh_families").await?,
        lab_accounts: run(
            &mut tx,
            "DELETE FROM users WHERE lab_expires_at IS NOT NULL",
        )
        .await?,
    };
    for sql in [
        "DELETE FROM cookie_signins",
        "DELETE FROM login_failures",
        "DELETE FROM signup_attempts",
        "DELETE FROM devices",
        "DELETE FROM oauth_codes",
    ] {
        run(&mut tx, sql).await?;
    }
    tx.commit().await?;
    Ok(reset)
}
