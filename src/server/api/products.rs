//! `/api/v1/products`: the same catalog and filters as the pages, with paging. Public.

use super::error::{ApiError, ApiPath, Problem};
use super::responses::{ServerError, PROBLEM};
use crate::domain::{AppError, CatalogQuery, Product, ProductId};
use crate::server::{shop::catalog, AppState};
use axum::{
    extract::{Query, State},
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one))
}

pub const MAX_PER_PAGE: usize = 100;
const DEFAULT_PER_PAGE: usize = 20;
/// Far beyond the catalog, but a bound the document can state (usize::MAX would depend on the
/// machine).
pub const MAX_PAGE: usize = 1_000_000;

#[derive(Serialize, ToSchema)]
pub struct CategoryView {
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProductView {
    #[schema(value_type = i64)]
    pub id: ProductId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub price_cents: i64,
    /// Formatted for display, e.g. `$7.99`.
    pub price: String,
    pub stock: i64,
    pub category: CategoryView,
    /// Absolute, so a page on another origin can show it.
    pub image_url: String,
}

impl ProductView {
    pub fn new(p: Product, origin: &str) -> Self {
        ProductView {
            image_url: format!("{origin}{}", p.image_url()),
            id: p.id,
            slug: p.slug,
            name: p.name,
            description: p.description,
            price_cents: p.price.cents(),
            price: p.price.to_string(),
            stock: p.stock,
            category: CategoryView {
                slug: p.category.slug,
                name: p.category.name,
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProductPage {
    pub items: Vec<ProductView>,
    pub page: usize,
    pub per_page: usize,
    pub total: usize,
    pub total_pages: usize,
}

/// Query parameters arrive as text so that `page=abc` gets a precise 422, not a parser's message;
/// the document states them as the whole numbers they must be.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductQuery {
    /// A category slug, e.g. `tea`.
    pub category: Option<String>,
    /// Text searched in names and descriptions (its first 100 characters).
    pub q: Option<String>,
    /// Default 1.
    #[param(value_type = Option<u64>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// Default 20.
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

fn whole_number(
    raw: Option<&str>,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    let Some(raw) = raw else {
        return Ok(default);
    };
    // Digits only: `page=`, ` 2` or `+2` are not the integer the document promises to read.
    let digits = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    match raw.parse::<usize>() {
        Ok(n) if digits && (1..=max).contains(&n) => Ok(n),
        _ => Err(
            AppError::Validation(format!("{name} must be a whole number from 1 to {max}.")).into(),
        ),
    }
}

/// Lists products, filtered like the catalog page and paged.
#[utoipa::path(get, operation_id = "list_products", path = "/api/v1/products", tag = "catalog",
    params(ProductQuery),
    security(),
    responses(
        (status = 200, description = "A page of products", body = ProductPage),
        (status = 404, description = "Unknown category", body = Problem, content_type = PROBLEM),
        (status = 422, description = "page or per_page not a whole number in its range, or a query string that cannot be read", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<ProductQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ProductPage>, ApiError> {
    let Query(query) =
        query.map_err(|_| AppError::Validation("The query string could not be read.".into()))?;
    let page = whole_number(query.page.as_deref(), "page", 1, MAX_PAGE)?;
    let per_page = whole_number(
        query.per_page.as_deref(),
        "per_page",
        DEFAULT_PER_PAGE,
        MAX_PER_PAGE,
    )?;
    let query = CatalogQuery::normalized(query.category, query.q);
    let found = catalog::page(&state, query).await?;
    let total = found.products.len();
    let items = found
        .products
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .map(|p| ProductView::new(p, &state.config.public_origin))
        .collect();
    Ok(Json(ProductPage {
        items,
        page,
        per_page,
        total,
        total_pages: total.div_ceil(per_page),
    }))
}

/// One product by its slug.
#[utoipa::path(get, operation_id = "get_product", path = "/api/v1/products/{slug}", tag = "catalog",
    params(("slug" = String, Path, description = "e.g. `earl-grey`", example = "earl-grey")),
    security(),
    responses(
        (status = 200, description = "The product", body = ProductView),
        (status = 404, description = "No such product", body = Problem, content_type = PROBLEM),
        ServerError,
    ))]
pub async fn one(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<ProductView>, ApiError> {
    let product = catalog::product(&state, &slug).await?;
    Ok(Json(ProductView::new(product, &state.config.public_origin)))
}
