//! Checkout and orders.

use crate::common::*;
use axum::http::StatusCode;
use tokenshop::domain::{OrderDetail, OrderSummary};

#[tokio::test]
async fn a_guest_is_asked_to_log_in_and_keeps_the_cart() {
    let app = spawn_app().await;
    let mut b = app.browser();
    b.add(app.product_id("chamomile").await, "2").await;
    let res = b.post("/fn/checkout", &[]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    assert!(res.body.contains("LoginRequired"), "{}", res.body);
    assert_eq!(b.cart().await.item_count(), 2);
}

#[tokio::test]
async fn checkout_snapshots_prices_decrements_stock_and_empties_the_cart() {
    let app = spawn_app().await;
    let mut b = app.browser();
    b.login(ALICE.0, ALICE.1).await;
    let stock_before = app.stock("earl-grey").await;
    b.add(app.product_id("earl-grey").await, "3").await;
    b.add(app.product_id("skeleton-key").await, "1").await;
    let res = b.post("/fn/checkout", &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let order_id: i64 = res.json();
    assert_eq!(app.stock("earl-grey").await, stock_before - 3);
    assert!(b.cart().await.is_empty());

    app.execute("UPDATE products SET price_cents = 1 WHERE slug = 'earl-grey'")
        .await;
    let detail: OrderDetail = b
        .post("/fn/order", &[("id", &order_id.to_string())])
        .await
        .json();
    assert_eq!(detail.total.cents(), 3 * 799 + 899);
    assert_eq!(
        detail.lines[0].unit_price.cents(),
        799,
        "price paid, not today's price"
    );
    let list: Vec<OrderSummary> = b.post("/fn/orders", &[]).await.json();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].item_count, 4);

    let empty = b.post("/fn/checkout", &[]).await;
    assert_eq!(empty.status.as_u16(), 409, "{}", empty.body);
    assert!(empty.body.contains("empty"));
}

#[tokio::test]
async fn another_users_order_is_not_found() {
    let app = spawn_app().await;
    let mut alice = app.browser();
    alice.login(ALICE.0, ALICE.1).await;
    alice.add(app.product_id("oolong").await, "1").await;
    let order_id: i64 = alice.post("/fn/checkout", &[]).await.json();

    let mut bob = app.browser();
    bob.login(BOB.0, BOB.1).await;
    let res = bob
        .post("/fn/order", &[("id", &order_id.to_string())])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let page = bob.get(&format!("/orders/{order_id}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("Oolong"));
    let own = alice.get(&format!("/orders/{order_id}")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("Milky Oolong"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_buyers_racing_for_the_last_unit_one_wins_and_stock_never_goes_negative() {
    let app = std::sync::Arc::new(spawn_app().await);
    let lucky = app.product_id("lucky-fortune-cookie").await;
    let mut cookies = Vec::new();
    for (email, password) in [ALICE, BOB] {
        let mut b = app.browser();
        b.login(email, password).await;
        assert_eq!(b.add(lucky, "1").await.status, StatusCode::OK);
        cookies.push(b.cookie.unwrap());
    }
    let tasks: Vec<_> = cookies
        .into_iter()
        .map(|cookie| {
            let app = app.clone();
            tokio::spawn(async move { app.post("/fn/checkout", &[], Some(&cookie)).await })
        })
        .collect();
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let wins = results
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    let losses: Vec<_> = results
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT)
        .collect();
    assert_eq!(wins, 1, "{results:?}");
    assert_eq!(losses.len(), 1, "{results:?}");
    assert!(
        losses[0].body.contains("Lucky Fortune Cookie"),
        "{}",
        losses[0].body
    );
    assert_eq!(app.stock("lucky-fortune-cookie").await, 0);
    let orders = app.scalar("SELECT COUNT(*) FROM orders").await;
    assert_eq!(orders, 1);
}

#[tokio::test]
async fn the_orders_page_sends_a_guest_to_login() {
    let app = spawn_app().await;
    let res = app.get("/orders", None).await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(
        res.header("location").as_deref(),
        Some("/login?next=/orders")
    );
}
