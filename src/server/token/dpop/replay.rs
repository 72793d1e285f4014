//! Proofs seen (RFC 9449 §11.1): a proof's `jti`, with its key's thumbprint, is accepted once.
//! Kept until the proof is too old to pass the `iat` check anyway. In this instance's memory,
//! bounded; on PostgreSQL also in a shared table, so a proof replayed to another instance behind
//! the same proxy is refused there too.

use super::ProofError;
use crate::server::{crypto::sha256, db};
use std::{collections::HashMap, sync::Mutex};

/// At most this many proofs remembered per instance (about 48 bytes each). When it is full of
/// proofs still young, a new one is refused (503) rather than one forgotten: forgetting would let
/// that one be replayed.
pub const CAPACITY: usize = 200_000;

#[derive(Default)]
pub struct Seen {
    memory: Mutex<HashMap<[u8; 32], i64>>,
}

impl Seen {
    /// Records the proof of key `jkt` named `jti`, good until `expires_at`; refuses one seen before.
    pub async fn first_use(
        &self,
        db: &db::Db,
        jkt: &str,
        jti: &str,
        expires_at: i64,
    ) -> Result<(), ProofError> {
        let id = self.here(jkt, jti, expires_at, crate::server::clock::now_unix())?;
        if db.is_postgres() {
            match db::dpop::first_use(db, &id, expires_at).await {
                Ok(true) => {}
                Ok(false) => return Err(ProofError::Replayed),
                Err(e) => {
                    tracing::error!(error = %e, "recording a DPoP proof failed");
                    return Err(ProofError::Busy);
                }
            }
        }
        Ok(())
    }

    /// This instance's memory alone (one instance, or the benchmark's reference): records the
    /// proof and returns its id, or refuses one seen before.
    pub fn here(
        &self,
        jkt: &str,
        jti: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<[u8; 32], ProofError> {
        let id = sha256(format!("{jkt} {jti}").as_bytes());
        self.remember(id, expires_at, now)?;
        Ok(id)
    }

    fn remember(&self, id: [u8; 32], expires_at: i64, now: i64) -> Result<(), ProofError> {
        let mut seen = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        if seen.get(&id).is_some_and(|&until| until > now) {
            return Err(ProofError::Replayed);
        }
        if seen.len() >= CAPACITY {
            seen.retain(|_, until| *until > now);
            if seen.len() >= CAPACITY {
                return Err(ProofError::Busy);
            }
        }
        seen.insert(id, expires_at);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.memory.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc9449_11_1_a_jti_is_accepted_once_until_it_is_too_old_to_matter() {
        let seen = Seen::default();
        let id = [1; 32];
        assert_eq!(seen.remember(id, 100, 0), Ok(()));
        assert_eq!(seen.remember(id, 100, 50), Err(ProofError::Replayed));
        assert_eq!(seen.remember([2; 32], 100, 50), Ok(()), "another proof");
        assert_eq!(
            seen.remember(id, 300, 150),
            Ok(()),
            "forgotten once too old to pass iat"
        );
    }
}
