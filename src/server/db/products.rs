//! Products and categories.

use super::{on_db, Db};
use crate::domain::{Category, Money, Product, ProductId};
use sqlx::AssertSqlSafe;

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: ProductId,
    slug: String,
    name: String,
    description: String,
    price_cents: i64,
    stock: i64,
    category_slug: String,
    category_name: String,
}

impl From<ProductRow> for Product {
    fn from(r: ProductRow) -> Self {
        Product {
            id: r.id,
            slug: r.slug,
            name: r.name,
            description: r.description,
            price: Money::from_cents(r.price_cents),
            stock: r.stock,
            category: Category {
                slug: r.category_slug,
                name: r.category_name,
            },
        }
    }
}

const SELECT_PRODUCT: &str = "SELECT p.id, p.slug, p.name, p.description, p.price_cents, p.stock, \
                              c.slug AS category_slug, c.name AS category_name \
                              FROM products p JOIN categories c ON c.id = p.category_id";

pub async fn categories(db: &Db) -> Result<Vec<Category>, sqlx::Error> {
    let rows: Vec<(String, String)> = on_db!(db, |p| {
        sqlx::query_as("SELECT slug, name FROM categories ORDER BY position")
            .fetch_all(p)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(slug, name)| Category { slug, name })
        .collect())
}

/// Every product, in catalog order: by category, then by name (bytewise on both databases).
pub async fn all_products(db: &Db) -> Result<Vec<Product>, sqlx::Error> {
    let sql = format!("{SELECT_PRODUCT} ORDER BY c.position, p.name");
    let rows: Vec<ProductRow> = on_db!(db, |p| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(Product::from).collect())
}

pub async fn product_by_id(db: &Db, id: ProductId) -> Result<Option<Product>, sqlx::Error> {
    let sql = format!("{SELECT_PRODUCT} WHERE p.id = $1");
    let row: Option<ProductRow> = on_db!(db, |p| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(id)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(Product::from))
}
