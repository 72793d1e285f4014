//! HTTP-level protections: cross-site refusal, body limits, headers, honest status codes.

use crate::common::*;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};

#[tokio::test]
async fn a_cross_site_post_to_a_server_function_is_403_and_changes_nothing() {
    let app = spawn_app().await;
    let mut b = app.browser();
    let tea = app.product_id("earl-grey").await;
    b.add(tea, "1").await;
    let cookie = b.cookie.clone().unwrap();
    let body = form(&[("product_id", &tea.to_string()), ("quantity", "5")]);

    let by_fetch_metadata = Request::post("/fn/cart/add")
        .header(header::HOST, "localhost:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(body.clone()))
        .unwrap();
    let res = app.send(by_fetch_metadata).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("CrossSite"), "{}", res.body);

    for origin in ["http://evil.example", "null"] {
        let by_origin = Request::post("/fn/cart/add")
            .header(header::HOST, "localhost:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .header(header::ORIGIN, origin)
            .body(Body::from(body.clone()))
            .unwrap();
        assert_eq!(
            app.send(by_origin).await.status,
            StatusCode::FORBIDDEN,
            "{origin}"
        );
    }
    // A forged logout is refused too.
    let forged_logout = Request::post("/fn/logout")
        .header(header::HOST, "localhost:3000")
        .header(header::COOKIE, &cookie)
        .header("sec-fetch-site", "cross-site")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(forged_logout).await.status, StatusCode::FORBIDDEN);

    assert_eq!(b.cart().await.item_count(), 1, "nothing changed");
    let same_origin = Request::post("/fn/cart/add")
        .header(header::HOST, "localhost:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .header(header::ORIGIN, "http://localhost:3000")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(app.send(same_origin).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_oversized_body_is_413_with_or_without_a_declared_length() {
    let app = spawn_app().await;
    let huge = form(&[
        ("email", "a@example.com"),
        ("password", &"x".repeat(70 * 1024)),
    ]);
    // Without Content-Length, as a chunked upload arrives.
    let res = app
        .send(TestApp::post_request("/fn/login", huge.clone(), None))
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    let mut declared = TestApp::post_request("/fn/login", huge.clone(), None);
    declared
        .headers_mut()
        .insert(header::CONTENT_LENGTH, huge.len().into());
    let res = app.send(declared).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    let failures = app.scalar("SELECT COUNT(*) FROM login_failures").await;
    assert_eq!(failures, 0, "the handler never ran");
    // Just under the limit is fine.
    let res = app
        .post(
            "/fn/login",
            &[("email", "a@example.com"), ("password", &"x".repeat(1000))],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_based_csp() {
    let app = spawn_app().await;
    let res = app.get("/", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        res.header("referrer-policy").as_deref(),
        Some("strict-origin-when-cross-origin")
    );
    assert_eq!(res.header("cache-control").as_deref(), Some("no-store"));
    let csp = res.header("content-security-policy").expect("CSP");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce in CSP");
    assert!(
        res.body.contains(&format!("nonce=\"{nonce}\"")),
        "inline script carries the header's nonce"
    );
    let second = app
        .get("/", None)
        .await
        .header("content-security-policy")
        .unwrap();
    assert_ne!(csp, second, "a fresh nonce per response");
}

#[tokio::test]
async fn unknown_routes_products_and_categories_are_real_404_pages() {
    let app = spawn_app().await;
    for path in [
        "/no-such-page",
        "/products/no-such-product",
        "/?category=no-such-category",
        "/orders/abc",
    ] {
        let res = app.get(path, None).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert!(res.body.contains("Not found"), "{path}");
        assert!(
            res.header("content-type")
                .unwrap_or_default()
                .starts_with("text/html"),
            "{path}"
        );
    }
    let res = app.get("/products/earl-grey", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("$7.99"));
}

#[tokio::test]
async fn the_catalog_filters_by_category_and_search_in_the_query_string() {
    let app = spawn_app().await;
    let all = app.get("/", None).await;
    assert!(all.body.contains("25 products"), "seeded catalog");
    let tea = app.get("/?category=tea", None).await;
    assert!(tea.body.contains("5 products"));
    assert!(tea.body.contains("Earl Grey") && !tea.body.contains("Skeleton Key"));
    let search = app.get("/?q=TOKEN", None).await;
    assert!(search.body.contains("matching “TOKEN”"));
    assert!(search.body.contains("Brass Arcade Token"));
    let literal = app.get("/?q=%25", None).await;
    assert!(
        literal.body.contains("0 products"),
        "% is matched literally"
    );
}

/// Every page, under concurrency and on error pages too, carries the nonce its own inline script
/// uses: a page whose header lost the nonce loads no script, style or image at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_response_carries_the_nonce_of_its_inline_script() {
    let app = std::sync::Arc::new(spawn_app().await);
    let mut tasks = Vec::new();
    for i in 0..40 {
        let app = app.clone();
        let path = [
            "/",
            "/products/earl-grey",
            "/login",
            "/no-such-page",
            "/cart",
        ][i % 5];
        tasks.push(tokio::spawn(
            async move { (path, app.get(path, None).await) },
        ));
    }
    for t in tasks {
        let (path, res) = t.await.unwrap();
        let csp = res.header("content-security-policy").unwrap_or_default();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: no nonce in {csp:?}"));
        assert!(
            res.body.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: the page's script does not carry the header's nonce"
        );
    }
}

#[tokio::test]
async fn a_forged_form_lands_on_a_page_that_says_what_each_layer_did() {
    let app = spawn_app().await;
    let mut b = app.browser();
    let tea = app.product_id("earl-grey").await;
    b.add(tea, "1").await;
    let cookie = b.cookie.clone().unwrap();
    let forged = |with_cookie: bool| {
        let mut req = Request::post("/fn/cart/add")
            .header(header::HOST, "localhost:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "cross-site")
            .header("sec-fetch-mode", "navigate")
            .header(header::ACCEPT, "text/html,application/xhtml+xml");
        if with_cookie {
            req = req.header(header::COOKIE, &cookie);
        }
        req.body(Body::from(form(&[
            ("product_id", &tea.to_string()),
            ("quantity", "5"),
        ])))
        .unwrap()
    };
    let res = app.send(forged(true)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.header("content-type").unwrap().starts_with("text/html"));
    assert!(
        res.body
            .contains("Refused: this request came from another site"),
        "{}",
        res.body
    );
    assert!(
        res.body.contains("<code>Sec-Fetch-Site: cross-site</code>"),
        "{}",
        res.body
    );
    assert!(res.body.contains("did attach"), "{}", res.body);
    assert!(
        !res.body.contains("CrossSite"),
        "words, not an enum: {}",
        res.body
    );
    let without = app.send(forged(false)).await;
    assert!(without.body.contains("did not attach"), "{}", without.body);
    assert!(res
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'none'"));
    assert_eq!(b.cart().await.item_count(), 1, "nothing changed");
}
