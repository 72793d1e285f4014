//! The catalog as pages and the API read it: categories and products held in memory, so showing
//! the shop costs no query. It is reloaded when it is a second old, at once after a checkout on
//! this instance changed stock, and on PostgreSQL when another instance says its checkout did.
//! Adding to a cart and checking out still check the stock in the database; only what the
//! catalog *shows* may be up to a second behind another instance's sale.

use crate::domain::{AppError, CatalogPage, CatalogQuery, Category, Missing, Product, ProductId};
use crate::server::{
    db::{self, Db},
    error::{is_unavailable, RETRY_AFTER_SECS},
    AppState,
};
use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

/// How old the copy may get before a request reloads it.
pub const MAX_AGE: Duration = Duration::from_secs(1);

/// Every category and product, in catalog order.
#[derive(Debug)]
pub struct Snapshot {
    pub categories: Vec<Category>,
    pub products: Vec<Product>,
}

impl Snapshot {
    pub fn product_by_slug(&self, slug: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.slug == slug)
    }

    pub fn product_by_id(&self, id: ProductId) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }
}

#[derive(Default)]
pub struct Catalog {
    current: RwLock<Option<(Instant, Arc<Snapshot>)>>,
    /// One reload at a time: requests that find the copy stale while another reloads wait for it.
    reloading: tokio::sync::Mutex<()>,
    /// When a reload last failed because the database was unavailable.
    unavailable_at: RwLock<Option<Instant>>,
    /// When stock last changed here or was reported changed elsewhere.
    invalidated: RwLock<Option<Instant>>,
}

impl Catalog {
    pub async fn get(&self, db: &Db) -> Result<Arc<Snapshot>, AppError> {
        if let Some(fresh) = self.fresh() {
            return Ok(fresh);
        }
        let waiting_since = Instant::now();
        let _one_at_a_time = self.reloading.lock().await;
        if let Some(fresh) = self.fresh() {
            return Ok(fresh);
        }
        // The reload this request waited for, or one within the last second, failed for want of
        // the database: that is this request's answer too. Retrying in turn, each waiter would add
        // its own wait for the database (a second each in an outage: the tenth request in line
        // was answered after ten), and so would the shared pages' renders queued behind each other.
        let failed_at = *self
            .unavailable_at
            .read()
            .unwrap_or_else(|p| p.into_inner());
        if failed_at.is_some_and(|at| at >= waiting_since || at.elapsed() < MAX_AGE) {
            return Err(AppError::Unavailable {
                retry_after_secs: RETRY_AFTER_SECS,
            });
        }
        let snapshot = match Self::load(db).await {
            Ok(snapshot) => Arc::new(snapshot),
            Err(e) => {
                if is_unavailable(&e) {
                    *self
                        .unavailable_at
                        .write()
                        .unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
                }
                return Err(e.into());
            }
        };
        *self.current.write().unwrap_or_else(|p| p.into_inner()) =
            Some((Instant::now(), snapshot.clone()));
        Ok(snapshot)
    }

    async fn load(db: &Db) -> Result<Snapshot, sqlx::Error> {
        Ok(Snapshot {
            categories: db::products::categories(db).await?,
            products: db::products::all_products(db).await?,
        })
    }

    fn fresh(&self) -> Option<Arc<Snapshot>> {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current
            .as_ref()
            .filter(|(loaded, _)| loaded.elapsed() < MAX_AGE)
            .map(|(_, snapshot)| snapshot.clone())
    }

    /// Stock changed: the next request reloads, and nothing rendered before now counts as current
    /// (`shows_current`), so no shared page rendered before now is served again.
    pub fn invalidate(&self) {
        *self.invalidated.write().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// When the copy a render starting now would use was read from the database (now, if it
    /// will have to be read first): what the render shows is no newer than that.
    pub fn as_of(&self) -> Instant {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        match current.as_ref() {
            Some((loaded, _)) if loaded.elapsed() < MAX_AGE => *loaded,
            _ => Instant::now(),
        }
    }

    /// Whether something rendered from the catalog at `at` still shows it as it is: less than
    /// `MAX_AGE` old, and begun after the last invalidation.
    pub fn shows_current(&self, at: Instant) -> bool {
        let invalidated = *self.invalidated.read().unwrap_or_else(|p| p.into_inner());
        at.elapsed() < MAX_AGE && invalidated.is_none_or(|t| at > t)
    }
}

/// The catalog page for a query: its category must exist, the products are filtered in memory.
pub async fn page(state: &AppState, query: CatalogQuery) -> Result<CatalogPage, AppError> {
    let catalog = state.catalog.get(&state.db).await?;
    if let Some(slug) = &query.category {
        if !catalog.categories.iter().any(|c| &c.slug == slug) {
            return Err(AppError::NotFound(Missing::Category(slug.clone())));
        }
    }
    Ok(CatalogPage {
        categories: catalog.categories.clone(),
        products: catalog
            .products
            .iter()
            .filter(|p| query.matches(p))
            .cloned()
            .collect(),
        query,
    })
}

pub async fn product(state: &AppState, slug: &str) -> Result<Product, AppError> {
    state
        .catalog
        .get(&state.db)
        .await?
        .product_by_slug(slug)
        .cloned()
        .ok_or(AppError::NotFound(Missing::Product))
}

/// The product's name, or NotFound (products are never deleted, so the catalog in memory can tell).
pub async fn product_name(state: &AppState, product: ProductId) -> Result<String, AppError> {
    state
        .catalog
        .get(&state.db)
        .await?
        .product_by_id(product)
        .map(|p| p.name.clone())
        .ok_or(AppError::NotFound(Missing::Product))
}
