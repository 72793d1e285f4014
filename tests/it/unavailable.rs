//! A database that is locked, unreachable or failing: requests that need it answer 503 with
//! `Retry-After` in about a second (never a 500, never a held connection), nothing is half done,
//! and the shop works again by itself once the database is back.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};

/// Holds the database's write lock (SQLite) or the carts table (PostgreSQL) from a connection of
/// its own, as another process would, until dropped.
enum Holder {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

async fn hold_lock(app: &TestApp) -> Holder {
    use sqlx::Connection;
    if app.db_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.db_url).await.unwrap();
        sqlx::query("BEGIN").execute(&mut c).await.unwrap();
        sqlx::query("LOCK TABLE carts IN ACCESS EXCLUSIVE MODE")
            .execute(&mut c)
            .await
            .unwrap();
        Holder::Postgres(c)
    } else {
        let mut c = sqlx::SqliteConnection::connect(&app.db_url).await.unwrap();
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut c)
            .await
            .unwrap();
        Holder::Sqlite(c)
    }
}

async fn release(holder: Holder) {
    match holder {
        Holder::Sqlite(mut c) => sqlx::query("ROLLBACK").execute(&mut c).await.map(drop),
        Holder::Postgres(mut c) => sqlx::query("ROLLBACK").execute(&mut c).await.map(drop),
    }
    .unwrap();
}

#[tokio::test]
async fn a_write_under_a_held_lock_is_a_quick_503_and_the_shop_recovers_by_itself() {
    let app = spawn_app().await;
    let tea = app.product_id("earl-grey").await;
    let add = || {
        app.api(
            "POST",
            "/api/v1/cart/items",
            Some(json!({ "product_id": tea, "quantity": 1 })),
            &[],
        )
    };
    let before = app.scalar("SELECT COUNT(*) FROM cart_lines").await;

    let holder = hold_lock(&app).await;
    let started = Instant::now();
    let res = add().await;
    let waited = started.elapsed();
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.body);
    assert_eq!(res.header("retry-after").as_deref(), Some("2"));
    assert_eq!(
        res.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    assert_eq!(
        res.json::<serde_json::Value>()["type"],
        "/api/v1/problems/unavailable"
    );
    // Bounded by the configured waits (1 s each), not SQLite's old 10 s.
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    // The page's server function says the same, as a 503 with Retry-After.
    let page = app.browser().add(tea, "1").await;
    assert_eq!(
        page.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        page.body
    );
    assert!(page.header("retry-after").is_some());
    assert!(page.body.contains("try again"), "{}", page.body);
    // The catalog is still served.
    assert_eq!(app.get("/", None).await.status, StatusCode::OK);
    release(holder).await;

    // Nothing was half written, and the same request now works without a restart.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM cart_lines").await, before);
    let res = add().await;
    assert!(res.status.is_success(), "{}", res.body);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM cart_lines").await,
        before + 1
    );
}

#[tokio::test]
async fn a_page_that_needs_an_unreachable_database_is_a_friendly_503() {
    let app = spawn_app().await;
    let tea = app.product_id("earl-grey").await;
    let mut guest = app.browser();
    assert_eq!(guest.add(tea, "1").await.status, StatusCode::OK);
    app.state.db.close().await;
    let res = guest.get("/cart").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.body);
    assert!(res.header("retry-after").is_some());
    assert!(res.body.contains("The shop is busy"), "{}", res.body);
    assert!(res.body.contains("nothing was changed"), "{}", res.body);
    let api = app.api("GET", "/api/v1/products", None, &[]).await;
    assert_ne!(
        api.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        api.body
    );
}

/// Takes every connection the shop runs its statements on, as a stuck database would hold them,
/// until the tasks are aborted: each wait for one ends after DB_ACQUIRE_TIMEOUT_MS (1 s).
async fn hold_every_connection(app: &std::sync::Arc<TestApp>) -> Vec<tokio::task::JoinHandle<()>> {
    let held: Vec<_> = (0..8)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move {
                let hold = async {
                    tokenshop::on_db!(&app.state.db, |p| {
                        let _held = sqlx::Acquire::acquire(p).await?;
                        tokio::time::sleep(Duration::from_secs(60)).await;
                        Ok::<(), sqlx::Error>(())
                    })
                };
                let _ = hold.await;
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    held
}

/// Sends a request six times at once with every connection held and the catalog stale: each is a
/// 503 with Retry-After, all six within one wait for the database (about a second, where six waits
/// in turn took six). Once the database is free, and the second in which a failure is shared has
/// passed, the same request succeeds.
async fn six_at_once_share_one_wait<F, Fut>(request: F)
where
    F: Fn(std::sync::Arc<TestApp>) -> Fut,
    Fut: std::future::Future<Output = Resp> + Send + 'static,
{
    let app = std::sync::Arc::new(spawn_app().await);
    let held = hold_every_connection(&app).await;
    app.state.catalog.invalidate();
    let started = Instant::now();
    let tasks: Vec<_> = (0..6).map(|_| tokio::spawn(request(app.clone()))).collect();
    for task in tasks {
        let res = task.await.unwrap();
        assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.body);
        assert_eq!(res.header("retry-after").as_deref(), Some("2"));
    }
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    held.iter().for_each(|t| t.abort());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let res = request(app.clone()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_waiting_for_one_catalog_reload_share_its_failure() {
    six_at_once_share_one_wait(|app| async move {
        app.api("GET", "/api/v1/products/earl-grey", None, &[])
            .await
    })
    .await;
}

/// The shared pages' render turns queue too, and share the same answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn visitors_waiting_for_a_shared_page_share_its_failure() {
    six_at_once_share_one_wait(|app| async move { app.get("/", None).await }).await;
}
