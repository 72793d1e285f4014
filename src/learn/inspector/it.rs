//! The request inspector shows a browser only its own requests, says what checking each credential
//! found, and can only be turned on from this site. (Compiled into `tests/it`.)

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};

/// Turns the inspector on for a new browser; returns its cookie (`name=value`).
async fn start_inspector(app: &TestApp) -> String {
    let res = app
        .api(
            "POST",
            "/learn/inspector/start",
            None,
            &[("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    let set = res.set_cookies();
    let cookie = set
        .iter()
        .find(|c| c.starts_with("tokenshop_inspector="))
        .expect("an inspector cookie");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    cookie.split(';').next().unwrap().to_string()
}

async fn inspected(app: &TestApp, cookie: &str) -> Value {
    let res = app
        .api("GET", "/learn/inspector", None, &[("cookie", cookie)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

fn paths(list: &Value) -> Vec<String> {
    list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_inspector_never_returns_another_browsers_requests() {
    let app = spawn_app().await;
    let a = start_inspector(&app).await;
    let b = start_inspector(&app).await;
    assert_ne!(a, b);
    let a_id = a.split_once('=').unwrap().1.to_string();
    let b_id = b.split_once('=').unwrap().1.to_string();

    // A browses a page and calls the API from its scripts (which name it in X-Inspector).
    app.get("/products/bike-lock", Some(&a)).await;
    let tokens = app.api_login(ALICE).await;
    let auth = bearer(tokens["access_token"].as_str().unwrap());
    app.api(
        "GET",
        "/api/v1/me",
        None,
        &[("authorization", &auth), ("x-inspector", &a_id)],
    )
    .await;
    // B does other things; a stranger with a made-up id, too.
    app.get("/cart", Some(&b)).await;
    app.api("GET", "/api/v1/products", None, &[("x-inspector", &b_id)])
        .await;
    app.api(
        "GET",
        "/api/v1/products?page=2",
        None,
        &[("x-inspector", "made-up-id-0000000000")],
    )
    .await;

    let seen_a = inspected(&app, &a).await;
    assert_eq!(seen_a["recording"], true);
    assert_eq!(paths(&seen_a), vec!["/api/v1/me", "/products/bike-lock"]);
    let me = &seen_a["requests"][0];
    assert_eq!(me["status"], 200);
    assert_eq!(me["credentials"][0]["carrier"], "bearer JWT");
    assert!(
        me["credentials"][0]["found"]
            .as_str()
            .unwrap()
            .starts_with("valid: user"),
        "{me}"
    );

    let seen_b = inspected(&app, &b).await;
    assert_eq!(paths(&seen_b), vec!["/api/v1/products", "/cart"]);
    assert_eq!(seen_b["requests"][0]["credentials"][0]["carrier"], "none");

    // Without a cookie, or with one the server never issued, there is nothing to see.
    let nobody = app.api("GET", "/learn/inspector", None, &[]).await;
    assert_eq!(nobody.json::<Value>()["requests"], json!([]));
    let forged = inspected(&app, "tokenshop_inspector=made-up-id-0000000000").await;
    assert_eq!(forged["recording"], false);
    assert_eq!(forged["requests"], json!([]));
    // The header names a browser for recording only; reading needs the cookie.
    let by_header = app
        .api("GET", "/learn/inspector", None, &[("x-inspector", &a_id)])
        .await;
    assert_eq!(by_header.json::<Value>()["requests"], json!([]));
}

#[tokio::test]
async fn the_inspector_says_what_checking_a_session_cookie_found_and_stops_when_asked() {
    let app = spawn_app().await;
    let inspector = start_inspector(&app).await;
    let mut browser = app.browser();
    browser.login(ALICE.0, ALICE.1).await;
    let session = browser.cookie.clone().unwrap();
    app.get("/account", Some(&format!("{inspector}; {session}")))
        .await;
    let seen = inspected(&app, &inspector).await;
    let account = &seen["requests"][0];
    assert_eq!(account["path"], "/account");
    assert_eq!(account["kind"], "page");
    assert_eq!(account["credentials"][0]["carrier"], "session cookie");
    let found = account["credentials"][0]["found"].as_str().unwrap();
    assert!(
        found.starts_with("record found: signed in as user"),
        "{found}"
    );

    let stop = app
        .api(
            "POST",
            "/learn/inspector/stop",
            None,
            &[("cookie", &inspector), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(stop.status, StatusCode::NO_CONTENT);
    assert!(stop.set_cookies()[0].contains("Max-Age=0"));
    app.get("/account", Some(&format!("{inspector}; {session}")))
        .await;
    assert_eq!(inspected(&app, &inspector).await["requests"], json!([]));
}

#[tokio::test]
async fn the_inspector_says_whether_a_refresh_token_was_still_unused() {
    let app = spawn_app().await;
    let cookie = start_inspector(&app).await;
    let id = cookie.split_once('=').unwrap().1.to_string();
    let tokens = app.api_login(ALICE).await;
    let body = json!({ "refresh_token": tokens["refresh_token"] });
    for _ in 0..2 {
        app.api(
            "POST",
            "/api/v1/auth/refresh",
            Some(body.clone()),
            &[("x-inspector", &id)],
        )
        .await;
    }
    let seen = inspected(&app, &cookie).await;
    let found = |i: usize| {
        let c = &seen["requests"][i]["credentials"][0];
        assert_eq!(c["carrier"], "refresh token (body)", "{seen}");
        (
            c["found"].as_str().unwrap().to_string(),
            seen["requests"][i]["status"].as_u64().unwrap(),
        )
    };
    let (replay, replay_status) = found(0);
    let (first, first_status) = found(1);
    assert!(first.starts_with("unused"), "{first}");
    assert_eq!(first_status, 200);
    assert!(replay.starts_with("already spent"), "{replay}");
    assert_eq!(replay_status, 401);
}

#[tokio::test]
async fn turning_the_inspector_on_from_another_site_is_refused() {
    let app = spawn_app().await;
    let res = app
        .api(
            "POST",
            "/learn/inspector/start",
            None,
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.set_cookies().is_empty());
}
