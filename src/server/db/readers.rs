//! SQLite's connections for single statements, handed out by the shop instead of by sqlx's pool.
//! sqlx pings a pooled connection every time it is released, and on SQLite a ping is a round trip
//! to the connection's own thread, as costly as the statement it follows: half of a signed-in
//! page's hand-offs between threads (perf, bench/README.md (d)). sqlx has no setting to skip it, so
//! this is a semaphore bounded by the acquire timeout over a stack of idle connections, opened as
//! they are first needed. Statements
//! here never open a transaction (those take the writer, `Db::begin`), so a connection whose query
//! was cancelled is fit to hand out again: its thread finishes or resets that statement first.

use sqlx::{sqlite::SqliteConnectOptions, ConnectOptions, Connection, SqliteConnection};
use std::{
    ops::{Deref, DerefMut},
    sync::Mutex,
    time::Duration,
};
use tokio::sync::{Semaphore, SemaphorePermit};

pub struct Readers {
    options: SqliteConnectOptions,
    /// Opened as they are first needed: each holds a thread and its own page cache.
    idle: Mutex<Vec<SqliteConnection>>,
    permits: Semaphore,
    acquire_timeout: Duration,
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers")
            .field("available", &self.permits.available_permits())
            .finish()
    }
}

impl Readers {
    /// At most `count` connections with `options`; none is opened before it is needed.
    pub fn new(options: &SqliteConnectOptions, count: usize, acquire_timeout: Duration) -> Readers {
        Readers {
            options: options.clone(),
            idle: Mutex::new(Vec::with_capacity(count)),
            permits: Semaphore::new(count),
            acquire_timeout,
        }
    }

    /// A connection of its own for one statement; after the acquire timeout, `PoolTimedOut` (which
    /// the shop answers 503), as sqlx's pool would.
    pub async fn get(&self) -> Result<Reader<'_>, sqlx::Error> {
        let permit = tokio::time::timeout(self.acquire_timeout, self.permits.acquire())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
            .map_err(|_| sqlx::Error::PoolClosed)?;
        let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        // Fewer are open than permits are out: this permit's connection is opened now.
        let conn = match idle {
            Some(conn) => conn,
            None => tokio::time::timeout(self.acquire_timeout, self.options.connect())
                .await
                .map_err(|_| sqlx::Error::PoolTimedOut)??,
        };
        Ok(Reader {
            conn: Some(conn),
            readers: self,
            _permit: permit,
        })
    }

    /// Refuses new statements and closes every idle connection.
    pub async fn close(&self) {
        self.permits.close();
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(|p| p.into_inner()));
        for conn in idle {
            let _ = conn.close().await;
        }
    }
}

/// A connection lent for one statement; it goes back to the stack when dropped.
pub struct Reader<'a> {
    conn: Option<SqliteConnection>,
    readers: &'a Readers,
    _permit: SemaphorePermit<'a>,
}

impl Deref for Reader<'_> {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        self.conn.as_ref().expect("present until dropped")
    }
}

impl DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.conn.as_mut().expect("present until dropped")
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.readers
                .idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(conn);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    async fn readers(count: usize) -> Readers {
        let options = SqliteConnectOptions::from_str("sqlite::memory:").unwrap();
        Readers::new(&options, count, Duration::from_millis(200))
    }

    /// What `SELECT 1` gives on a connection of `readers`.
    async fn answers(readers: &Readers) -> i64 {
        let mut reader = readers.get().await.unwrap();
        sqlx::query_scalar("SELECT 1")
            .fetch_one(&mut *reader)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_connection_goes_back_when_dropped_and_waiting_ends_in_a_timeout() {
        let readers = readers(1).await;
        let held = readers.get().await.unwrap();
        assert!(matches!(
            readers.get().await.err(),
            Some(sqlx::Error::PoolTimedOut)
        ));
        drop(held);
        assert_eq!(answers(&readers).await, 1);
    }

    #[tokio::test]
    async fn a_statement_cancelled_midway_leaves_the_connection_fit_for_the_next() {
        let readers = readers(1).await;
        let slow =
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) \
                    SELECT COUNT(*) FROM n";
        {
            let mut reader = readers.get().await.unwrap();
            let cancelled = tokio::time::timeout(
                Duration::from_millis(5),
                sqlx::query_scalar::<_, i64>(slow).fetch_one(&mut *reader),
            )
            .await;
            assert!(cancelled.is_err(), "the statement was cut off");
        }
        assert_eq!(answers(&readers).await, 1);
    }

    #[tokio::test]
    async fn closed_readers_refuse_at_once() {
        let readers = readers(2).await;
        readers.close().await;
        assert!(matches!(
            readers.get().await.err(),
            Some(sqlx::Error::PoolClosed)
        ));
    }
}
