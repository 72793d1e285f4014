//! The JWT API's resources: the guest Cart-Token, cart changes and their errors, checkout and
//! orders, products and CORS (the OpenAPI document: api_docs).

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};

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

/// Guests' first adds are committed together on SQLite (db/first_adds.rs): each accepted add
/// still gets its own cart with its one line, and a refused add in the same batch writes nothing.
#[tokio::test]
async fn parallel_first_adds_each_get_their_own_cart_and_a_refused_one_writes_nothing() {
    let app = spawn_app().await;
    let tea = app.product_id("earl-grey").await;
    let lucky = app.product_id("lucky-fortune-cookie").await; // stock 1: 2 is refused
    let app = std::sync::Arc::new(app);
    let mut tasks = Vec::new();
    for i in 0..60 {
        let app = app.clone();
        let (product, quantity) = if i % 3 == 0 {
            (lucky, 2)
        } else {
            (tea, 1 + i % 2)
        };
        tasks.push(tokio::spawn(async move {
            let res = app
                .api(
                    "POST",
                    "/api/v1/cart/items",
                    Some(json!({ "product_id": product, "quantity": quantity })),
                    &[],
                )
                .await;
            (product, quantity, res)
        }));
    }
    let mut tokens = std::collections::HashSet::new();
    let mut accepted = 0;
    for t in tasks {
        let (product, quantity, res) = t.await.unwrap();
        if product == lucky {
            assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
            assert!(
                res.header("cart-token").is_none(),
                "a refused add gets no cart"
            );
            continue;
        }
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let cart: Value = res.json();
        assert_eq!(cart["lines"].as_array().unwrap().len(), 1, "{cart}");
        assert_eq!(cart["lines"][0]["product_id"], tea.get());
        assert_eq!(cart["lines"][0]["quantity"], quantity);
        assert!(
            tokens.insert(res.header("cart-token").unwrap()),
            "two adds shared a cart"
        );
        accepted += 1;
    }
    assert_eq!(accepted, 40);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carts").await, 40);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM cart_lines").await, 40);
    let lucky_lines = format!("SELECT COUNT(*) FROM cart_lines WHERE product_id = {lucky}");
    assert_eq!(app.scalar(&lucky_lines).await, 0);
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
    assert_eq!(res.status, StatusCode::CONFLICT, "empty cart");
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
        ("/api/v1/products?page=", StatusCode::UNPROCESSABLE_ENTITY),
        (
            "/api/v1/products?per_page=+5",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
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
        "/fn/cart/add",
        form(&[("product_id", "1"), ("quantity", "1")]),
        None,
    );
    req.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
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
