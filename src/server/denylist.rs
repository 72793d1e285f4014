//! The revoke-now denylist as every instance checks it: the `jti`s of revoked access tokens that
//! have not expired yet, held in memory and reloaded from the database every second. The database
//! is the record; this copy is what makes the check cost a hash lookup instead of a query per
//! request. The price: a revocation made on another instance reaches this one within a second.

use crate::server::{db, now_unix};
use sqlx::SqlitePool;
use std::{
    collections::HashSet,
    sync::{Arc, RwLock},
};

/// How often `sync_forever` reloads.
pub const RELOAD_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

#[derive(Default)]
pub struct Denylist {
    jtis: RwLock<Arc<HashSet<String>>>,
}

impl Denylist {
    pub fn contains(&self, jti: &str) -> bool {
        self.jtis
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .contains(jti)
    }

    /// Seen by this instance at once, by the others at their next reload.
    pub fn insert(&self, jti: &str) {
        let mut guard = self.jtis.write().unwrap_or_else(|p| p.into_inner());
        let mut next = (**guard).clone();
        next.insert(jti.to_string());
        *guard = Arc::new(next);
    }

    pub async fn reload(&self, pool: &SqlitePool) -> Result<(), sqlx::Error> {
        let live: HashSet<String> = db::refresh::denied_access_tokens(pool, now_unix())
            .await?
            .into_iter()
            .collect();
        *self.jtis.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(live);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inserted_jti_is_denied_at_once() {
        let list = Denylist::default();
        assert!(!list.contains("a"));
        list.insert("a");
        assert!(list.contains("a"));
        assert!(!list.contains("b"));
    }
}
