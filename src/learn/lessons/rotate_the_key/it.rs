//! Rotating the key from the page: old tokens keep verifying, and rotations are spaced out.
//! (Compiled into `tests/it`.)

use crate::common::*;
use crate::learn_kit::lab;
use axum::http::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn rotating_from_the_page_works_outside_demo_mode_too_and_then_waits() {
    let app = spawn_app().await;
    let kid = app.state.keys.signing_kid();
    let (res, _) = lab(&app, "POST", "/learn/lab/rotate-key", None, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_ne!(app.state.keys.signing_kid(), kid);
    let (again, _) = lab(&app, "POST", "/learn/lab/rotate-key", None, None).await;
    assert_eq!(
        again.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        again.body
    );
    let wait: u64 = again
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=10).contains(&wait), "{wait}");
    assert!(again.body.contains("Try again in"), "{}", again.body);
}

#[tokio::test]
async fn in_demo_mode_a_rotation_keeps_old_tokens_valid_and_is_spaced_out() {
    let app = spawn_app_with(&[("DEMO_MODE", "true")]).await;
    let old = app.api_login(ALICE).await;
    let (res, _) = lab(&app, "POST", "/learn/lab/rotate-key", None, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let rotation: Value = res.json();
    assert_ne!(rotation["old_kid"], rotation["new_kid"]);
    let kids = app.jwks_kids().await;
    assert!(kids.iter().any(|k| rotation["old_kid"] == k.as_str()));
    assert!(kids.iter().any(|k| rotation["new_kid"] == k.as_str()));
    assert_eq!(
        app.me(old["access_token"].as_str().unwrap()).await.status,
        StatusCode::OK
    );
    let (again, _) = lab(&app, "POST", "/learn/lab/rotate-key", None, None).await;
    assert_eq!(
        again.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        again.body
    );
    app.execute("UPDATE signing_keys SET retired_at = retired_at - 60")
        .await;
    let (later, _) = lab(&app, "POST", "/learn/lab/rotate-key", None, None).await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.body);
}
