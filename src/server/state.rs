//! The one application state, handed to axum handlers and provided to Leptos as context.
//!
//! Cloned several times per request (middleware, extractors, the Leptos context), so it is one
//! `Arc`: a clone is one atomic increment instead of one per field (perf showed 5 % of a JWT
//! request's CPU in cloning and dropping the fields).

use super::{
    accounts::password::{Hasher, PasswordHash},
    cookie::store::GuardedStore,
    db::Db,
    shop::catalog::Catalog,
    token::{denylist::Denylist, keys::Keyring},
    web::page_cache::PageCache,
    Config,
};
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// leptos_axum's file and error handlers take the options from the state.
impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// The cookie sessions' store, on the same database.
    pub sessions: GuardedStore,
    pub config: Arc<Config>,
    /// Verified against when an email is unknown, so that answer takes as long as a wrong password.
    pub dummy_hash: Arc<PasswordHash>,
    /// The JWT signing and verification keys.
    pub keys: Arc<Keyring>,
    /// Revoked access tokens, reloaded from the database every second.
    pub denylist: Arc<Denylist>,
    /// Password hashing, bounded so a login storm cannot take every core and gigabytes.
    pub passwords: Arc<Hasher>,
    /// Categories and products, held in memory and reloaded every second or after a sale.
    pub catalog: Arc<Catalog>,
    /// Catalog pages shared between visitors without cookies, current while the catalog they show is.
    pub page_cache: Arc<PageCache>,
    /// What the Learn labs keep in memory (per instance, bounded): the request inspector's lists
    /// and what each lab's attacker got.
    pub learn: Arc<crate::learn::server::Labs>,
    /// DPoP's nonce key (shared by every instance through the database) and the proofs seen.
    pub dpop: Arc<crate::server::token::dpop::Dpop>,
}
