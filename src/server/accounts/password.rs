//! Password hashing with argon2id, on a few threads of its own so a login storm can neither stall
//! the async runtime nor take memory without bound. Parameters: OWASP's m=9 MiB, t=4, p=1, which
//! it rates equal to the crate's default (19 MiB, t=2) at the same CPU cost and half the memory.
//! Hashes stored with other parameters still verify: a PHC string names its own.

use crate::domain::{AppError, Password};
pub use crate::server::db::users::PasswordHash;
use argon2::{
    password_hash::{Output, ParamsString, SaltString},
    Algorithm, Argon2, Block, Params, Version,
};
use std::{cell::RefCell, fmt};

/// See the module documentation.
fn params() -> Params {
    Params::new(9 * 1024, 4, 1, None).unwrap_or_default()
}

thread_local! {
    /// A hashing thread's working memory (9 MiB), reused by every hash while logins keep coming
    /// and freed when the queue is empty: an allocation per hash kept up to 65 MiB resident
    /// between logins (measured with bench/run).
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Argon2 of `password` into `out`, in this thread's reused memory.
fn argon2_into(
    argon: &Argon2,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        let needed = params.block_count();
        if blocks.len() < needed {
            blocks.resize(needed, Block::default());
        }
        argon.hash_password_into_with_memory(password, salt, out, &mut blocks[..needed])
    })
}

fn hash_blocking(password: &str) -> Result<PasswordHash, AppError> {
    let failed = |err: &dyn fmt::Display| {
        tracing::error!(error = %err, "password hashing failed");
        AppError::Internal
    };
    let params = params();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = new_salt().map_err(|e| failed(&e))?;
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_buf)
        .map_err(|e| failed(&e))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2_into(&argon, &params, password.as_bytes(), salt_bytes, &mut out)
        .map_err(|e| failed(&e))?;
    let phc = argon2::PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(PasswordHash::from_stored(phc.to_string()))
}

/// A fresh salt: 16 random bytes, the length argon2's own `SaltString::generate` uses.
fn new_salt() -> Result<SaltString, argon2::password_hash::Error> {
    SaltString::encode_b64(&crate::server::crypto::random_bytes::<16>())
}

/// Checks a password against a PHC string with the parameters it names, as argon2's own verifier
/// does, comparing in constant time. Anything malformed is logged and never matches.
fn verify_blocking(password: &str, stored: &str) -> bool {
    let malformed = |why: &str| {
        tracing::error!(why, "stored password hash is malformed");
        false
    };
    let Ok(parsed) = argon2::PasswordHash::new(stored) else {
        return malformed("not a PHC string");
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
        parsed.salt,
        parsed.hash,
    ) else {
        return malformed("algorithm, parameters, salt or hash missing");
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return malformed("unknown version"),
    };
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut salt_buf = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_buf) else {
        return malformed("salt");
    };
    let mut out = vec![0u8; expected.len()];
    if argon2_into(&argon, &params, password.as_bytes(), salt_bytes, &mut out).is_err() {
        return malformed("parameters");
    }
    Output::new(&out).is_ok_and(|computed| computed == expected)
}

type Job = Box<dyn FnOnce() + Send>;

/// Hashing yields the CPU to request handling: during a login storm logins queue up, while
/// every other request keeps its throughput. Measured with bench/run: nice 10 keeps /me at 88 %
/// of its rate, p99 2.5 ms against 0.35 ms alone. SCHED_IDLE got that p99 to 0.8 ms but starved
/// queued logins into client timeouts; nice 19 with SCHED_BATCH also timed some out.
fn lower_priority() {
    // On Linux, PRIO_PROCESS with 0 sets the nice value of the calling thread only.
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes no pointers; at worst it fails and changes nothing.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Runs argon2 on its own few threads, one hash per thread at a time. Each hash takes 9 MiB (19 MiB
/// with the crate's defaults) and a core for tens of milliseconds. On tokio's blocking pool a login storm of 32 connections took
/// 1.7 GiB and left the async runtime a tenth of its throughput; bounded there, it still kept
/// 19 MiB in the allocator arena of every pool thread that ever hashed (300 MiB; measured with
/// bench/run). Fixed threads keep both the CPU and the memory bounded. Logins beyond the limit
/// wait in the queue without holding a thread.
pub struct Hasher {
    jobs: std::sync::mpsc::Sender<Job>,
    /// Jobs sent and not yet started (a `/metrics` gauge).
    queued: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// The most jobs that may wait; past it a login or sign-up is refused with 503 at once.
    max_queued: usize,
}

/// The queue's default bound: at about 40 ms a hash per thread, 64 waiting jobs are a wait of a few
/// seconds on this 2-core machine, about as long as a person waits for a login.
pub const DEFAULT_MAX_QUEUED: usize = 64;

impl Hasher {
    /// One thread per core but one, leaving at least one core to everything else.
    pub fn for_this_machine(max_queued: usize) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Hasher::with_threads(cores.saturating_sub(1).max(1)).bounded(max_queued)
    }

    /// The same hasher with another bound on its queue.
    pub fn bounded(self, max_queued: usize) -> Self {
        Hasher { max_queued, ..self }
    }

    /// The threads end when the `Hasher` is dropped.
    pub fn with_threads(threads: usize) -> Self {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
        for i in 0..threads.max(1) {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    lower_priority();
                    loop {
                        let next = queue.lock().map(|q| match q.try_recv() {
                            Ok(job) => Some(job),
                            // Idle: give the memory back until the next login.
                            Err(std::sync::mpsc::TryRecvError::Empty) => {
                                BLOCKS.with(|b| *b.borrow_mut() = Vec::new());
                                q.recv().ok()
                            }
                            Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
                        });
                        match next {
                            Ok(Some(job)) => job(),
                            _ => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Hasher {
            jobs,
            queued: std::sync::Arc::default(),
            max_queued: DEFAULT_MAX_QUEUED,
        }
    }

    /// Hashes waiting for a thread.
    pub fn queued(&self) -> usize {
        self.queued.load(std::sync::atomic::Ordering::Acquire)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        use std::sync::atomic::Ordering;
        let (reply, answer) = tokio::sync::oneshot::channel();
        let queued = self.queued.clone();
        let max = self.max_queued;
        if queued
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .is_err()
        {
            metrics::counter!("tokenshop_hashing_refused_total").increment(1);
            return Err(AppError::Busy {
                retry_after_secs: 1,
            });
        }
        let job: Job = Box::new(move || {
            queued.fetch_sub(1, Ordering::AcqRel);
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
        self.run(move || verify_blocking(password.expose(), hash.as_str()))
            .await
    }

    /// A hash of a random password, used as the decoy for unknown emails.
    pub async fn dummy_hash(&self) -> Result<PasswordHash, AppError> {
        let random = crate::server::crypto::random_token::<16>();
        self.run(move || hash_blocking(&random)).await?
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
        assert!(
            h.as_str().starts_with("$argon2id$v=19$m=9216,t=4,p=1$"),
            "{}",
            h.as_str()
        );
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
    async fn hashes_made_by_argon2s_own_hasher_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let salt = new_salt().unwrap();
        let stored = Argon2::default()
            .hash_password(b"stored before", &salt)
            .unwrap()
            .to_string();
        let hasher = Hasher::with_threads(1);
        let stored = PasswordHash::from_stored(stored);
        let attempt = |p: &str| Password::attempt(p.into()).unwrap();
        assert!(hasher
            .verify(attempt("stored before"), stored.clone())
            .await
            .unwrap());
        assert!(!hasher
            .verify(attempt("stored after"), stored)
            .await
            .unwrap());
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
    use crate::wire::Status;
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_refuses_at_once_with_retry_after() {
        let hasher = Arc::new(Hasher::with_threads(1).bounded(2));
        let (release, held) = std::sync::mpsc::channel::<()>();
        let held = Arc::new(std::sync::Mutex::new(held));
        // One job runs and blocks; two more fill the queue.
        let mut waiting = Vec::new();
        for _ in 0..3 {
            let (hasher, held) = (hasher.clone(), held.clone());
            waiting.push(tokio::spawn(async move {
                hasher
                    .run(move || {
                        let _ = held.lock().unwrap().recv();
                    })
                    .await
            }));
            tokio::time::sleep(std::time::Duration::from_millis(30)).await;
        }
        assert_eq!(hasher.queued(), 2);
        let refused = hasher.run(|| ()).await.unwrap_err();
        assert_eq!(refused.status_code(), 503);
        assert_eq!(refused.retry_after(), Some(1));
        for _ in 0..3 {
            release.send(()).unwrap();
        }
        for w in waiting {
            assert!(w.await.unwrap().is_ok());
        }
        assert_eq!(hasher.queued(), 0);
    }
}
