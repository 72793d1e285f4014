//! Carts and their lines. Every change is one transaction that first locks the cart's row (an
//! `UPDATE` of its timestamp), so changes to one cart run one after another on PostgreSQL as they
//! do on SQLite, and parallel requests never lose a line. Reads go through the owner in one query.

use super::{on_conn, on_db, Conn, Db};
use crate::domain::{Cart, CartId, CartLine, CartOwner, Money, ProductId, Quantity, UserId};
use crate::server::clock::now_unix;
use sqlx::AssertSqlSafe;

/// What a change did, or why it wrote nothing: the shop turns a refusal into its sentence.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    Done(CartId),
    /// The guest cart is gone (cleaned up, or merged at a login).
    NoCart,
    /// The cart has no line for that product.
    NoLine,
    /// The limits (the stock, or the most a line may hold) allow no more; the cart already held
    /// `in_cart` of it.
    Refused {
        in_cart: i64,
    },
}

pub async fn guest_cart_exists(db: &Db, cart: CartId) -> Result<bool, sqlx::Error> {
    let found: Option<CartId> = on_db!(db, |p| {
        sqlx::query_scalar("SELECT id FROM carts WHERE id = $1 AND user_id IS NULL")
            .bind(cart)
            .fetch_optional(p)
            .await
    })?;
    Ok(found.is_some())
}

/// The account's cart if it has one. Reading never creates one: a page view is not a write.
pub async fn find_user_cart(db: &Db, user: UserId) -> Result<Option<CartId>, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query_scalar("SELECT id FROM carts WHERE user_id = $1")
            .bind(user)
            .fetch_optional(p)
            .await
    })
}

/// The account's cart, created on first use and locked for the rest of the transaction. Safe under
/// concurrency: the insert is a no-op if another request created it first.
pub(super) async fn user_cart_id(conn: &mut Conn, user: UserId) -> Result<CartId, sqlx::Error> {
    let now = now_unix();
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO carts (user_id, created_at, updated_at) VALUES ($1, $2, $2) \
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(user)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    on_conn!(conn, |c| {
        sqlx::query_scalar("UPDATE carts SET updated_at = $2 WHERE user_id = $1 RETURNING id")
            .bind(user)
            .bind(now)
            .fetch_one(c)
            .await
    })
}

/// Takes the cart's row lock (and marks it used); false when there is no such cart.
pub(super) async fn lock(conn: &mut Conn, cart: CartId) -> Result<bool, sqlx::Error> {
    let r = on_conn!(conn, |c| {
        sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1")
            .bind(cart)
            .bind(now_unix())
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(r == 1)
}

/// The owner's cart locked for this transaction: a guest cart only while it exists, an account's
/// made if missing.
async fn lock_owner(conn: &mut Conn, owner: CartOwner) -> Result<Option<CartId>, sqlx::Error> {
    match owner {
        CartOwner::Guest(id) => Ok(lock(conn, id).await?.then_some(id)),
        CartOwner::User(user) => Ok(Some(user_cart_id(conn, user).await?)),
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct LineRow {
    pub(super) product_id: ProductId,
    pub(super) slug: String,
    pub(super) name: String,
    pub(super) price_cents: i64,
    pub(super) quantity: i64,
    pub(super) stock: i64,
}

impl LineRow {
    /// Lines are written within 1..=99 by the statements below; a row outside that is corrupt.
    pub(super) fn into_line(self) -> Option<CartLine> {
        let quantity = Quantity::new(self.quantity)
            .inspect_err(|_| tracing::error!(product = %self.product_id, "a cart line's quantity is out of range"))
            .ok()?;
        Some(CartLine {
            product_id: self.product_id,
            slug: self.slug,
            name: self.name,
            unit_price: Money::from_cents(self.price_cents),
            quantity,
            stock: self.stock,
        })
    }
}

pub(super) const LINES: &str =
    "SELECT l.product_id, p.slug, p.name, p.price_cents, l.quantity, p.stock \
     FROM cart_lines l JOIN products p ON p.id = l.product_id";
pub(super) const IN_CART_ORDER: &str = "ORDER BY l.added_at, p.name";

/// Joined with `carts c`: the owner's cart, bound as `$1`.
fn owner_condition(owner: CartOwner) -> (&'static str, i64) {
    match owner {
        CartOwner::User(id) => ("c.user_id = $1", id.get()),
        CartOwner::Guest(id) => ("c.id = $1 AND c.user_id IS NULL", id.get()),
    }
}

/// The lines of the owner's cart; none when it has no cart (yet, or any more).
pub async fn lines_of(db: &Db, owner: CartOwner) -> Result<Cart, sqlx::Error> {
    let (condition, id) = owner_condition(owner);
    let sql = format!("{LINES} JOIN carts c ON c.id = l.cart_id WHERE {condition} {IN_CART_ORDER}");
    let rows: Vec<LineRow> = on_db!(db, |p| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(id)
        .fetch_all(p)
        .await)?;
    Ok(Cart {
        lines: rows.into_iter().filter_map(LineRow::into_line).collect(),
    })
}

fn item_count(n: i64) -> u32 {
    n.clamp(0, i64::from(u32::MAX)) as u32
}

/// How many items the owner's cart holds; 0 when there is no cart.
pub async fn count_of(db: &Db, owner: CartOwner) -> Result<u32, sqlx::Error> {
    // SUM of a BIGINT is NUMERIC on PostgreSQL; the cast keeps it an i64 on both.
    let (condition, id) = owner_condition(owner);
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) FROM cart_lines l \
         JOIN carts c ON c.id = l.cart_id WHERE {condition}"
    );
    let n: i64 = on_db!(db, |p| sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
        .bind(id)
        .fetch_one(p)
        .await)?;
    Ok(item_count(n))
}

/// How many of a product the cart holds; 0 when it has no such line.
pub(super) async fn line_quantity(
    conn: &mut Conn,
    cart: CartId,
    product: ProductId,
) -> Result<i64, sqlx::Error> {
    on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT COALESCE(MAX(quantity), 0) FROM cart_lines WHERE cart_id = $1 AND product_id = $2",
        )
        .bind(cart)
        .bind(product)
        .fetch_one(c)
        .await
    })
}

/// Adds to a line within the limits: writes nothing when the sum would pass the stock or the most
/// a line may hold ($5). (`CASE` rather than `MIN(a, b)`: PostgreSQL's MIN is only an aggregate,
/// SQLite has no LEAST.)
const ADD_LINE: &str = "INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) \
     SELECT $1, p.id, $3, $4 FROM products p \
     WHERE p.id = $2 AND $3 <= CASE WHEN p.stock < $5 THEN p.stock ELSE $5 END \
     ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = cart_lines.quantity + excluded.quantity \
     WHERE cart_lines.quantity + excluded.quantity <= (SELECT CASE WHEN stock < $5 THEN stock ELSE $5 END \
     FROM products WHERE id = excluded.product_id)";

async fn add_line(
    conn: &mut Conn,
    cart: CartId,
    product: ProductId,
    quantity: Quantity,
) -> Result<bool, sqlx::Error> {
    let now = now_unix();
    let written = on_conn!(conn, |c| {
        sqlx::query(ADD_LINE)
            .bind(cart)
            .bind(product)
            .bind(i64::from(quantity))
            .bind(now)
            .bind(i64::from(Quantity::MAX))
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
    product: ProductId,
    quantity: Quantity,
) -> Result<Change, sqlx::Error> {
    // SQLite: committed together with the other first adds waiting (group commit, first_adds.rs).
    if let Db::Sqlite { first_adds, .. } = db {
        return Ok(match first_adds.add(product, quantity).await? {
            Some(cart) => Change::Done(cart),
            None => Change::Refused { in_cart: 0 },
        });
    }
    let now = now_unix();
    let mut tx = db.begin().await?;
    let cart: CartId = on_conn!(&mut tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO carts (user_id, created_at, updated_at) VALUES (NULL, $1, $1) RETURNING id",
        )
        .bind(now)
        .fetch_one(c)
        .await
    })?;
    if add_line(&mut tx, cart, product, quantity).await? {
        tx.commit().await?;
        return Ok(Change::Done(cart));
    }
    tx.rollback().await?;
    Ok(Change::Refused { in_cart: 0 })
}

/// Adds `quantity` of a product to the owner's cart (an account's is made if missing). One upsert
/// that also checks the limits, so 50 parallel adds of one give exactly 50, and the line never
/// exceeds the stock or the most a line may hold.
pub async fn add(
    db: &Db,
    owner: CartOwner,
    product: ProductId,
    quantity: Quantity,
) -> Result<Change, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(cart) = lock_owner(&mut tx, owner).await? else {
        return Ok(Change::NoCart);
    };
    if add_line(&mut tx, cart, product, quantity).await? {
        tx.commit().await?;
        return Ok(Change::Done(cart));
    }
    // Nothing written: say how much the cart holds now, for the reason.
    let in_cart = line_quantity(&mut tx, cart, product).await?;
    tx.rollback().await?;
    Ok(Change::Refused { in_cart })
}

/// Sets a line's quantity, within the stock. An account without a cart has no line to set.
pub async fn set_quantity(
    db: &Db,
    owner: CartOwner,
    product: ProductId,
    quantity: Quantity,
) -> Result<Change, sqlx::Error> {
    let cart = match owner {
        CartOwner::User(user) => match find_user_cart(db, user).await? {
            Some(cart) => cart,
            None => return Ok(Change::NoCart),
        },
        CartOwner::Guest(cart) => cart,
    };
    let mut tx = db.begin().await?;
    if !lock(&mut tx, cart).await? {
        return Ok(Change::NoCart);
    }
    let result = on_conn!(&mut tx, |c| {
        sqlx::query(
            "UPDATE cart_lines SET quantity = $3 WHERE cart_id = $1 AND product_id = $2 \
             AND $3 <= (SELECT stock FROM products WHERE id = $2)",
        )
        .bind(cart)
        .bind(product)
        .bind(i64::from(quantity))
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    if result == 1 {
        tx.commit().await?;
        return Ok(Change::Done(cart));
    }
    let exists = line_quantity(&mut tx, cart, product).await? > 0;
    tx.rollback().await?;
    Ok(if exists {
        Change::Refused { in_cart: 0 }
    } else {
        Change::NoLine
    })
}

/// Removes a line. Removing a line that is already gone is not an error (a double click).
pub async fn remove(db: &Db, owner: CartOwner, product: ProductId) -> Result<Change, sqlx::Error> {
    let cart = match owner {
        CartOwner::User(user) => find_user_cart(db, user).await?,
        CartOwner::Guest(cart) => Some(cart),
    };
    let Some(cart) = cart else {
        return Ok(Change::NoCart);
    };
    let mut tx = db.begin().await?;
    if !lock(&mut tx, cart).await? {
        return Ok(Change::NoCart);
    }
    on_conn!(&mut tx, |c| {
        sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1 AND product_id = $2")
            .bind(cart)
            .bind(product)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    tx.commit().await?;
    Ok(Change::Done(cart))
}

/// Guest carts nobody has touched for longer than any session can live.
pub async fn delete_abandoned_guest_carts(db: &Db, older_than: i64) -> Result<u64, sqlx::Error> {
    on_db!(db, |p| {
        sqlx::query("DELETE FROM carts WHERE user_id IS NULL AND updated_at < $1")
            .bind(older_than)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
    })
}
