//! Catalog types: categories, products and a catalog query from the URL.

use super::Money;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub price: Money,
    pub stock: i64,
    pub category: Category,
}

impl Product {
    pub fn image_url(&self) -> String {
        image_url(&self.slug)
    }

    pub fn in_stock(&self) -> bool {
        self.stock > 0
    }
}

pub fn image_url(slug: &str) -> String {
    format!("/images/products/{slug}.svg")
}

/// The catalog filter as it appears in the query string (`?category=tea&q=green`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogQuery {
    pub category: Option<String>,
    pub q: Option<String>,
}

impl CatalogQuery {
    pub const MAX_SEARCH_CHARS: usize = 100;

    /// Empty values mean "no filter"; the search text is trimmed and bounded.
    pub fn normalized(category: Option<String>, q: Option<String>) -> Self {
        let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        CatalogQuery {
            category: clean(category).map(|c| c.to_lowercase()),
            q: clean(q).map(|q| q.chars().take(Self::MAX_SEARCH_CHARS).collect()),
        }
    }

    /// A SQL `LIKE` pattern matching the search text literally (`%` and `_` escaped with `\`).
    pub fn like_pattern(&self) -> Option<String> {
        self.q.as_ref().map(|q| {
            let mut p = String::from("%");
            for c in q.chars() {
                if matches!(c, '%' | '_' | '\\') {
                    p.push('\\');
                }
                p.push(c);
            }
            p.push('%');
            p
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub categories: Vec<Category>,
    pub products: Vec<Product>,
    pub query: CatalogQuery,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_filters_mean_no_filter() {
        let q = CatalogQuery::normalized(Some("  ".into()), Some("".into()));
        assert_eq!(q, CatalogQuery::default());
        assert_eq!(q.like_pattern(), None);
    }

    #[test]
    fn search_text_is_matched_literally() {
        let q = CatalogQuery::normalized(Some(" Tea ".into()), Some(" 100%_x ".into()));
        assert_eq!(q.category.as_deref(), Some("tea"));
        assert_eq!(q.like_pattern().as_deref(), Some("%100\\%\\_x%"));
    }

    #[test]
    fn search_text_is_bounded() {
        let q = CatalogQuery::normalized(None, Some("a".repeat(500)));
        assert_eq!(q.q.unwrap().len(), CatalogQuery::MAX_SEARCH_CHARS);
    }
}
