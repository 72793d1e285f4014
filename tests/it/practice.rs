//! Practice mode: a shop a test suite can use all day — accounts for parallel workers (one with a
//! full cart, one locked), limits a suite does not run into, and a reset only the operator may ask
//! for. Off by default.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};

const ADMIN: &str = "an-operators-admin-token";
const PASSWORD: &str = "practice-tokenshop";

async fn practice_shop() -> TestApp {
    spawn_app_with(&[("PRACTICE_MODE", "true"), ("ADMIN_TOKEN", ADMIN)]).await
}

async fn login(app: &TestApp, email: &str, password: &str) -> Resp {
    let body = json!({ "email": email, "password": password });
    app.api("POST", "/api/v1/auth/login", Some(body), &[]).await
}

/// A product's (id, stock) as the API shows it.
async fn product(app: &TestApp, slug: &str) -> (i64, i64) {
    let product: Value = app
        .api("GET", &format!("/api/v1/products/{slug}"), None, &[])
        .await
        .json();
    (
        product["id"].as_i64().expect("an id"),
        product["stock"].as_i64().expect("a stock"),
    )
}

#[tokio::test]
async fn practice_accounts_sign_in_one_holds_a_full_cart_and_the_locked_one_is_refused() {
    let app = practice_shop().await;
    for n in [1, 8, 16] {
        let res = login(&app, &format!("worker-{n}@practice.example.com"), PASSWORD).await;
        assert_eq!(res.status, StatusCode::OK, "worker-{n}: {}", res.body);
    }
    let full = app
        .api_login(("full-cart@practice.example.com", PASSWORD))
        .await;
    let cart: Value = app
        .api_as(
            "GET",
            "/api/v1/cart",
            None,
            &bearer(&s(&full, "access_token")),
        )
        .await
        .json();
    assert_eq!(cart["lines"].as_array().map(Vec::len), Some(3), "{cart}");
    assert_eq!(cart["item_count"], 6);

    let locked = login(&app, "locked@practice.example.com", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::FORBIDDEN, "{}", locked.body);
    assert!(locked.body.contains("locked"), "{}", locked.body);
    // Only the right password learns it is locked.
    let wrong = login(&app, "locked@practice.example.com", "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn outside_practice_mode_there_are_no_practice_accounts_and_no_reset() {
    let app = spawn_app_with(&[("ADMIN_TOKEN", ADMIN)]).await;
    let res = login(&app, "worker-1@practice.example.com", PASSWORD).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let reset = app
        .api_as("POST", "/api/v1/admin/reset", None, &bearer(ADMIN))
        .await;
    assert_eq!(reset.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_operators_token_resets_never_an_address_or_a_users_token() {
    let app = practice_shop().await;
    // Every request here comes from loopback, as it would behind a proxy: that proves nothing.
    let anonymous = app.api("POST", "/api/v1/admin/reset", None, &[]).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let wrong = app
        .api_as(
            "POST",
            "/api/v1/admin/reset",
            None,
            &bearer("not-the-admin-token"),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let user = app.api_login(ALICE).await;
    let as_user = app
        .api_as(
            "POST",
            "/api/v1/admin/reset",
            None,
            &bearer(&s(&user, "access_token")),
        )
        .await;
    assert_eq!(as_user.status, StatusCode::UNAUTHORIZED);
    // Without ADMIN_TOKEN there is no operator, so no reset at all.
    let no_token = spawn_app_with(&[("PRACTICE_MODE", "true")]).await;
    let res = no_token
        .api_as("POST", "/api/v1/admin/reset", None, &bearer(ADMIN))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_reset_puts_back_stock_carts_orders_and_sign_ins_and_refills_the_full_cart() {
    let app = practice_shop().await;
    let (oolong, before) = product(&app, "oolong").await;
    // A worker buys, a guest fills a cart, a browser signs in, an app signs in.
    let worker = app
        .api_login(("worker-2@practice.example.com", PASSWORD))
        .await;
    let auth = bearer(&s(&worker, "access_token"));
    let four = json!({ "product_id": oolong, "quantity": 4 });
    let add = app
        .api_as("POST", "/api/v1/cart/items", Some(four), &auth)
        .await;
    assert_eq!(add.status, StatusCode::OK, "{}", add.body);
    let checkout = app.api_as("POST", "/api/v1/checkout", None, &auth).await;
    assert_eq!(checkout.status, StatusCode::CREATED, "{}", checkout.body);
    assert_eq!(
        product(&app, "oolong").await.1,
        before - 4,
        "the order took four"
    );
    let guest = app
        .api(
            "POST",
            "/api/v1/cart/items",
            Some(json!({ "product_id": 1 })),
            &[],
        )
        .await;
    let cart_token = guest.header("cart-token").expect("a guest cart");
    let mut browser = app.browser();
    browser.login(ALICE.0, ALICE.1).await;
    let full = app
        .api_login(("full-cart@practice.example.com", PASSWORD))
        .await;
    let full_auth = bearer(&s(&full, "access_token"));
    app.api_as("DELETE", "/api/v1/cart/items/1", None, &full_auth)
        .await;

    let reset = app
        .api_as("POST", "/api/v1/admin/reset", None, &bearer(ADMIN))
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    let done: Value = reset.json();
    assert!(done["orders"].as_u64() >= Some(1), "{done}");
    assert!(done["carts"].as_u64() >= Some(2), "{done}");
    assert!(done["api_signins"].as_u64() >= Some(2), "{done}");
    assert!(done["cookie_sessions"].as_u64() >= Some(1), "{done}");

    assert_eq!(product(&app, "oolong").await.1, before, "the stock is back");
    let orders: Value = app
        .api_as("GET", "/api/v1/orders", None, &auth)
        .await
        .json();
    assert_eq!(orders, json!([]), "no order is left");
    let refresh = json!({ "refresh_token": s(&worker, "refresh_token") });
    let refreshed = app
        .api("POST", "/api/v1/auth/refresh", Some(refresh), &[])
        .await;
    assert_eq!(
        refreshed.status,
        StatusCode::UNAUTHORIZED,
        "the API sign-in ended"
    );
    let nav = browser.post("/fn/nav", &[]).await;
    assert!(
        !nav.body.contains("alice@"),
        "the cookie session ended: {}",
        nav.body
    );
    let guest_cart: Value = app
        .api("GET", "/api/v1/cart", None, &[("cart-token", &cart_token)])
        .await
        .json();
    assert_eq!(
        guest_cart["item_count"], 0,
        "the guest cart is gone: {guest_cart}"
    );
    let full = app
        .api_login(("full-cart@practice.example.com", PASSWORD))
        .await;
    let cart: Value = app
        .api_as(
            "GET",
            "/api/v1/cart",
            None,
            &bearer(&s(&full, "access_token")),
        )
        .await
        .json();
    assert_eq!(cart["item_count"], 6, "the full cart is full again: {cart}");
}

#[tokio::test]
async fn a_suites_failed_logins_do_not_lock_out_its_workers_in_practice_mode() {
    // Ten wrong logins with random emails lock the address out of a normal shop for 15 minutes
    // (tests/it/throttle.rs); a practice shop takes a suite's negative tests run again and again.
    let app = practice_shop().await;
    for i in 0..25 {
        let res = login(&app, &format!("nobody-{i}@example.com"), "wrong-password").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    for i in 0..12 {
        let res = login(&app, "worker-3@practice.example.com", "wrong-password").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let res = login(&app, "worker-3@practice.example.com", PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    for i in 0..30 {
        let body = json!({ "email": format!("suite-{i}@example.com"), "password": "long enough" });
        let res = app
            .api("POST", "/api/v1/auth/register", Some(body), &[])
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "sign-up {i}: {}", res.body);
    }
}

#[tokio::test]
async fn the_document_offers_the_reset_only_where_it_is_served() {
    let app = practice_shop().await;
    let doc: Value = app
        .api("GET", "/api/v1/openapi.json", None, &[])
        .await
        .json();
    assert!(doc["paths"].get("/api/v1/admin/reset").is_some());
    let normal = spawn_app_with(&[("ADMIN_TOKEN", ADMIN)]).await;
    let doc: Value = normal
        .api("GET", "/api/v1/openapi.json", None, &[])
        .await
        .json();
    assert!(doc["paths"].get("/api/v1/admin/reset").is_none());
    assert!(doc["paths"].get("/api/v1/admin/rotate-key").is_some());
}
