//! Database access: one file per table group, each a set of async functions over the pool or a
//! connection. No HTTP or session code here.
//!
//! Two databases, one SQL text: SQLite (the embedded default) and PostgreSQL (for several
//! instances). Every statement is written once in the dialect both accept (`$N` placeholders,
//! `CASE` instead of two-argument `MIN`, `CAST(… AS BIGINT)` around sums), and [`on_db!`] /
//! [`on_conn!`] expand a query once per backend, so each is type-checked against both drivers and
//! runs without the boxing of `sqlx::Any`.
//!
//! A statement that is not one literal is composed from the shop's own constant fragments (table
//! names, column lists, an owner's condition, numbered placeholders), never from input, which is
//! always bound: that is what each `AssertSqlSafe` at a query says (sqlx 0.9 asks for it there).

pub mod account_reads;
pub mod cart_merge;
pub mod carts;
pub mod dpop;
pub mod first_adds;
pub mod keys;
pub mod oauth;
pub mod orders;
pub mod practice;
pub mod products;
pub mod readers;
pub mod refresh;
pub mod signins;
pub mod stats;
pub mod throttle;
pub mod users;

pub use crate::server::config::DbTimeouts;
use sqlx::AssertSqlSafe;
use sqlx::{
    pool::PoolConnection,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction,
};
use std::str::FromStr;

/// PostgreSQL NOTIFY channel: an access token was revoked (the payload is its `jti`).
pub const DENYLIST_CHANNEL: &str = "tokenshop_denylist";
/// A new signing key was made (the payload is its `kid`).
pub const KEYS_CHANNEL: &str = "tokenshop_keys";
/// A checkout changed stock: the catalog held in memory is stale.
pub const CATALOG_CHANNEL: &str = "tokenshop_catalog";

/// The cookie sessions' table, in the connection's own schema on both databases, beside the
/// shop's tables.
pub const SESSION_TABLE: &str = "tower_sessions";

/// The shop's database, of whichever kind `DATABASE_URL` names.
#[derive(Clone, Debug)]
pub enum Db {
    /// SQLite allows one writer at a time. Transactions take the single connection of `writer`, so
    /// they queue in the process, first come first served, instead of meeting at the file lock,
    /// where a waiting connection sleeps 1, 2, 5 … 100 ms between tries (SQLite's busy handler).
    /// Single statements, reads and the few one-statement writes, use `readers`; `pool` serves
    /// the migrations and the few reads of several statements (`Db::acquire`).
    Sqlite {
        readers: std::sync::Arc<readers::Readers>,
        pool: SqlitePool,
        writer: SqlitePool,
        first_adds: first_adds::FirstAdds,
    },
    Postgres(PgPool),
}

/// A connection taken from the pool, or a transaction on one. Functions that must run on the
/// caller's transaction take `&mut Conn`; dropping an uncommitted transaction rolls it back.
#[derive(Debug)]
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    SqliteTx(Transaction<'static, Sqlite>),
    Postgres(PoolConnection<Postgres>),
    PostgresTx(Transaction<'static, Postgres>),
}

/// The driver connection under a [`Conn`], for [`on_conn!`].
pub enum ConnRef<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

/// Runs `$body` with `$p` bound to an executor of the database's own type: on SQLite a connection
/// of `readers` (`&mut SqliteConnection`), on PostgreSQL the pool (`&PgPool`).
#[macro_export]
macro_rules! on_db {
    ($db:expr, |$p:ident| $body:expr) => {
        match $db {
            $crate::server::db::Db::Sqlite { readers, .. } => match readers.get().await {
                Ok(mut reader) => {
                    let $p = &mut *reader;
                    $body
                }
                Err(e) => Err(e),
            },
            $crate::server::db::Db::Postgres($p) => $body,
        }
    };
}

/// Runs `$body` with `$c` bound to the typed connection (`&mut SqliteConnection` or
/// `&mut PgConnection`).
#[macro_export]
macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $crate::server::db::Conn::driver($conn) {
            $crate::server::db::ConnRef::Sqlite($c) => $body,
            $crate::server::db::ConnRef::Postgres($c) => $body,
        }
    };
}

pub use crate::{on_conn, on_db};

impl Db {
    /// Opens the database named by `url` (`sqlite:` or `postgres:`), creating a SQLite file if
    /// needed, and applies that backend's migrations.
    /// Every wait is bounded by `timeouts`, so a locked or unreachable database is an error in about
    /// a second (which the shop answers 503), never a request held for long.
    pub async fn connect(url: &str, timeouts: DbTimeouts) -> Result<Db, sqlx::Error> {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let statement_ms = timeouts.statement.as_millis().to_string();
            let options = PgConnectOptions::from_str(url)?
                .options([("statement_timeout", statement_ms.as_str())]);
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(timeouts.acquire)
                .connect_with(options)
                .await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            return Ok(Db::Postgres(pool));
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            // WAL lets readers proceed while one writer commits; writers wait instead of failing.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(timeouts.busy);
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
            }
        }
        // An in-memory database lives in this process alone: nothing to lock.
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let lock = match in_memory {
            true => None,
            false => Some(migration_lock(options.get_filename()).await?),
        };
        // An embedded database's connection cannot drop: sqlx's ping before every acquire would be
        // one more round trip to the connection's thread per query (8 % of a signed-in page, perf).
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(timeouts.acquire)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        drop(lock);
        // Eight, as sqlx's pool had: with four, signed-in pages waited for one and cost 18 % more
        // CPU each (bench/README.md (d)); opened lazily, they cost memory only once needed.
        let readers = readers::Readers::new(&options, 8, timeouts.acquire);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(timeouts.acquire)
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        let first_adds = first_adds::FirstAdds::start(writer.clone());
        Ok(Db::Sqlite {
            readers: std::sync::Arc::new(readers),
            pool,
            writer,
            first_adds,
        })
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// "SQLite" or "PostgreSQL", for the Learn page and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Db::Sqlite { .. } => "SQLite",
            Db::Postgres(_) => "PostgreSQL",
        }
    }

    pub async fn acquire(&self) -> Result<Conn, sqlx::Error> {
        Ok(match self {
            Db::Sqlite { pool, .. } => Conn::Sqlite(pool.acquire().await?),
            Db::Postgres(p) => Conn::Postgres(p.acquire().await?),
        })
    }

    pub async fn begin(&self) -> Result<Conn, sqlx::Error> {
        Ok(match self {
            Db::Sqlite { writer, .. } => Conn::SqliteTx(writer.begin().await?),
            Db::Postgres(p) => Conn::PostgresTx(p.begin().await?),
        })
    }

    /// Tells every instance listening on `channel` (PostgreSQL's NOTIFY); a no-op on SQLite, where
    /// the instances that share a file find out at their next reload.
    pub async fn notify(&self, channel: &str, payload: &str) -> Result<(), sqlx::Error> {
        if let Db::Postgres(p) = self {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(channel)
                .bind(payload)
                .execute(p)
                .await?;
        }
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite {
                readers,
                pool,
                writer,
                ..
            } => {
                readers.close().await;
                writer.close().await;
                pool.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// sqlx's migrator locks a PostgreSQL database (an advisory lock) but not a SQLite file, so two
/// instances starting on a new file at once would both create the tables and one would fail. An
/// exclusive lock on a file beside the database serialises them; it is released when dropped.
async fn migration_lock(database: &std::path::Path) -> Result<std::fs::File, sqlx::Error> {
    let path = format!("{}.migrate-lock", database.display());
    let locked = tokio::task::spawn_blocking(move || {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        file.lock()?;
        Ok::<_, std::io::Error>(file)
    })
    .await
    .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))?;
    locked.map_err(sqlx::Error::Io)
}

impl Conn {
    pub fn driver(&mut self) -> ConnRef<'_> {
        match self {
            Conn::Sqlite(c) => ConnRef::Sqlite(c),
            Conn::SqliteTx(t) => ConnRef::Sqlite(t),
            Conn::Postgres(c) => ConnRef::Postgres(c),
            Conn::PostgresTx(t) => ConnRef::Postgres(t),
        }
    }

    /// Commits a transaction (a plain connection has nothing to commit).
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Conn::SqliteTx(t) => t.commit().await,
            Conn::PostgresTx(t) => t.commit().await,
            Conn::Sqlite(_) | Conn::Postgres(_) => Ok(()),
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Conn::SqliteTx(t) => t.rollback().await,
            Conn::PostgresTx(t) => t.rollback().await,
            Conn::Sqlite(_) | Conn::Postgres(_) => Ok(()),
        }
    }
}

/// Sessions whose record has not expired (compared with a bound timestamp, as the session
/// store's own `load` does): the Learn page's count and a `/metrics` gauge.
pub async fn live_sessions(db: &Db) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM {SESSION_TABLE} WHERE expiry_date > $1");
    let now = time::OffsetDateTime::now_utc();
    on_db!(db, |p| sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
        .bind(now)
        .fetch_one(p)
        .await)
}

/// Whether `err` means "the database cannot serve this now" rather than "this request is wrong":
/// a pool wait or connection that failed, SQLite's lock and I/O errors, PostgreSQL's connection,
/// resource, operator (statement timeout, shutdown) and system error classes.
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => match db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        {
            // PostgreSQL SQLSTATE classes 08, 53, 57, 58, and lock_not_available.
            Some(pg) => {
                let code = pg.code();
                ["08", "53", "57", "58"].iter().any(|c| code.starts_with(c)) || code == "55P03"
            }
            // SQLite's extended codes (the primary code is the low byte): BUSY, LOCKED, IOERR,
            // FULL, CANTOPEN.
            None => db
                .code()
                .and_then(|c| c.parse::<i32>().ok())
                .is_some_and(|n| matches!(n & 0xff, 5 | 6 | 10 | 13 | 14)),
        },
        _ => false,
    }
}

/// One round trip, for readiness.
pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    let _: i64 = on_db!(db, |p| sqlx::query_scalar("SELECT CAST(1 AS BIGINT)")
        .fetch_one(p)
        .await)?;
    Ok(())
}
