//! Carts and their lines. Every change is one transaction that first locks the cart's row (an
//! `UPDATE` of its timestamp), so changes to one cart run one after another on PostgreSQL as they
//! do on SQLite, and parallel requests never lose a line.

use super::{on_conn, on_db, products, Conn, Db};
use crate::domain::{
    merge_quantity, AppError, Cart, CartLine, MergeReport, MergedLine, Money, Quantity,
};
use crate::server::now_unix;

pub async fn guest_cart_exists(db: &Db, cart_id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = on_db!(db, |p| {
        sqlx::query_scalar("SELECT id FROM carts WHERE id = $1 AND user_id IS NULL")
            .bind(cart_id)
            .fetch_optional(p)
            .await
    })?;
    Ok(found.is_some())
}

/// The account's cart if it has one. Reading never creates one: a page view is not a write.
pub async fn find_user_cart(db: &Db, user_id: i64) -> Result<Option<i64>, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query_scalar("SELECT id FROM carts WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(p)
            .await
    })
}

/// The account's cart, created on first use and locked for the rest of the transaction. Safe under
/// concurrency: the insert is a no-op if another request created it first.
pub async fn user_cart_id(conn: &mut Conn, user_id: i64) -> Result<i64, sqlx::Error> {
    let now = now_unix();
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO carts (user_id, created_at, updated_at) VALUES ($1, $2, $2) \
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    on_conn!(conn, |c| {
        sqlx::query_scalar("UPDATE carts SET updated_at = $2 WHERE user_id = $1 RETURNING id")
            .bind(user_id)
            .bind(now)
            .fetch_one(c)
            .await
    })
}

/// Takes the cart's row lock (and marks it used); false when there is no such cart.
async fn lock(conn: &mut Conn, cart_id: i64) -> Result<bool, sqlx::Error> {
    let r = on_conn!(conn, |c| {
        sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1")
            .bind(cart_id)
            .bind(now_unix())
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(r == 1)
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

const LINES: &str = "SELECT l.product_id, p.slug, p.name, p.price_cents, l.quantity, p.stock \
     FROM cart_lines l JOIN products p ON p.id = l.product_id";
const IN_CART_ORDER: &str = "ORDER BY l.added_at, p.name";

/// Whose cart: an account's, or a guest cart by id (only while it is a guest's). Reads go through
/// the owner in one query, without looking up the cart's id first.
#[derive(Clone, Copy, Debug)]
pub enum CartOf {
    User(i64),
    Guest(i64),
}

impl CartOf {
    /// Joined with `carts c`: the owner's cart, bound as `$1`.
    fn condition(self) -> &'static str {
        match self {
            CartOf::User(_) => "c.user_id = $1",
            CartOf::Guest(_) => "c.id = $1 AND c.user_id IS NULL",
        }
    }

    fn id(self) -> i64 {
        match self {
            CartOf::User(id) | CartOf::Guest(id) => id,
        }
    }
}

/// The lines of the owner's cart; none when it has no cart (yet, or any more).
pub async fn lines_of(db: &Db, of: CartOf) -> Result<Cart, sqlx::Error> {
    let sql = format!(
        "{LINES} JOIN carts c ON c.id = l.cart_id WHERE {} {IN_CART_ORDER}",
        of.condition()
    );
    let rows: Vec<LineRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(of.id())
        .fetch_all(p)
        .await)?;
    Ok(to_cart(rows))
}

/// How many items the owner's cart holds; 0 when there is no cart.
pub async fn count_of(db: &Db, of: CartOf) -> Result<u32, sqlx::Error> {
    // SUM of a BIGINT is NUMERIC on PostgreSQL; the cast keeps it an i64 on both.
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) FROM cart_lines l \
         JOIN carts c ON c.id = l.cart_id WHERE {}",
        of.condition()
    );
    let n: i64 = on_db!(db, |p| sqlx::query_scalar(&sql)
        .bind(of.id())
        .fetch_one(p)
        .await)?;
    Ok(n.clamp(0, i64::from(u32::MAX)) as u32)
}

/// A signed-in page's header in one query: the account's email and how many items its cart holds.
/// None when the account is gone.
pub async fn account_header(db: &Db, user_id: i64) -> Result<Option<(String, u32)>, sqlx::Error> {
    let row: Option<(String, i64)> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT u.email, CAST(COALESCE((SELECT SUM(l.quantity) FROM cart_lines l \
             JOIN carts c ON c.id = l.cart_id WHERE c.user_id = u.id), 0) AS BIGINT) \
             FROM users u WHERE u.id = $1",
        )
        .bind(user_id)
        .fetch_optional(p)
        .await
    })?;
    Ok(row.map(|(email, n)| (email, n.clamp(0, i64::from(u32::MAX)) as u32)))
}

async fn line_rows(conn: &mut Conn, cart_id: i64) -> Result<Vec<LineRow>, sqlx::Error> {
    let sql = format!("{LINES} WHERE l.cart_id = $1 {IN_CART_ORDER}");
    on_conn!(conn, |c| sqlx::query_as(&sql)
        .bind(cart_id)
        .fetch_all(c)
        .await)
}

fn to_cart(rows: Vec<LineRow>) -> Cart {
    Cart {
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
    }
}

/// How many of a product the cart holds; 0 when it has no such line.
async fn line_quantity(conn: &mut Conn, cart_id: i64, product_id: i64) -> Result<i64, sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT COALESCE(MAX(quantity), 0) FROM cart_lines WHERE cart_id = $1 AND product_id = $2",
        )
        .bind(cart_id)
        .bind(product_id)
        .fetch_one(c)
        .await
    })
}

/// Adds to a line within the limits: writes nothing when the sum would pass the stock or 99.
/// (`CASE` rather than `MIN(a, b)`: PostgreSQL's MIN is only an aggregate, SQLite has no LEAST.)
const ADD_LINE: &str = "INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) \
     SELECT $1, p.id, $3, $4 FROM products p \
     WHERE p.id = $2 AND $3 <= CASE WHEN p.stock < 99 THEN p.stock ELSE 99 END \
     ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = cart_lines.quantity + excluded.quantity \
     WHERE cart_lines.quantity + excluded.quantity <= (SELECT CASE WHEN stock < 99 THEN stock ELSE 99 END \
     FROM products WHERE id = excluded.product_id)";

async fn add_line(
    conn: &mut Conn,
    cart_id: i64,
    product_id: i64,
    quantity: Quantity,
) -> Result<bool, sqlx::Error> {
    let now = now_unix();
    let written = on_conn!(conn, |c| {
        sqlx::query(ADD_LINE)
            .bind(cart_id)
            .bind(product_id)
            .bind(i64::from(quantity))
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(written == 1)
}

/// A guest's first add: the cart and its line in one transaction, so a request cancelled half-way
/// (the client hung up) leaves no empty cart behind, and a refused add creates none.
pub async fn add_to_new_guest_cart(
    db: &Db,
    product_id: i64,
    quantity: Quantity,
) -> Result<i64, AppError> {
    let now = now_unix();
    let mut tx = db.begin().await?;
    let cart_id: i64 = on_conn!(&mut tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO carts (user_id, created_at, updated_at) VALUES (NULL, $1, $1) RETURNING id",
        )
        .bind(now)
        .fetch_one(c)
        .await
    })?;
    if add_line(&mut tx, cart_id, product_id, quantity).await? {
        tx.commit().await?;
        return Ok(cart_id);
    }
    tx.rollback().await?;
    Err(refusal(db, product_id, 0, quantity).await)
}

/// Adds `quantity` of a product to a guest cart, or to an account's cart (made if missing). One
/// upsert that also checks the limits, so 50 parallel adds of one give exactly 50, and the line
/// never exceeds the stock or 99.
pub async fn add(
    db: &Db,
    cart: CartOf,
    product_id: i64,
    quantity: Quantity,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let cart_id = match cart {
        CartOf::Guest(id) => {
            if !lock(&mut tx, id).await? {
                return Err(AppError::NotFound("That cart".into()));
            }
            id
        }
        CartOf::User(user_id) => user_cart_id(&mut tx, user_id).await?,
    };
    if add_line(&mut tx, cart_id, product_id, quantity).await? {
        tx.commit().await?;
        return Ok(cart_id);
    }
    // Nothing written: explain why, from the current state.
    let in_cart = line_quantity(&mut tx, cart_id, product_id).await?;
    tx.rollback().await?;
    Err(refusal(db, product_id, in_cart, quantity).await)
}

/// Why a quantity was refused, from the product as it is now.
async fn refusal(db: &Db, product_id: i64, in_cart: i64, wanted: Quantity) -> AppError {
    match products::product_by_id(db, product_id).await {
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
    db: &Db,
    cart_id: i64,
    product_id: i64,
    quantity: Quantity,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    lock(&mut tx, cart_id).await?;
    let result = on_conn!(&mut tx, |c| {
        sqlx::query(
            "UPDATE cart_lines SET quantity = $3 WHERE cart_id = $1 AND product_id = $2 \
             AND $3 <= (SELECT stock FROM products WHERE id = $2)",
        )
        .bind(cart_id)
        .bind(product_id)
        .bind(i64::from(quantity))
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    if result == 1 {
        tx.commit().await?;
        return Ok(());
    }
    let exists = line_quantity(&mut tx, cart_id, product_id).await? > 0;
    tx.rollback().await?;
    if !exists {
        return Err(AppError::NotFound("That cart line".into()));
    }
    Err(refusal(db, product_id, 0, quantity).await)
}

/// Removes a line. Removing a line that is already gone is not an error (a double click).
pub async fn remove(db: &Db, cart_id: i64, product_id: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    lock(&mut tx, cart_id).await?;
    on_conn!(&mut tx, |c| {
        sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1 AND product_id = $2")
            .bind(cart_id)
            .bind(product_id)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    tx.commit().await
}

/// Moves a guest cart into an account's cart in one transaction and deletes the guest cart.
pub async fn merge_guest_into_user(
    db: &Db,
    guest_cart: i64,
    user_id: i64,
) -> Result<MergeReport, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Both carts locked, the guest's first (every merge takes them in this order), so no add to
    // either can slip in between reading a line and writing the sum. On SQLite the first write
    // also takes the database's write lock, rather than failing to upgrade a read snapshot later.
    lock(&mut tx, guest_cart).await?;
    let user_cart = user_cart_id(&mut tx, user_id).await?;
    if user_cart == guest_cart {
        return Ok(MergeReport::default());
    }
    let guest_lines = line_rows(&mut tx, guest_cart).await?;
    let mut report = MergeReport::default();
    for line in guest_lines {
        let before = line_quantity(&mut tx, user_cart, line.product_id).await?;
        let before = before.clamp(0, 99) as u8;
        let incoming = line.quantity.clamp(0, 99) as u8;
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
            .bind(guest_cart)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    tx.commit().await?;
    Ok(report)
}

/// Guest carts nobody has touched for longer than any session can live.
pub async fn delete_abandoned_guest_carts(db: &Db, older_than: i64) -> Result<u64, sqlx::Error> {
    let r = on_db!(db, |p| {
        sqlx::query("DELETE FROM carts WHERE user_id IS NULL AND updated_at < $1")
            .bind(older_than)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(r)
}
