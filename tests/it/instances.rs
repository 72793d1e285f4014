//! Several instances on one database: what one instance does, the others see. Each test starts two
//! apps on the same database (a SQLite file, or a PostgreSQL schema with `TEST_DATABASE_URL`).
//! The notification tests need PostgreSQL; on SQLite they say so and stop.

use crate::common::*;
use axum::http::StatusCode;
use std::time::{Duration, Instant};
use tokenshop::server::background::listen_forever;

/// Polls `check` every 5 ms for up to `limit`; returns how long it took to hold.
async fn within<F, Fut>(limit: Duration, mut check: F) -> Option<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < limit {
        if check().await {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    None
}

async fn shown_stock(app: &TestApp) -> i64 {
    let res = app
        .api("GET", "/api/v1/products/earl-grey", None, &[])
        .await;
    res.json::<serde_json::Value>()["stock"].as_i64().unwrap()
}

/// Another instance on `first`'s database, listening for notifications. Only the listener runs, not
/// the reloads every second or five: whatever reaches it within the test arrived by NOTIFY.
async fn listening_instance(first: &TestApp) -> (TestApp, tokio::task::JoinHandle<()>) {
    let second = spawn_app_on(&first.db_url, &[]).await;
    let listener = tokio::spawn(listen_forever(second.state.clone()));
    // LISTEN is in place once the listener has connected.
    tokio::time::sleep(Duration::from_millis(200)).await;
    (second, listener)
}

fn postgres_only(app: &TestApp, test: &str) -> bool {
    if !app.state.db.is_postgres() {
        eprintln!("{test}: skipped, NOTIFY needs PostgreSQL (TEST_DATABASE_URL)");
    }
    app.state.db.is_postgres()
}

#[tokio::test]
async fn instances_starting_together_on_a_new_database_make_one_signing_key_between_them() {
    let db_url = fresh_db_url().await;
    let (a, b) = tokio::join!(spawn_app_on(&db_url, &[]), spawn_app_on(&db_url, &[]));
    let active = a
        .scalar("SELECT COUNT(*) FROM signing_keys WHERE retired_at IS NULL")
        .await;
    assert_eq!(active, 1);
    assert_eq!(a.state.keys.signing_kid(), b.state.keys.signing_kid());
}

#[tokio::test]
async fn a_session_cookie_from_one_instance_works_on_another_until_logout_on_either() {
    let first = spawn_app().await;
    let second = spawn_app_on(&first.db_url, &[]).await;
    let mut on_first = first.browser();
    on_first.login(ALICE.0, ALICE.1).await;
    let cookie = on_first.cookie.clone().expect("a session cookie");
    let mut on_second = second.browser();
    on_second.cookie = Some(cookie.clone());
    assert_eq!(on_second.nav().await.user.unwrap().email, ALICE.0);
    on_second.post("/fn/logout", &[]).await;
    let replay = first.post("/fn/nav", &[], Some(&cookie)).await;
    let nav: tokenshop::server_fns::catalog::NavState = replay.json();
    assert!(
        nav.user.is_none(),
        "logged out on the second, so on the first at once"
    );
}

#[tokio::test]
async fn a_revoke_now_on_one_instance_reaches_another_by_notification() {
    let first = spawn_app().await;
    if !postgres_only(&first, "revoke-now by notification") {
        return;
    }
    let (second, listener) = listening_instance(&first).await;
    let t = first.api_login(ALICE).await;
    let access = t["access_token"].as_str().unwrap().to_string();
    assert_eq!(second.me(&access).await.status, StatusCode::OK);
    let res = first
        .api_as(
            "POST",
            "/api/v1/auth/logout",
            Some(serde_json::json!({ "revoke_access": true })),
            &bearer(&access),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let took = within(Duration::from_millis(900), || async {
        second.me(&access).await.status == StatusCode::UNAUTHORIZED
    })
    .await;
    listener.abort();
    let took = took.expect("the other instance still accepted the token after 900 ms");
    eprintln!("revocation reached the other instance in {took:?}");
}

#[tokio::test]
async fn a_key_rotated_on_one_instance_signs_on_another_by_notification() {
    let first = spawn_app().await;
    if !postgres_only(&first, "key rotation by notification") {
        return;
    }
    let (second, listener) = listening_instance(&first).await;
    let new_kid = first.state.keys.rotate(&first.state.db).await.unwrap();
    let took = within(Duration::from_millis(900), || async {
        second.state.keys.signing_kid().as_deref() == Some(new_kid.as_str())
    })
    .await;
    listener.abort();
    let took = took.expect("the other instance still signs with the old key after 900 ms");
    eprintln!("the new key reached the other instance in {took:?}");
    let token = second.api_login(BOB).await;
    let kid = jsonwebtoken::decode_header(token["access_token"].as_str().unwrap())
        .unwrap()
        .kid;
    assert_eq!(kid.as_deref(), Some(new_kid.as_str()));
    assert_eq!(second.jwks_kids().await[0], new_kid);
}

#[tokio::test]
async fn every_answer_names_the_instance_when_it_has_a_name() {
    let named = spawn_app_with(&[("INSTANCE_ID", "shop-7")]).await;
    for path in ["/health", "/", "/api/v1/products"] {
        let res = named.get(path, None).await;
        assert_eq!(
            res.header("x-tokenshop-instance").as_deref(),
            Some("shop-7"),
            "{path}"
        );
    }
    let unnamed = spawn_app().await;
    assert_eq!(
        unnamed
            .get("/health", None)
            .await
            .header("x-tokenshop-instance"),
        None
    );
}

#[tokio::test]
async fn a_checkout_on_one_instance_refreshes_the_others_catalog_by_notification() {
    let first = spawn_app().await;
    if !postgres_only(&first, "catalog by notification") {
        return;
    }
    let (second, listener) = listening_instance(&first).await;
    let before = shown_stock(&second).await;
    let mut b = first.browser();
    b.login(ALICE.0, ALICE.1).await;
    b.add(first.product_id("earl-grey").await, "2").await;
    assert_eq!(b.post("/fn/checkout", &[]).await.status, StatusCode::OK);
    // Well inside the second the copy would otherwise live.
    let took = within(Duration::from_millis(500), || async {
        shown_stock(&second).await == before - 2
    })
    .await;
    listener.abort();
    took.expect("the other instance still shows the old stock after 500 ms");
}
