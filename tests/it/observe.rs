//! Request ids, health and readiness, and `/metrics`.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn every_answer_carries_a_request_id_and_problems_repeat_it() {
    let app = spawn_app().await;
    let res = app.api("GET", "/api/v1/me", None, &[]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let id = res.header("x-request-id").expect("an id made here");
    assert!(id.len() >= 16, "{id}");
    assert_eq!(s(&res.json(), "request_id"), id);
    let mine = app
        .api(
            "GET",
            "/api/v1/me",
            None,
            &[("x-request-id", "client-chosen-42")],
        )
        .await;
    assert_eq!(
        mine.header("x-request-id").as_deref(),
        Some("client-chosen-42")
    );
    assert_eq!(s(&mine.json(), "request_id"), "client-chosen-42");
    let forged = app
        .api(
            "GET",
            "/api/v1/me",
            None,
            &[("x-request-id", "bad id\" with=quotes")],
        )
        .await;
    let replaced = forged.header("x-request-id").unwrap();
    assert_ne!(replaced, "bad id\" with=quotes");
    assert!(
        replaced
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{replaced}"
    );
    let page = app.get("/", None).await;
    assert!(page.header("x-request-id").is_some(), "pages too");
}

#[tokio::test]
async fn live_and_ready_follow_the_process_and_the_database() {
    let app = spawn_app().await;
    assert_eq!(app.get("/health", None).await.status, StatusCode::OK);
    assert_eq!(app.get("/health/live", None).await.status, StatusCode::OK);
    let ready = app.get("/health/ready", None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    app.state.db.close().await;
    let down = app.get("/health/ready", None).await;
    assert_eq!(
        down.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        down.body
    );
    assert_eq!(down.header("retry-after").as_deref(), Some("5"));
    assert_eq!(
        app.get("/health/live", None).await.status,
        StatusCode::OK,
        "the process still answers"
    );
}

#[tokio::test]
async fn metrics_show_requests_by_route_and_credential_and_the_shops_own_series() {
    let app = spawn_app().await;
    app.api_login(ALICE).await;
    let tokens: Value = app.api_login(ALICE).await;
    app.me(&s(&tokens, "access_token")).await;
    app.get("/", None).await;
    let mut browser = app.browser();
    browser.login(ALICE.0, ALICE.1).await;
    let res = app.get("/metrics", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    let text = res.body;
    for series in [
        r#"tokenshop_http_requests_total{route="/api/v1/me",method="GET",status="200",credential="bearer"}"#,
        r#"tokenshop_http_requests_total{route="/api/v1/auth/login",method="POST",status="200",credential="none"}"#,
        "tokenshop_http_request_duration_seconds_count{route=\"/api/v1/me\",credential=\"bearer\"}",
        r#"tokenshop_signins_total{carrier="token"}"#,
        r#"tokenshop_signins_total{carrier="cookie"}"#,
        "tokenshop_live_sessions ",
        "tokenshop_denylist_size ",
        "tokenshop_hashing_queue_depth ",
        r#"tokenshop_page_cache_total{result="#,
    ] {
        assert!(text.contains(series), "{series} in\n{text}");
    }
    assert!(
        !text.contains(&s(&tokens, "access_token")),
        "never a credential's value"
    );
}

#[tokio::test]
async fn metrics_can_be_turned_off_or_moved_off_the_main_listener() {
    let off = spawn_app_with(&[("METRICS", "false")]).await;
    assert_eq!(
        off.get("/metrics", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(off.get("/health/ready", None).await.status, StatusCode::OK);
    let moved = spawn_app_with(&[("METRICS_ADDR", "127.0.0.1:0")]).await;
    assert_eq!(
        moved.get("/metrics", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        moved.get("/health/ready", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        moved.get("/health", None).await.status,
        StatusCode::OK,
        "the balancer's check stays"
    );
}
