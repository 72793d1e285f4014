//! Replay after logout: the old cookie is refused at once, the access token until revoked.
//! (Compiled into `tests/it`.)

use crate::common::*;
use crate::learn_kit::lab;
use axum::http::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn after_logout_the_old_cookie_is_refused_at_once_and_the_access_token_until_revoked() {
    let app = spawn_app().await;
    let creds = json!({ "email": ALICE.0, "password": ALICE.1 });
    let (res, cookie) = lab(&app, "POST", "/learn/lab/cookie/login", Some(creds), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let cookie = cookie.expect("the login set a session cookie in the lab jar");
    let tokens = app.api_login(ALICE).await;
    let access = tokens["access_token"].as_str().unwrap();

    let (who, _) = lab(&app, "GET", "/learn/lab/cookie/whoami", None, Some(&cookie)).await;
    assert_eq!(who.status, StatusCode::OK);
    assert_eq!(who.json::<Value>()["email"], ALICE.0);

    let (out, _) = lab(
        &app,
        "POST",
        "/learn/lab/cookie/logout",
        None,
        Some(&cookie),
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let logout = app
        .api_as(
            "POST",
            "/api/v1/auth/logout",
            Some(json!({ "refresh_token": tokens["refresh_token"] })),
            &bearer(access),
        )
        .await;
    assert_eq!(logout.status, StatusCode::OK, "{}", logout.body);

    let (replayed, _) = lab(&app, "GET", "/learn/lab/cookie/whoami", None, Some(&cookie)).await;
    assert_eq!(
        replayed.status,
        StatusCode::UNAUTHORIZED,
        "the cookie is refused on the next request"
    );
    assert_eq!(
        app.me(access).await.status,
        StatusCode::OK,
        "the access token lives until exp"
    );

    // The same with revoke-now: the access token goes on the denylist at logout.
    let again = app.api_login(ALICE).await;
    let access = again["access_token"].as_str().unwrap();
    let revoke = app
        .api_as(
            "POST",
            "/api/v1/auth/logout",
            Some(json!({ "refresh_token": again["refresh_token"], "revoke_access": true })),
            &bearer(access),
        )
        .await;
    assert_eq!(revoke.status, StatusCode::OK, "{}", revoke.body);
    assert_eq!(app.me(access).await.status, StatusCode::UNAUTHORIZED);
}
