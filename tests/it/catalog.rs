//! The catalog held in memory, and the pages shared between visitors without cookies: what the shop
//! shows follows the stock in the database, at once after a checkout here, within a second after a
//! change made elsewhere, and no visitor with a cookie ever gets a shared page.

use crate::common::*;
use axum::http::StatusCode;
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
    let page = app.get("/products/earl-grey", None).await;
    assert!(
        page.body.contains(&format!("{before} in stock")),
        "the page before"
    );
    let mut b = app.browser();
    b.login(ALICE.0, ALICE.1).await;
    b.add(app.product_id("earl-grey").await, "3").await;
    assert_eq!(b.post("/fn/checkout", &[]).await.status, StatusCode::OK);
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
    tokio::time::sleep(tokenshop::server::shop::catalog::MAX_AGE + Duration::from_millis(50)).await;
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

/// The nonce a page's Content-Security-Policy allows.
fn csp_nonce(res: &Resp) -> String {
    let csp = res.header("content-security-policy").expect("a CSP");
    let start = csp.find("'nonce-").expect("a nonce") + "'nonce-".len();
    csp[start..].split('\'').next().unwrap().to_string()
}

#[tokio::test]
async fn visitors_without_cookies_share_a_page_and_each_response_has_its_own_nonce() {
    let app = spawn_app().await;
    let first = app.get("/?category=tea", None).await;
    let second = app.get("/?category=tea", None).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("x-page-cache").as_deref(), Some("miss"));
    assert_eq!(second.header("x-page-cache").as_deref(), Some("hit"));
    let (n1, n2) = (csp_nonce(&first), csp_nonce(&second));
    assert_ne!(n1, n2, "a fresh nonce per response");
    assert!(
        first.body.contains(&format!("nonce=\"{n1}\"")),
        "{}",
        first.body
    );
    assert!(second.body.contains(&format!("nonce=\"{n2}\"")));
    assert!(
        !second.body.contains(&n1),
        "no trace of the first response's nonce"
    );
    assert_eq!(first.body.replace(&n1, "N"), second.body.replace(&n2, "N"));
}

#[tokio::test]
async fn a_visitor_with_a_cookie_never_gets_the_shared_page() {
    let app = spawn_app().await;
    let anonymous = app.get("/", None).await;
    // The badge: a status named "Items in cart", its text the count.
    let badge = |n: u32| format!(r#"data-testid="cart-count" class="badge">{n}<"#);
    assert!(anonymous.body.contains(&badge(0)), "{}", anonymous.body);
    let mut guest = app.browser();
    guest.add(app.product_id("oolong").await, "2").await;
    let own = guest.get("/").await;
    assert!(own.body.contains(&badge(2)), "{}", own.body);
    assert_eq!(
        own.header("x-page-cache"),
        None,
        "rendered for this visitor alone"
    );
    let again = app.get("/", None).await;
    assert!(again.body.contains(&badge(0)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn visitors_arriving_together_share_one_render() {
    let app = std::sync::Arc::new(spawn_app().await);
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { app.get("/?category=tea", None).await })
        })
        .collect();
    let mut caches = Vec::new();
    for task in tasks {
        let res = task.await.expect("request task");
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("Earl Grey"), "{}", res.body);
        caches.push(
            res.header("x-page-cache")
                .expect("a shared page says hit or miss"),
        );
    }
    let misses = caches.iter().filter(|c| *c == "miss").count();
    assert_eq!(
        misses,
        1,
        "one render, {} waited for it: {caches:?}",
        16 - misses
    );
}
