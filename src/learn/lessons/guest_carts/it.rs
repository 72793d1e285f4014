//! The merge preview says what logging in both ways then does. (Compiled into `tests/it`.)

use crate::common::*;
use crate::learn_kit::lab;
use axum::http::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn the_merge_preview_matches_what_logging_in_both_ways_does() {
    let app = spawn_app().await;
    let (account, _) = lab(&app, "POST", "/learn/lab/account", None, None).await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.body);
    let account: Value = account.json();
    let tea = app.product_id("chamomile").await;
    let coffee = app.product_id("bike-lock").await;

    let mut cookie = None;
    let mut cart_token: Option<String> = None;
    for (id, qty) in [(tea, 2), (coffee, 1)] {
        let body = json!({ "product_id": id, "quantity": qty });
        let (res, set) = lab(
            &app,
            "POST",
            "/learn/lab/cookie/cart",
            Some(body.clone()),
            cookie.as_deref(),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        cookie = set.or(cookie);
        let mut headers = vec![];
        if let Some(t) = &cart_token {
            headers.push(("cart-token", t.as_str()));
        }
        let res = app
            .api("POST", "/api/v1/cart/items", Some(body), &headers)
            .await;
        assert!(res.status.is_success(), "{}", res.body);
        cart_token = res.header("cart-token");
    }
    let cookie = cookie.unwrap();
    let cart_token = cart_token.unwrap();

    let preview = app
        .api(
            "GET",
            "/learn/lab/cookie/merge-preview",
            None,
            &[("x-lab-cookie", &cookie), ("cart-token", &cart_token)],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let preview: Value = preview.json();
    let expected: Vec<(ProductId, u64)> = preview["after_both_logins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                ProductId(l["product_id"].as_i64().unwrap()),
                l["after"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(expected, vec![(tea, 4), (coffee, 2)]);

    let creds = json!({ "email": account["email"], "password": account["password"] });
    let (pages, _) = lab(
        &app,
        "POST",
        "/learn/lab/cookie/login",
        Some(creds.clone()),
        Some(&cookie),
    )
    .await;
    assert_eq!(pages.status, StatusCode::OK, "{}", pages.body);
    let api = app
        .api(
            "POST",
            "/api/v1/auth/login",
            Some(creds),
            &[("cart-token", &cart_token)],
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let access = api.json::<Value>()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let cart: Value = app
        .api_as("GET", "/api/v1/cart", None, &bearer(&access))
        .await
        .json();
    let actual: Vec<(ProductId, u64)> = cart["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                ProductId(l["product_id"].as_i64().unwrap()),
                l["quantity"].as_u64().unwrap(),
            )
        })
        .collect();
    for line in &expected {
        assert!(
            actual.contains(line),
            "preview {expected:?}, actual {actual:?}"
        );
    }
    assert_eq!(actual.len(), expected.len());
}
