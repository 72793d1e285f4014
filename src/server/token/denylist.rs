//! The revoke-now denylist as every instance checks it: the `jti`s of revoked access tokens that
//! have not expired yet, held in memory. The database is the record; this copy is what makes the
//! check cost a hash lookup instead of a query per request. Other instances' revocations arrive by
//! PostgreSQL NOTIFY within milliseconds, and a reload every second catches whatever a notification
//! missed (and is the only way on SQLite).

use crate::server::{clock::now_unix, db};
use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

/// How often `sync_forever` reloads.
pub const RELOAD_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// `jti` → the token's `exp`: an entry is needed only until the token would expire anyway.
type Entries = HashMap<String, i64>;

#[derive(Default)]
pub struct Denylist {
    jtis: RwLock<Arc<Entries>>,
}

impl Denylist {
    pub fn contains(&self, jti: &str) -> bool {
        self.jtis
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(jti)
    }

    /// How many revoked, unexpired access tokens this instance holds (a `/metrics` gauge).
    pub fn size(&self) -> usize {
        self.jtis.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Seen by this instance at once, by the others when notified or at their next reload.
    pub fn insert(&self, jti: &str, expires_at: i64) {
        let mut guard = self.jtis.write().unwrap_or_else(|p| p.into_inner());
        let mut next = (**guard).clone();
        next.insert(jti.to_string(), expires_at);
        *guard = Arc::new(next);
    }

    /// Adds what the database holds and drops what has expired. Nothing unexpired is ever dropped,
    /// so a reload that read the table just before a local revocation cannot undo it.
    pub async fn reload(&self, db: &db::Db) -> Result<(), sqlx::Error> {
        let now = now_unix();
        let stored = db::refresh::denied_access_tokens(db, now).await?;
        let mut guard = self.jtis.write().unwrap_or_else(|p| p.into_inner());
        let mut next: Entries = guard
            .iter()
            .filter(|(_, exp)| **exp >= now)
            .map(|(jti, exp)| (jti.clone(), *exp))
            .collect();
        next.extend(stored);
        *guard = Arc::new(next);
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
        list.insert("a", now_unix() + 60);
        assert!(list.contains("a"));
        assert!(!list.contains("b"));
    }
}
