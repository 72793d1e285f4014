//! `POST /api/v1/auth/register`: the sign-up page's rules over the API, answered like a login.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn an_app_can_sign_up_by_the_api_and_is_signed_in_at_once() {
    let app = spawn_app().await;
    let body = json!({ "email": "api-signup@example.com", "password": "long-enough" });
    let res = app
        .api("POST", "/api/v1/auth/register", Some(body.clone()), &[])
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let tokens: Value = res.json();
    let me = app.me(&s(&tokens, "access_token")).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(s(&me.json(), "email"), "api-signup@example.com");
    assert!(!s(&tokens, "refresh_token").is_empty());
    // The same account signs in by the pages too: one account, two carriers.
    let mut browser = app.browser();
    let page = browser.login("api-signup@example.com", "long-enough").await;
    assert!(
        page.status.is_success() || page.status.is_redirection(),
        "{}",
        page.status
    );
    assert!(browser.nav().await.user.is_some());

    let again = app
        .api("POST", "/api/v1/auth/register", Some(body), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let short = app
        .api(
            "POST",
            "/api/v1/auth/register",
            Some(json!({ "email": "x@example.com", "password": "short" })),
            &[],
        )
        .await;
    assert_eq!(
        short.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        short.body
    );
    assert!(
        short.body.contains("at least 8 characters"),
        "{}",
        short.body
    );
    let bad = app
        .api(
            "POST",
            "/api/v1/auth/register",
            Some(json!({ "email": "not-an-email", "password": "long-enough" })),
            &[],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
}

#[tokio::test]
async fn parallel_sign_ups_of_one_email_make_one_account() {
    let app = std::sync::Arc::new(spawn_app().await);
    let body = json!({ "email": "race@example.com", "password": "long-enough" });
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (app, body) = (app.clone(), body.clone());
            tokio::spawn(async move {
                app.api("POST", "/api/v1/auth/register", Some(body), &[])
                    .await
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    let created = results
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let taken = results
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT)
        .count();
    assert_eq!(
        (created, taken),
        (1, 7),
        "{:?}",
        results.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE email = 'race@example.com'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_guest_cart_carried_by_cart_token_becomes_the_new_accounts() {
    let app = spawn_app().await;
    let tea = app.product_id("earl-grey").await;
    let add = app
        .api(
            "POST",
            "/api/v1/cart/items",
            Some(json!({ "product_id": tea, "quantity": 2 })),
            &[],
        )
        .await;
    assert_eq!(add.status, StatusCode::OK, "{}", add.body);
    let cart_token = add
        .header("cart-token")
        .expect("a Cart-Token for the new guest cart");
    let res = app
        .api(
            "POST",
            "/api/v1/auth/register",
            Some(json!({ "email": "keeps-cart@example.com", "password": "long-enough" })),
            &[("cart-token", &cart_token)],
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let cart = app
        .api_as(
            "GET",
            "/api/v1/cart",
            None,
            &bearer(&s(&res.json(), "access_token")),
        )
        .await;
    assert_eq!(
        cart.json::<Value>()["lines"][0]["quantity"],
        2,
        "{}",
        cart.body
    );
}
