//! The partner site as a learner reaches it: under its configured origin it is another site; under
//! the shop's own host name (the partner's port beside the shop's, what a learner types) it is the
//! same site, since cookies do not separate by port (RFC 6265 §8.5), and its page says which from
//! what the browser sent. (Compiled into `tests/it`.)

use crate::common::*;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use tower::ServiceExt;

fn partner(app: &TestApp) -> axum::Router {
    tokenshop::partner::router(&app.state, tokenshop::learn::server::partner_routes())
}

async fn get(router: &axum::Router, host: &str, path: &str) -> axum::response::Response {
    let req = Request::get(path)
        .header(header::HOST, host)
        .body(Body::empty())
        .unwrap();
    router.clone().oneshot(req).await.unwrap()
}

/// Under its own origin and under the shop's host name alike the partner's page is served, and it
/// claims nothing from configuration: it names the shop's cookie and the partner's own origin, and
/// says which site it is on only once it has seen what the browser sent (`partner.js`).
#[tokio::test]
async fn the_partner_page_claims_nothing_before_it_has_looked() {
    let app = spawn_app().await;
    let config = &app.state.config;
    let twin = config
        .partner_same_site_origin
        .clone()
        .expect("a same-site twin");
    let router = partner(&app);
    for origin in [config.partner_origin.as_str(), twin.as_str()] {
        let res = get(&router, origin.split_once("://").unwrap().1, "/").await;
        assert_eq!(res.status(), StatusCode::OK, "{origin}");
        let page = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        let page = String::from_utf8_lossy(&page);
        let cookie = format!(
            "<meta name=\"shop-cookie\" content=\"{}\">",
            config.session_cookie_name()
        );
        assert!(page.contains(&cookie), "{origin}");
        let own = format!(
            "<meta name=\"partner-origin\" content=\"{}\">",
            config.partner_origin
        );
        assert!(page.contains(&own), "{origin}");
        assert!(
            !page.contains("never sent here"),
            "no claim from configuration"
        );
    }
    let res = get(
        &router,
        twin.split_once("://").unwrap().1,
        "/learn/forge-a-request/attacker",
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the same-site attacker is reachable"
    );
}

/// The partner's server tells its page which cookies arrived: under the shop's host name the
/// browser sends the shop's session cookie along (the port case), and the page reports it.
#[tokio::test]
async fn the_partner_server_reports_the_cookies_that_arrived() {
    let app = spawn_app().await;
    let name = app.state.config.session_cookie_name().to_string();
    let req = Request::get("/received-cookies")
        .header(header::COOKIE, format!("{name}=abc; other=1"))
        .body(Body::empty())
        .unwrap();
    let res = partner(&app).oneshot(req).await.unwrap();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let names: Vec<String> = serde_json::from_slice(&body).unwrap();
    assert_eq!(names, [name, "other".to_string()]);
}

/// Lesson 5's same-site attacker page calls the bearer API from the partner's port under the
/// shop's host name: that origin is on the API's CORS list, so the page can read the refusal.
#[tokio::test]
async fn the_api_answers_cors_for_the_partner_under_the_shops_host_name() {
    let app = spawn_app().await;
    let twin = app.state.config.partner_same_site_origin.clone().unwrap();
    for origin in [twin.as_str(), app.state.config.partner_origin.as_str()] {
        let res = app
            .api("GET", "/api/v1/products", None, &[("origin", origin)])
            .await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(
            res.header("access-control-allow-origin").as_deref(),
            Some(origin)
        );
    }
    let res = app
        .api(
            "GET",
            "/api/v1/products",
            None,
            &[("origin", "http://localhost:9999")],
        )
        .await;
    assert_eq!(
        res.header("access-control-allow-origin"),
        None,
        "another port entirely: no"
    );
}

/// The partner signs in only through the shop (RFC 9700 §2.4: no password grant): its page has no
/// password field and sends the browser to the shop's authorization endpoint; its registered
/// redirect URI serves the page that trades the code, and sends no Referer while the code is in
/// its address.
#[tokio::test]
async fn the_partner_has_no_password_field_and_its_callback_sends_no_referer() {
    let app = spawn_app().await;
    let router = partner(&app);
    let host = app
        .state
        .config
        .partner_origin
        .split_once("://")
        .unwrap()
        .1
        .to_string();
    let res = get(&router, &host, "/").await;
    let page = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let page = String::from_utf8_lossy(&page);
    assert!(!page.contains("type=\"password\""), "no password field");
    assert!(page.contains("Sign in with Tokenshop"));
    let script = get(&router, &host, "/partner/partner.js").await;
    let script = http_body_util::BodyExt::collect(script.into_body())
        .await
        .unwrap()
        .to_bytes();
    let script = String::from_utf8_lossy(&script);
    assert!(script.contains("/oauth/authorize"));
    assert!(script.contains("code_challenge_method: \"S256\""));
    assert!(
        !script.contains("/api/v1/auth/login"),
        "never posts a password"
    );
    let res = get(&router, &host, "/callback?code=x&state=y").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get(header::REFERRER_POLICY).unwrap(),
        "no-referrer"
    );
}
