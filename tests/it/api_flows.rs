//! The JWT API's flows: refresh rotation and theft detection, logout and "revoke now", the guest
//! Cart-Token, resources and their errors, CORS.

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

fn s(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {v}"))
        .to_string()
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
async fn fifty_parallel_api_adds_to_one_guest_cart_give_exactly_fifty() {
    let app = spawn_app().await;
    let id = app.product_id("brass-arcade-token").await;
    let first = app
        .api(
            "POST",
            "/api/v1/cart/items",
            Some(json!({ "product_id": id })),
            &[],
        )
        .await;
    let token = first.header("cart-token").unwrap();
    let app = std::sync::Arc::new(app);
    let mut tasks = Vec::new();
    for _ in 0..49 {
        let (app, token) = (app.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            app.api(
                "POST",
                "/api/v1/cart/items",
                Some(json!({ "product_id": id, "quantity": 1 })),
                &[("cart-token", &token)],
            )
            .await
            .status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let cart: Value = app
        .api("GET", "/api/v1/cart", None, &[("cart-token", &token)])
        .await
        .json();
    assert_eq!(cart["lines"][0]["quantity"], 50);
}

#[tokio::test]
async fn cart_input_errors_are_clear_4xx_and_change_nothing() {
    let app = spawn_app().await;
    let tea = app.product_id("earl-grey").await;
    for (body, status) in [
        (
            json!({ "product_id": tea, "quantity": 0 }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({ "product_id": tea, "quantity": 100 }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({ "product_id": tea, "quantity": "two" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({ "product_id": 999_999, "quantity": 1 }),
            StatusCode::NOT_FOUND,
        ),
        (json!({ "quantity": 1 }), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let res = app
            .api("POST", "/api/v1/cart/items", Some(body.clone()), &[])
            .await;
        assert_eq!(res.status, status, "{body}: {}", res.body);
        assert!(
            res.header("cart-token").is_none(),
            "bad input starts no cart"
        );
        assert_eq!(
            res.header("content-type").as_deref(),
            Some("application/problem+json")
        );
    }
    let lucky = app.product_id("lucky-fortune-cookie").await;
    let stock = app.stock("lucky-fortune-cookie").await;
    let res = app
        .api(
            "POST",
            "/api/v1/cart/items",
            Some(json!({ "product_id": lucky, "quantity": stock + 1 })),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let carts = app.scalar("SELECT COUNT(*) FROM carts").await;
    assert_eq!(carts, 0, "a refused first add leaves no empty cart behind");
}

#[tokio::test]
async fn update_and_remove_lines_through_the_api() {
    let app = spawn_app().await;
    let t = app.api_login(BOB).await;
    let auth = bearer(&s(&t, "access_token"));
    let tea = app.product_id("earl-grey").await;
    app.api_as(
        "POST",
        "/api/v1/cart/items",
        Some(json!({ "product_id": tea, "quantity": 2 })),
        &auth,
    )
    .await;
    let path = format!("/api/v1/cart/items/{tea}");
    let res = app
        .api_as("PUT", &path, Some(json!({ "quantity": 5 })), &auth)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json::<Value>()["lines"][0]["quantity"], 5);
    let res = app
        .api_as(
            "PUT",
            "/api/v1/cart/items/12345",
            Some(json!({ "quantity": 1 })),
            &auth,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.api_as("DELETE", &path, None, &auth).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json::<Value>()["item_count"], 0);
}

#[tokio::test]
async fn checkout_and_orders_through_the_api_and_another_users_order_is_404() {
    let app = spawn_app().await;
    let alice = bearer(&s(&app.api_login(ALICE).await, "access_token"));
    let bob = bearer(&s(&app.api_login(BOB).await, "access_token"));
    let tea = app.product_id("earl-grey").await;
    let stock = app.stock("earl-grey").await;

    let res = app.api_as("POST", "/api/v1/checkout", None, &alice).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "empty cart");
    app.api_as(
        "POST",
        "/api/v1/cart/items",
        Some(json!({ "product_id": tea, "quantity": 2 })),
        &alice,
    )
    .await;
    let res = app.api_as("POST", "/api/v1/checkout", None, &alice).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let order: Value = res.json();
    assert_eq!(order["total_cents"], 2 * 799);
    assert_eq!(app.stock("earl-grey").await, stock - 2);

    let path = format!("/api/v1/orders/{}", order["id"]);
    assert_eq!(
        app.api_as("GET", &path, None, &alice).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.api_as("GET", &path, None, &bob).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.api_as("GET", "/api/v1/orders/abc", None, &alice)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let list: Value = app
        .api_as("GET", "/api/v1/orders", None, &alice)
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        app.api("GET", "/api/v1/orders", None, &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn products_are_paged_and_filtered_like_the_catalog() {
    let app = spawn_app().await;
    let page: Value = app
        .api("GET", "/api/v1/products?per_page=10&page=3", None, &[])
        .await
        .json();
    assert_eq!(page["total"], 25);
    assert_eq!(page["total_pages"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    let tea: Value = app
        .api("GET", "/api/v1/products?category=tea", None, &[])
        .await
        .json();
    assert_eq!(tea["total"], 5);
    let search: Value = app
        .api("GET", "/api/v1/products?q=grey", None, &[])
        .await
        .json();
    assert_eq!(search["items"][0]["slug"], "earl-grey");
    assert!(search["items"][0]["image_url"]
        .as_str()
        .unwrap()
        .starts_with("http://localhost:3000/images/products/"));
    for (path, status) in [
        ("/api/v1/products?category=nope", StatusCode::NOT_FOUND),
        ("/api/v1/products?page=0", StatusCode::UNPROCESSABLE_ENTITY),
        (
            "/api/v1/products?per_page=101",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/v1/products?page=abc",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("/api/v1/products/no-such-thing", StatusCode::NOT_FOUND),
        ("/api/v1/no-such-endpoint", StatusCode::NOT_FOUND),
    ] {
        let res = app.api("GET", path, None, &[]).await;
        assert_eq!(res.status, status, "{path}: {}", res.body);
        assert_eq!(
            res.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{path}"
        );
    }
    let one: Value = app
        .api("GET", "/api/v1/products/earl-grey", None, &[])
        .await
        .json();
    assert_eq!(one["price"], "$7.99");
}

#[tokio::test]
async fn cors_allows_exactly_the_configured_origins() {
    let app = spawn_app().await;
    let partner = "http://127.0.0.1:3001";
    let res = app
        .api("GET", "/api/v1/cart", None, &[("origin", partner)])
        .await;
    assert_eq!(
        res.header("access-control-allow-origin").as_deref(),
        Some(partner)
    );
    let exposed = res
        .header("access-control-expose-headers")
        .unwrap()
        .to_lowercase();
    assert!(exposed.contains("cart-token"), "{exposed}");
    assert!(res.header("access-control-allow-credentials").is_none());
    assert!(res
        .header("vary")
        .unwrap()
        .to_lowercase()
        .contains("origin"));

    for evil in [
        "https://evil.example",
        "null",
        "http://127.0.0.1:3001.evil.example",
    ] {
        let res = app
            .api("GET", "/api/v1/products", None, &[("origin", evil)])
            .await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(
            res.header("access-control-allow-origin").is_none(),
            "{evil}"
        );
        assert!(
            res.header("access-control-expose-headers").is_none(),
            "{evil}"
        );
    }

    let preflight = app
        .api(
            "OPTIONS",
            "/api/v1/cart/items",
            None,
            &[
                ("origin", partner),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "content-type, cart-token, authorization",
                ),
            ],
        )
        .await;
    assert!(preflight.status.is_success());
    assert_eq!(
        preflight.header("access-control-allow-origin").as_deref(),
        Some(partner)
    );
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap()
        .to_lowercase();
    assert!(
        allowed.contains("cart-token") && allowed.contains("authorization"),
        "{allowed}"
    );
}

#[tokio::test]
async fn a_cross_site_api_call_with_a_bearer_token_works_while_cross_site_form_posts_stay_refused()
{
    let app = spawn_app().await;
    let t = app.api_login(ALICE).await;
    let res = app
        .api(
            "POST",
            "/api/v1/cart/items",
            Some(json!({ "product_id": app.product_id("earl-grey").await })),
            &[
                ("origin", "http://127.0.0.1:3001"),
                ("sec-fetch-site", "cross-site"),
                ("authorization", &bearer(&s(&t, "access_token"))),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // The cookie-authenticated server functions still refuse the same origin.
    let mut req = TestApp::post_request(
        "/api/cart/add",
        form(&[("product_id", "1"), ("quantity", "1")]),
        None,
    );
    req.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_lists_every_endpoint() {
    let app = spawn_app().await;
    let res = app.api("GET", "/api/v1/openapi.json", None, &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    let doc: Value = res.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/introspect",
        "/api/v1/me",
        "/api/v1/products",
        "/api/v1/products/{slug}",
        "/api/v1/cart",
        "/api/v1/cart/items",
        "/api/v1/cart/items/{product_id}",
        "/api/v1/checkout",
        "/api/v1/orders",
        "/api/v1/orders/{id}",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn me_answers_from_the_token_and_account_from_the_database() {
    let app = spawn_app().await;
    let t = app.api_login(ALICE).await;
    let access = s(&t, "access_token");
    let claims = jwt_payload(&access);
    assert_eq!(claims["email"], ALICE.0, "the email travels in the token");
    let me: Value = app.me(&access).await.json();
    assert_eq!(me["email"], ALICE.0);
    assert_eq!(me["sign_in"], claims["sid"]);
    let account = app
        .api_as("GET", "/api/v1/account", None, &bearer(&access))
        .await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.body);
    let account: Value = account.json();
    assert_eq!(account["order_count"], 0);
    assert!(account["member_since"].as_i64().unwrap() > 0);
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
