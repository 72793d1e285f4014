//! Catalog types: categories, products and a catalog query from the URL.

use super::{Money, ProductId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: ProductId,
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

    /// Whether a product is in this view: its category, and the search text anywhere in its name
    /// or description, ignoring case and matched literally (`%` is just a percent sign).
    pub fn matches(&self, product: &Product) -> bool {
        if self
            .category
            .as_ref()
            .is_some_and(|c| *c != product.category.slug)
        {
            return false;
        }
        let Some(q) = &self.q else {
            return true;
        };
        let needle = q.to_lowercase();
        product.name.to_lowercase().contains(&needle)
            || product.description.to_lowercase().contains(&needle)
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
        assert!(q.q.is_none());
    }

    fn product(name: &str, description: &str, category: &str) -> Product {
        Product {
            id: ProductId(1),
            slug: "x".into(),
            name: name.into(),
            description: description.into(),
            price: Money::from_cents(100),
            stock: 1,
            category: Category {
                slug: category.into(),
                name: category.into(),
            },
        }
    }

    #[test]
    fn search_text_is_matched_literally_in_any_case_in_name_or_description() {
        let q = CatalogQuery::normalized(Some(" Tea ".into()), Some(" 100%_x ".into()));
        assert_eq!(q.category.as_deref(), Some("tea"));
        assert!(q.matches(&product("Blend", "a 100%_X blend", "tea")));
        assert!(!q.matches(&product("Blend", "a 100 percent blend", "tea")));
        assert!(!q.matches(&product("Blend", "a 100%_x blend", "keys")));
        let green = CatalogQuery::normalized(None, Some("GREEN".into()));
        assert!(green.matches(&product("Sencha Green", "", "tea")));
        assert!(green.matches(&product("Sencha", "Steamed green leaves", "tea")));
        assert!(!green.matches(&product("Oolong", "Half-oxidised", "tea")));
        assert!(CatalogQuery::default().matches(&product("Any", "", "keys")));
    }

    #[test]
    fn search_text_is_bounded() {
        let q = CatalogQuery::normalized(None, Some("a".repeat(500)));
        assert_eq!(q.q.unwrap().len(), CatalogQuery::MAX_SEARCH_CHARS);
    }
}
