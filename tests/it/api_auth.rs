//! The JWT API's sign-in flows: tokens at login, refresh rotation and theft detection, logout and
//! "revoke now", the shared throttle, and who the token says the caller is.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn refresh(app: &TestApp, token: &str) -> Resp {
    app.api(
        "POST",
        "/api/v1/auth/refresh",
        Some(json!({ "refresh_token": token })),
        &[],
    )
    .await
}

#[tokio::test]
async fn login_returns_a_short_lived_access_token_and_an_opaque_refresh_token_stored_hashed() {
    let app = spawn_app().await;
    let t = app.api_login(ALICE).await;
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 300);
    let refresh_token = s(&t, "refresh_token");
    assert!(refresh_token.len() >= 43, "at least 32 random bytes");
    let stored: i64 = tokenshop::on_db!(&app.state.db, |p| {
        sqlx::query_scalar("SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = $1")
            .bind(refresh_token.as_bytes())
            .fetch_one(p)
            .await
    })
    .unwrap();
    assert_eq!(stored, 0, "the token itself is never stored");
    let header = jsonwebtoken::decode_header(s(&t, "access_token")).unwrap();
    assert_eq!(header.alg, jsonwebtoken::Algorithm::EdDSA);
    assert_eq!(header.typ.as_deref(), Some("at+jwt"));
    let res = app.me(&s(&t, "access_token")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json::<Value>()["email"], ALICE.0);
}

#[tokio::test]
async fn refresh_rotates_and_a_replayed_refresh_token_revokes_the_whole_family() {
    let app = spawn_app().await;
    let first = app.api_login(ALICE).await;
    let r1 = s(&first, "refresh_token");

    let res = refresh(&app, &r1).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let second: Value = res.json();
    let r2 = s(&second, "refresh_token");
    assert_ne!(r1, r2);
    assert_ne!(s(&first, "access_token"), s(&second, "access_token"));

    // The attacker replays r1: 401, and the legitimate client's r2 dies with it.
    let res = refresh(&app, &r1).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.json::<Value>()["type"],
        "/api/v1/problems/refresh-token-reused"
    );
    let res = refresh(&app, &r2).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.json::<Value>()["type"],
        "/api/v1/problems/invalid-refresh-token"
    );
    // Other sign-ins of the same user are untouched.
    let other = app.api_login(ALICE).await;
    assert_eq!(
        refresh(&app, &s(&other, "refresh_token")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn two_parallel_refreshes_with_one_token_yield_exactly_one_success() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let t = app.api_login(BOB).await;
        let r = s(&t, "refresh_token");
        let (a, b) = tokio::join!(refresh(&app, &r), refresh(&app, &r));
        let ok = [a.status, b.status]
            .iter()
            .filter(|s| **s == StatusCode::OK)
            .count();
        assert_eq!(ok, 1, "{} / {}", a.body, b.body);
    }
}

#[tokio::test]
async fn an_unknown_or_malformed_refresh_token_is_401_or_a_clear_4xx() {
    let app = spawn_app().await;
    assert_eq!(
        refresh(&app, "not-a-token").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh(&app, &"x".repeat(10_000)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let res = app
        .api("POST", "/api/v1/auth/refresh", Some(json!({})), &[])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .send(
            axum::http::Request::post("/api/v1/auth/refresh")
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(
        !res.body.contains("line 1"),
        "no parser message echoed: {}",
        res.body
    );
}

#[tokio::test]
async fn after_logout_refresh_fails_but_the_access_token_lives_until_it_expires() {
    let app = spawn_app_with(&[("ACCESS_TOKEN_TTL_SECS", "1")]).await;
    let t = app.api_login(ALICE).await;
    let access = s(&t, "access_token");
    let res = app
        .api_as("POST", "/api/v1/auth/logout", None, &bearer(&access))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let out: Value = res.json();
    assert_eq!(out["refresh_revoked"], true);
    assert_eq!(out["access_token_revoked"], false);

    assert_eq!(
        refresh(&app, &s(&t, "refresh_token")).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The lesson: the signed token is still accepted after logout...
    assert_eq!(app.me(&access).await.status, StatusCode::OK);
    let intro: Value = app
        .api_as("GET", "/api/v1/auth/introspect", None, &bearer(&access))
        .await
        .json();
    assert_eq!(intro["active"], true);
    assert_eq!(intro["signature_valid"], true);
    assert_eq!(intro["refresh_family"]["revoked"], true);
    // ...until its exp (1 s) and the leeway (2 s) have passed.
    tokio::time::sleep(std::time::Duration::from_millis(4200)).await;
    let res = app.me(&access).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.json::<Value>()["reason"], "expired");
}

#[tokio::test]
async fn revoke_now_puts_the_access_token_on_the_denylist() {
    let app = spawn_app().await;
    let t = app.api_login(BOB).await;
    let access = s(&t, "access_token");
    let res = app
        .api_as(
            "POST",
            "/api/v1/auth/logout",
            Some(json!({ "revoke_access": true })),
            &bearer(&access),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json::<Value>()["access_token_revoked"], true);
    let res = app.me(&access).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.json::<Value>()["type"],
        "/api/v1/problems/token-revoked"
    );

    // With the denylist turned off the server says so instead of pretending.
    let app = spawn_app_with(&[("ACCESS_DENYLIST", "false")]).await;
    let t = app.api_login(BOB).await;
    let res = app
        .api(
            "POST",
            "/api/v1/auth/logout",
            Some(json!({ "revoke_access": true })),
            &[("authorization", &bearer(&s(&t, "access_token")))],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(
        refresh(&app, &s(&t, "refresh_token")).await.status,
        StatusCode::OK,
        "a refused logout revokes nothing"
    );
}

#[tokio::test]
async fn logout_with_only_the_refresh_token_revokes_its_family() {
    let app = spawn_app().await;
    let t = app.api_login(ALICE).await;
    let res = app
        .api(
            "POST",
            "/api/v1/auth/logout",
            Some(json!({ "refresh_token": s(&t, "refresh_token") })),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        refresh(&app, &s(&t, "refresh_token")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let res = app.api("POST", "/api/v1/auth/logout", None, &[]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "nothing to log out");
}

#[tokio::test]
async fn api_login_shares_the_pages_throttle() {
    let app = spawn_app().await;
    for _ in 0..10 {
        let res = app
            .api(
                "POST",
                "/api/v1/auth/login",
                Some(json!({ "email": ALICE.0, "password": "wrong-password" })),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            res.json::<Value>()["type"],
            "/api/v1/problems/invalid-credentials"
        );
    }
    let res = app
        .api(
            "POST",
            "/api/v1/auth/login",
            Some(json!({ "email": ALICE.0, "password": ALICE.1 })),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.header("retry-after").is_some());
    // And the page login is locked too: one throttle for both mechanisms.
    let mut b = app.browser();
    assert_eq!(
        b.login(ALICE.0, ALICE.1).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn a_guest_cart_travels_in_the_cart_token_and_merges_on_api_login() {
    let app = spawn_app().await;
    let tea = app.product_id("earl-grey").await;
    let add = |token: Option<String>, qty: i64| {
        let app = &app;
        async move {
            let headers: Vec<(&str, String)> =
                token.map(|t| vec![("cart-token", t)]).unwrap_or_default();
            let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.api(
                "POST",
                "/api/v1/cart/items",
                Some(json!({ "product_id": tea, "quantity": qty })),
                &h,
            )
            .await
        }
    };
    let empty = app.api("GET", "/api/v1/cart", None, &[]).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.header("cart-token").is_none(), "no cart, no token");
    assert!(
        empty.set_cookies().is_empty(),
        "the API never sets a cookie"
    );

    let first = add(None, 2).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let token = first
        .header("cart-token")
        .expect("Cart-Token on the first add");
    assert!(first.set_cookies().is_empty());
    let again = add(Some(token.clone()), 1).await;
    let cart: Value = again.json();
    assert_eq!(cart["lines"][0]["quantity"], 3);
    assert_eq!(cart["owner"], "guest");
    let token = again
        .header("cart-token")
        .expect("returned on every cart response");

    // Alice already has one Earl Grey; logging in with the Cart-Token merges 3 more.
    let alice = app.api_login(ALICE).await;
    let alice_access = s(&alice, "access_token");
    app.api_as(
        "POST",
        "/api/v1/cart/items",
        Some(json!({ "product_id": tea, "quantity": 1 })),
        &bearer(&alice_access),
    )
    .await;
    let res = app
        .api(
            "POST",
            "/api/v1/auth/login",
            Some(json!({ "email": ALICE.0, "password": ALICE.1 })),
            &[("cart-token", &token)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let login: Value = res.json();
    assert!(
        s(&login, "merged").contains("3 × Earl Grey (now 4 in your cart)"),
        "{login}"
    );
    let cart: Value = app
        .api(
            "GET",
            "/api/v1/cart",
            None,
            &[("authorization", &bearer(&s(&login, "access_token")))],
        )
        .await
        .json();
    assert_eq!(cart["lines"][0]["quantity"], 4);
    assert_eq!(cart["owner"], "user");
    // The merged guest cart is gone: its old token now names nothing and starts afresh.
    let res = app
        .api("GET", "/api/v1/cart", None, &[("cart-token", &token)])
        .await;
    assert_eq!(res.json::<Value>()["item_count"], 0);
}

#[tokio::test]
async fn a_revocation_made_by_another_instance_counts_here_after_the_next_reload() {
    let app = spawn_app().await;
    let t = app.api_login(ALICE).await;
    let access = s(&t, "access_token");
    let claims = jwt_payload(&access);
    // Another instance's revoke-now: a row in the shared database, not in this one's memory.
    tokenshop::on_db!(&app.state.db, |p| {
        sqlx::query("INSERT INTO revoked_access_tokens (jti, expires_at) VALUES ($1, $2)")
            .bind(claims["jti"].as_str().unwrap())
            .bind(claims["exp"].as_i64().unwrap())
            .execute(p)
            .await
            .map(|_| ())
    })
    .unwrap();
    assert_eq!(
        app.me(&access).await.status,
        StatusCode::OK,
        "not reloaded yet"
    );
    app.state.denylist.reload(&app.state.db).await.unwrap();
    let res = app.me(&access).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    assert!(res.body.contains("token-revoked"), "{}", res.body);
}
