//! Guests' first adds on SQLite, committed together (group commit). SQLite has one writer, and on it
//! each first add cost a round trip to sqlx's worker thread, a hand-over of the one connection to
//! the next waiting request, and a commit of its own; those hand-overs, not the CPU, were what
//! limited guest adds (bench (g): 2.7k adds/s with the CPU 58 % busy). Here one task owns the
//! queue: it takes every first add waiting, up to `MOST_PER_BATCH`, and runs them as one command
//! (one `BEGIN IMMEDIATE … COMMIT`), so a batch costs one round trip and one commit. No crate
//! offers this for sqlx; it is the technique databases use for their own log (group commit).
//!
//! Nothing is acknowledged before its batch has committed, and the task is never cancelled by a
//! client that hangs up, so a batch cannot stop half-way and leave the connection in a transaction.

use crate::domain::{CartId, ProductId, Quantity};
use crate::server::clock::now_unix;
use sqlx::AssertSqlSafe;
use sqlx::SqlitePool;
use std::fmt::Write as _;
use tokio::sync::{mpsc, oneshot};

/// Enough to absorb every connection of a busy moment; one batch's SQL stays a few kilobytes.
const MOST_PER_BATCH: usize = 64;

/// `Ok(Some(cart))` for an add that made its cart and line; `Ok(None)` when the limits refused it.
type Outcome = Result<Option<CartId>, sqlx::Error>;

struct Job {
    product: ProductId,
    quantity: Quantity,
    done: oneshot::Sender<Outcome>,
}

#[derive(Clone, Debug)]
pub struct FirstAdds {
    queue: mpsc::UnboundedSender<Job>,
}

impl FirstAdds {
    /// Starts the task that runs the batches on `writer`; it ends when the last `FirstAdds` is
    /// dropped. The queue needs no bound: each request waits for its own answer, so it never holds
    /// more jobs than there are requests in flight.
    pub fn start(writer: SqlitePool) -> FirstAdds {
        let (queue, mut jobs) = mpsc::unbounded_channel::<Job>();
        tokio::spawn(async move {
            while let Some(first) = jobs.recv().await {
                let mut batch = vec![first];
                while batch.len() < MOST_PER_BATCH {
                    match jobs.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                run(&writer, batch).await;
            }
        });
        FirstAdds { queue }
    }

    pub async fn add(&self, product: ProductId, quantity: Quantity) -> Outcome {
        let (done, answer) = oneshot::channel();
        let job = Job {
            product,
            quantity,
            done,
        };
        if self.queue.send(job).is_err() {
            return Err(sqlx::Error::PoolClosed);
        }
        answer.await.unwrap_or(Err(sqlx::Error::PoolClosed))
    }
}

/// Runs a batch; if it fails as a whole, runs each add alone, so one add's error is its own.
async fn run(writer: &SqlitePool, batch: Vec<Job>) {
    let wanted: Vec<(ProductId, Quantity)> =
        batch.iter().map(|j| (j.product, j.quantity)).collect();
    match commit(writer, &wanted).await {
        Ok(carts) => {
            for (job, cart) in batch.into_iter().zip(carts) {
                let _ = job.done.send(Ok(cart));
            }
        }
        Err(error) if batch.len() == 1 => {
            if let Some(job) = batch.into_iter().next() {
                let _ = job.done.send(Err(error));
            }
        }
        // Locked or unreachable: each add alone would wait as long again; all fail now, unchanged.
        Err(error) if super::is_unavailable(&error) => {
            for job in batch {
                let again = std::io::Error::other(error.to_string());
                let _ = job.done.send(Err(sqlx::Error::Io(again)));
            }
        }
        Err(_) => {
            for job in batch {
                let outcome = commit(writer, &[(job.product, job.quantity)]).await;
                let _ = job
                    .done
                    .send(outcome.map(|mut carts| carts.pop().flatten()));
            }
        }
    }
}

/// One command: per add, its cart (inserted only if its line will be, under the same write lock, so
/// a refused add writes nothing) and its line, which names the cart by `last_insert_rowid()` (this
/// connection's) and returns its position in the batch. The answer is in the batch's order.
/// Batches are padded to a power of two with adds of no product (`p.id = NULL` matches nothing), so
/// the connection caches 7 prepared commands, not one per batch size.
async fn commit(
    writer: &SqlitePool,
    wanted: &[(ProductId, Quantity)],
) -> Result<Vec<Option<CartId>>, sqlx::Error> {
    let slots = wanted.len().next_power_of_two();
    let mut sql = String::from("BEGIN IMMEDIATE;");
    for i in 0..slots {
        let (product, quantity) = (2 * i + 3, 2 * i + 4);
        let fits = format!(
            "p.id = ${product} AND ${quantity} <= CASE WHEN p.stock < $2 THEN p.stock ELSE $2 END"
        );
        let _ = write!(
            sql,
            "INSERT INTO carts (user_id, created_at, updated_at) SELECT NULL, $1, $1 FROM products p \
             WHERE {fits}; \
             INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) \
             SELECT last_insert_rowid(), p.id, ${quantity}, $1 FROM products p \
             WHERE changes() = 1 AND {fits} RETURNING {i}, cart_id;"
        );
    }
    sql.push_str("COMMIT");
    let mut query = sqlx::query_as::<_, (i64, CartId)>(AssertSqlSafe(sql.as_str()))
        .bind(now_unix())
        .bind(i64::from(Quantity::MAX));
    for (product, quantity) in wanted {
        query = query.bind(*product).bind(i64::from(*quantity));
    }
    for _ in wanted.len()..slots {
        query = query.bind(None::<ProductId>).bind(None::<i64>);
    }
    let mut conn = writer.acquire().await?;
    let rows = match query.fetch_all(&mut *conn).await {
        Ok(rows) => rows,
        Err(error) => {
            // A statement failed after BEGIN: end the transaction before the connection goes back.
            // "No transaction is active" (BEGIN itself failed) is the only error expected here.
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
            return Err(error);
        }
    };
    let mut carts = vec![None; wanted.len()];
    for (i, cart) in rows {
        if let Some(slot) = usize::try_from(i).ok().and_then(|i| carts.get_mut(i)) {
            *slot = Some(cart);
        }
    }
    Ok(carts)
}
