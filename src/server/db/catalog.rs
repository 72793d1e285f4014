//! Products and categories.

use crate::domain::{CatalogQuery, Category, Money, Product};
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
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

pub async fn categories(pool: &SqlitePool) -> Result<Vec<Category>, sqlx::Error> {
    sqlx::query_as::<_, (String, String)>("SELECT slug, name FROM categories ORDER BY position")
        .fetch_all(pool)
        .await
        .map(|rows| {
            rows.into_iter()
                .map(|(slug, name)| Category { slug, name })
                .collect()
        })
}

pub async fn products(
    pool: &SqlitePool,
    query: &CatalogQuery,
) -> Result<Vec<Product>, sqlx::Error> {
    let sql = format!(
        "{SELECT_PRODUCT} WHERE ($1 IS NULL OR c.slug = $1) \
         AND ($2 IS NULL OR p.name LIKE $2 ESCAPE '\\' OR p.description LIKE $2 ESCAPE '\\') \
         ORDER BY c.position, p.name"
    );
    let rows = sqlx::query_as::<_, ProductRow>(&sql)
        .bind(query.category.as_deref())
        .bind(query.like_pattern())
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(Product::from).collect())
}

pub async fn product_by_slug(
    pool: &SqlitePool,
    slug: &str,
) -> Result<Option<Product>, sqlx::Error> {
    let sql = format!("{SELECT_PRODUCT} WHERE p.slug = $1");
    Ok(sqlx::query_as::<_, ProductRow>(&sql)
        .bind(slug)
        .fetch_optional(pool)
        .await?
        .map(Product::from))
}

pub async fn product_by_id(pool: &SqlitePool, id: i64) -> Result<Option<Product>, sqlx::Error> {
    let sql = format!("{SELECT_PRODUCT} WHERE p.id = $1");
    Ok(sqlx::query_as::<_, ProductRow>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(Product::from))
}
