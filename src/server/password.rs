//! Password hashing with argon2id (the crate's defaults are OWASP's: 19 MiB, 2 passes, 1 lane),
//! always on the blocking pool so a login storm cannot stall the async runtime.

use crate::domain::{AppError, Password};
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use std::fmt;

/// A PHC-format hash string. Deliberately not `Serialize`, and `Debug` hides it.
#[derive(Clone)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_stored(phc: String) -> Self {
        PasswordHash(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash([redacted])")
    }
}

fn hash_blocking(password: &str) -> Result<PasswordHash, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| PasswordHash(h.to_string()))
        .map_err(|err| {
            tracing::error!(error = %err, "password hashing failed");
            AppError::Internal
        })
}

type Job = Box<dyn FnOnce() + Send>;

/// Runs argon2 on its own few threads, one hash per thread at a time. Each hash takes 19 MiB and a
/// core for tens of milliseconds. On tokio's blocking pool a login storm of 32 connections took
/// 1.7 GiB and left the async runtime a tenth of its throughput; bounded there, it still kept
/// 19 MiB in the allocator arena of every pool thread that ever hashed (300 MiB; measured with
/// bench/run). Fixed threads keep both the CPU and the memory bounded. Logins beyond the limit
/// wait in the queue without holding a thread.
pub struct Hasher {
    jobs: std::sync::mpsc::Sender<Job>,
}

impl Hasher {
    /// One thread per core but one, leaving at least one core to everything else.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Hasher::with_threads(cores.saturating_sub(1).max(1))
    }

    /// The threads end when the `Hasher` is dropped.
    pub fn with_threads(threads: usize) -> Self {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
        for i in 0..threads.max(1) {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || loop {
                    let next = queue.lock().map(|q| q.recv());
                    match next {
                        Ok(Ok(job)) => job(),
                        _ => return,
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Hasher { jobs }
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = reply.send(work());
        });
        self.jobs.send(job).map_err(|_| {
            tracing::error!("the password hashing threads are gone");
            AppError::Internal
        })?;
        answer.await.map_err(|_| {
            tracing::error!("a password hashing job was dropped");
            AppError::Internal
        })
    }

    pub async fn hash(&self, password: Password) -> Result<PasswordHash, AppError> {
        self.run(move || hash_blocking(password.expose())).await?
    }

    /// True when the password matches. A malformed stored hash is logged and treated as no match.
    pub async fn verify(&self, password: Password, hash: PasswordHash) -> Result<bool, AppError> {
        self.run(move || match argon2::PasswordHash::new(hash.as_str()) {
            Ok(parsed) => Argon2::default()
                .verify_password(password.expose().as_bytes(), &parsed)
                .is_ok(),
            Err(err) => {
                tracing::error!(error = %err, "stored password hash is malformed");
                false
            }
        })
        .await
    }

    /// A hash of a random password, used as the decoy for unknown emails.
    pub async fn dummy_hash(&self) -> Result<PasswordHash, AppError> {
        let random = SaltString::generate(&mut OsRng);
        self.run(move || hash_blocking(random.as_str())).await?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let hasher = Hasher::with_threads(1);
        let h = hasher
            .hash(Password::new_password("correct horse".into()).unwrap())
            .await
            .unwrap();
        assert!(h.as_str().starts_with("$argon2id$"));
        assert!(hasher
            .verify(
                Password::attempt("correct horse".into()).unwrap(),
                h.clone()
            )
            .await
            .unwrap());
        assert!(!hasher
            .verify(Password::attempt("wrong horse".into()).unwrap(), h.clone())
            .await
            .unwrap());
        assert!(!format!("{h:?}").contains("argon2"));
    }

    #[tokio::test]
    async fn a_malformed_hash_never_matches() {
        let bad = PasswordHash::from_stored("not-a-hash".into());
        assert!(!Hasher::with_threads(1)
            .verify(Password::attempt("anything".into()).unwrap(), bad)
            .await
            .unwrap());
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_the_threads() {
        let hasher = Arc::new(Hasher::with_threads(2));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (hasher, running, most) = (hasher.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    hasher
                        .run(move || {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(20));
                            running.fetch_sub(1, Ordering::SeqCst);
                        })
                        .await
                        .unwrap()
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }
}
