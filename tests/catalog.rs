//! The catalog held in memory: what the shop shows follows the stock in the database, at once after
//! a checkout here, within a second after a change made elsewhere.
mod common;

use axum::http::StatusCode;
use common::*;
use std::time::Duration;

async fn shown_stock(app: &TestApp, slug: &str) -> i64 {
    let res = app
        .api("GET", &format!("/api/v1/products/{slug}"), None, &[])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json::<serde_json::Value>()["stock"].as_i64().unwrap()
}

#[tokio::test]
async fn a_checkout_here_shows_in_the_catalog_at_once() {
    let app = spawn_app().await;
    let before = shown_stock(&app, "earl-grey").await;
    let mut b = app.browser();
    b.login(ALICE.0, ALICE.1).await;
    b.add(app.product_id("earl-grey").await, "3").await;
    assert_eq!(b.post("/api/checkout", &[]).await.status, StatusCode::OK);
    assert_eq!(shown_stock(&app, "earl-grey").await, before - 3);
    let page = app.get("/products/earl-grey", None).await;
    assert!(
        page.body.contains(&format!("{} in stock", before - 3)),
        "the page too"
    );
}

#[tokio::test]
async fn a_change_made_elsewhere_shows_within_a_second() {
    let app = spawn_app().await;
    let before = shown_stock(&app, "oolong").await;
    // What another instance's sale looks like from here: the row changes, nobody tells us.
    app.execute("UPDATE products SET stock = stock - 5 WHERE slug = 'oolong'")
        .await;
    assert_eq!(
        shown_stock(&app, "oolong").await,
        before,
        "still the copy in memory"
    );
    tokio::time::sleep(tokenshop::server::catalog::MAX_AGE + Duration::from_millis(50)).await;
    assert_eq!(shown_stock(&app, "oolong").await, before - 5);
}

#[tokio::test]
async fn search_and_category_filter_the_catalog_like_before() {
    let app = spawn_app().await;
    let res = app
        .api("GET", "/api/v1/products?q=GREEN&category=tea", None, &[])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let body: serde_json::Value = res.json();
    let items = body["items"].as_array().expect("items");
    assert!(!items.is_empty());
    for item in items {
        let text = format!("{} {}", item["name"], item["description"]).to_lowercase();
        assert!(text.contains("green"), "{item}");
        assert_eq!(item["category"]["slug"], "tea", "{item}");
    }
    let unknown = app
        .api("GET", "/api/v1/products?category=nope", None, &[])
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
