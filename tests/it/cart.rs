//! The guest cart: sessions start on the first add, lines are rows, limits hold under concurrency.

use crate::common::*;
use axum::http::StatusCode;

#[tokio::test]
async fn browsing_never_sets_a_cookie() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/?category=tea",
        "/products/earl-grey",
        "/cart",
        "/login",
        "/nope",
    ] {
        let res = app.get(path, None).await;
        assert!(
            res.set_cookies().is_empty(),
            "{path} set {:?}",
            res.set_cookies()
        );
    }
    let res = app.post("/fn/nav", &[], None).await;
    assert!(res.set_cookies().is_empty());
}

#[tokio::test]
async fn the_first_add_to_cart_starts_a_guest_session_with_a_locked_down_cookie() {
    let app = spawn_app().await;
    let id = app.product_id("earl-grey").await;
    let res = app
        .post(
            "/fn/cart/add",
            &[("product_id", &id.to_string()), ("quantity", "2")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let cookie = res
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("tokenshop_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn secure_mode_marks_the_cookie_secure_with_the_host_prefix() {
    let app = spawn_app_with(&[("COOKIE_SECURE", "true")]).await;
    let id = app.product_id("earl-grey").await;
    let res = app
        .post(
            "/fn/cart/add",
            &[("product_id", &id.to_string()), ("quantity", "1")],
            None,
        )
        .await;
    let cookie = res
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-tokenshop_session="))
        .expect("cookie");
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("Path=/"),
        "{cookie}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_adds_of_one_give_exactly_fifty() {
    let app = spawn_app().await;
    let token = app.product_id("brass-arcade-token").await;
    let tea = app.product_id("earl-grey").await;
    let mut browser = app.browser();
    assert_eq!(browser.add(tea, "1").await.status, StatusCode::OK);
    let cookie = browser.cookie.clone().expect("cookie");

    let router = std::sync::Arc::new(app);
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (app, cookie) = (router.clone(), cookie.clone());
        tasks.push(tokio::spawn(async move {
            app.post(
                "/fn/cart/add",
                &[("product_id", &token.to_string()), ("quantity", "1")],
                Some(&cookie),
            )
            .await
            .status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let mut browser = router.browser();
    browser.cookie = Some(cookie);
    let cart = browser.cart().await;
    let line = cart
        .lines
        .iter()
        .find(|l| l.product_id == token)
        .expect("line");
    assert_eq!(line.quantity, 50);
    assert_eq!(cart.lines.len(), 2, "the first line must survive too");
}

#[tokio::test]
async fn bad_quantities_get_clear_errors_and_start_no_session() {
    let app = spawn_app().await;
    let id = app.product_id("earl-grey").await.to_string();
    for (qty, status, message) in [
        ("0", 422, "at least 1"),
        ("-2", 422, "at least 1"),
        ("100", 422, "at most 99"),
        ("abc", 422, "whole number"),
        ("1.5", 422, "whole number"),
    ] {
        let res = app
            .post(
                "/fn/cart/add",
                &[("product_id", &id), ("quantity", qty)],
                None,
            )
            .await;
        assert_eq!(res.status.as_u16(), status, "{qty}: {}", res.body);
        assert!(res.body.contains(message), "{qty}: {}", res.body);
        assert!(res.set_cookies().is_empty(), "{qty} started a session");
    }
    let res = app
        .post(
            "/fn/cart/add",
            &[("product_id", "999999"), ("quantity", "1")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let res = app
        .post(
            "/fn/cart/add",
            &[("product_id", "not-a-number"), ("quantity", "1")],
            None,
        )
        .await;
    assert_eq!(res.status.as_u16(), 422, "{}", res.body);
}

#[tokio::test]
async fn a_line_never_exceeds_the_stock_or_ninety_nine() {
    let app = spawn_app().await;
    let mut b = app.browser();
    let lucky = app.product_id("lucky-fortune-cookie").await; // stock 1
    assert_eq!(b.add(lucky, "1").await.status, StatusCode::OK);
    let res = b.add(lucky, "1").await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(
        res.body.contains("Only 1 of Lucky Fortune Cookie in stock"),
        "{}",
        res.body
    );

    let token = app.product_id("brass-arcade-token").await; // stock 500
    assert_eq!(b.add(token, "90").await.status, StatusCode::OK);
    let res = b.add(token, "10").await;
    assert_eq!(res.status.as_u16(), 409, "{}", res.body);
    assert!(res.body.contains("at most 99"), "{}", res.body);
    let cart = b.cart().await;
    assert_eq!(
        cart.lines
            .iter()
            .find(|l| l.product_id == token)
            .unwrap()
            .quantity,
        90
    );
}

#[tokio::test]
async fn update_and_remove_lines_and_the_badge_follows() {
    let app = spawn_app().await;
    let mut b = app.browser();
    let tea = app.product_id("earl-grey").await;
    let key = app.product_id("skeleton-key").await;
    b.add(tea, "2").await;
    b.add(key, "1").await;
    assert_eq!(b.nav().await.cart_count, 3);
    let res = b
        .post(
            "/fn/cart/update",
            &[("product_id", &tea.to_string()), ("quantity", "5")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(b.nav().await.cart_count, 6);
    let res = b
        .post(
            "/fn/cart/update",
            &[("product_id", &tea.to_string()), ("quantity", "0")],
        )
        .await;
    assert_eq!(res.status.as_u16(), 422);
    let res = b
        .post(
            "/fn/cart/update",
            &[("product_id", &tea.to_string()), ("quantity", "500")],
        )
        .await;
    assert_eq!(res.status.as_u16(), 422);
    let res = b
        .post("/fn/cart/remove", &[("product_id", &key.to_string())])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let cart = b.cart().await;
    assert_eq!(cart.lines.len(), 1);
    assert_eq!(cart.item_count(), 5);
    assert_eq!(cart.total().cents(), 5 * 799);
}

#[tokio::test]
async fn the_cart_survives_a_server_restart() {
    let db_url = fresh_db_url().await;
    let cookie = {
        let app = spawn_app_on(&db_url, &[]).await;
        let mut b = app.browser();
        b.add(app.product_id("oolong").await, "3").await;
        b.cookie.clone().unwrap()
    };
    let app = spawn_app_on(&db_url, &[]).await;
    let mut b = app.browser();
    b.cookie = Some(cookie);
    assert_eq!(b.cart().await.item_count(), 3);
}

#[tokio::test]
async fn an_in_memory_database_serves_reads_and_transactions_alike() {
    // Transactions use their own writer connection: it must see the same in-memory database.
    let app = spawn_app_on("sqlite::memory:", &[]).await;
    let mut b = app.browser();
    b.add(app.product_id("oolong").await, "2").await;
    b.add(app.product_id("oolong").await, "1").await;
    assert_eq!(b.cart().await.item_count(), 3);
}
