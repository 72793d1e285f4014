//! The login throttle protects accounts without becoming a lockout weapon: device cookies for
//! browsers that signed in before (OWASP), per-account and per-address limits for everyone else,
//! sign-ups counted per address, and a bounded hashing queue.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::json;

/// A page login (the login server function) from `address`, with `cookies` as sent.
async fn login_from(app: &TestApp, address: &str, cookies: &str, email: &str, pass: &str) -> Resp {
    let mut req = TestApp::post_request(
        "/fn/login",
        form(&[("email", email), ("password", pass)]),
        (!cookies.is_empty()).then_some(cookies),
    );
    req.headers_mut()
        .insert("x-forwarded-for", address.parse().unwrap());
    app.send(req).await
}

fn device_cookie(res: &Resp) -> String {
    res.set_cookies()
        .into_iter()
        .find(|c| c.starts_with("tokenshop_device="))
        .unwrap_or_else(|| panic!("no device cookie in {:?}", res.set_cookies()))
}

async fn new_account(app: &TestApp, email: &str) {
    let res = app
        .api(
            "POST",
            "/api/v1/auth/register",
            Some(json!({ "email": email, "password": "owner-password" })),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
}

#[tokio::test]
async fn a_login_sets_a_long_lived_httponly_device_cookie() {
    let app = spawn_app_with(&[("TRUST_FORWARDED_FOR", "true")]).await;
    let res = login_from(&app, "10.0.0.1", "", ALICE.0, ALICE.1).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let cookie = device_cookie(&res);
    for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=15552000"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    // A failed login sets none.
    let res = login_from(&app, "10.0.0.1", "", ALICE.0, "wrong-password").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res
        .set_cookies()
        .iter()
        .all(|c| !c.contains("tokenshop_device")));
}

#[tokio::test]
async fn ten_failures_from_one_address_do_not_stop_a_browser_that_signed_in_before() {
    let app = spawn_app_with(&[("TRUST_FORWARDED_FOR", "true")]).await;
    let owner = "owner@example.com";
    new_account(&app, owner).await;
    // The owner's browser signed in once, from the shared address, and keeps its device cookie.
    let first = login_from(&app, "10.0.0.7", "", owner, "owner-password").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let device = device_cookie(&first).split(';').next().unwrap().to_string();

    // A stray visitor behind the same address fails ten times on the owner's account.
    for _ in 0..10 {
        let res = login_from(&app, "10.0.0.7", "", owner, "guessing-123").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    }
    // An unknown device is still throttled, on the account and at the address...
    let res = login_from(&app, "10.0.0.7", "", owner, "owner-password").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
    assert!(res.header("retry-after").is_some());
    let res = login_from(&app, "10.0.0.99", "", owner, "owner-password").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "account-wide");
    // ...but the owner's known browser signs in, from that very address.
    let res = login_from(&app, "10.0.0.7", &device, owner, "owner-password").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // A device cookie vouches only for the account it signed in to.
    let res = login_from(&app, "10.0.0.7", &device, ALICE.0, ALICE.1).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
}

#[tokio::test]
async fn a_known_devices_own_failures_lock_that_device_alone() {
    let app = spawn_app_with(&[("TRUST_FORWARDED_FOR", "true"), ("LOGIN_MAX_FAILURES", "3")]).await;
    let res = login_from(&app, "10.0.1.1", "", BOB.0, BOB.1).await;
    let device = device_cookie(&res).split(';').next().unwrap().to_string();
    for _ in 0..3 {
        let res = login_from(&app, "10.0.1.1", &device, BOB.0, "wrong-password").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let res = login_from(&app, "10.0.1.1", &device, BOB.0, BOB.1).await;
    assert_eq!(
        res.status,
        StatusCode::TOO_MANY_REQUESTS,
        "that device is locked"
    );
    // Its failures counted against it, not against the address or the account.
    let res = login_from(&app, "10.0.1.1", "", BOB.0, BOB.1).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

#[tokio::test]
async fn failures_on_a_demo_account_from_one_address_do_not_lock_it_elsewhere() {
    let app = spawn_app_with(&[("TRUST_FORWARDED_FOR", "true")]).await;
    for _ in 0..10 {
        let res = login_from(&app, "10.0.2.1", "", ALICE.0, "not-her-password").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    // That address is throttled...
    let res = login_from(&app, "10.0.2.1", "", ALICE.0, ALICE.1).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    // ...every other visitor still signs in to the demo account (its password is public, so a
    // per-account limit there would protect nothing and lock everyone out).
    let res = login_from(&app, "10.0.2.2", "", ALICE.0, ALICE.1).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

#[tokio::test]
async fn an_api_client_carries_its_device_token_in_a_header() {
    let app = spawn_app_with(&[("LOGIN_MAX_FAILURES", "2")]).await;
    let login = |password: &'static str, device: Option<String>| {
        let app = &app;
        async move {
            let mut headers = vec![];
            if let Some(d) = device.as_deref() {
                headers.push(("device-token", d));
            }
            let body = json!({ "email": BOB.0, "password": password });
            app.api("POST", "/api/v1/auth/login", Some(body), &headers)
                .await
        }
    };
    let res = login(BOB.1, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let device = res.json::<serde_json::Value>()["device_token"]
        .as_str()
        .expect("device_token")
        .to_string();
    for _ in 0..2 {
        assert_eq!(
            login("wrong-pass", None).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login(BOB.1, None).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let res = login(BOB.1, Some(device)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

#[tokio::test]
async fn sign_ups_are_throttled_per_address() {
    let app = spawn_app_with(&[
        ("TRUST_FORWARDED_FOR", "true"),
        ("SIGNUP_MAX_PER_ADDRESS", "2"),
    ])
    .await;
    let sign_up = |address: &'static str, email: String| {
        let app = &app;
        async move {
            let body = json!({ "email": email, "password": "long-enough" });
            app.api(
                "POST",
                "/api/v1/auth/register",
                Some(body),
                &[("x-forwarded-for", address)],
            )
            .await
        }
    };
    for i in 0..2 {
        let res = sign_up("10.0.3.1", format!("new{i}@example.com")).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let res = sign_up("10.0.3.1", "new2@example.com".into()).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
    assert!(res.header("retry-after").is_some());
    assert!(res.body.contains("Too many accounts"), "{}", res.body);
    // The page form and lab accounts count the same.
    let mut req = TestApp::post_request(
        "/fn/register",
        form(&[
            ("email", "page@example.com"),
            ("password", "long-enough"),
            ("password_confirm", "long-enough"),
        ]),
        None,
    );
    req.headers_mut()
        .insert("x-forwarded-for", "10.0.3.1".parse().unwrap());
    assert_eq!(app.send(req).await.status, StatusCode::TOO_MANY_REQUESTS);
    // Another address is not affected.
    let res = sign_up("10.0.3.2", "other@example.com".into()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_hashing_queue_answers_503_with_retry_after() {
    let app = std::sync::Arc::new(
        spawn_app_with(&[("HASH_QUEUE_MAX", "1"), ("LOGIN_MAX_FAILURES", "1000")]).await,
    );
    let body = json!({ "email": BOB.0, "password": BOB.1 });
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let (app, body) = (app.clone(), body.clone());
            tokio::spawn(
                async move { app.api("POST", "/api/v1/auth/login", Some(body), &[]).await },
            )
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    let statuses: Vec<u16> = answers.iter().map(|r| r.status.as_u16()).collect();
    assert!(
        statuses.iter().all(|s| [200, 503].contains(s)),
        "{statuses:?}"
    );
    assert!(statuses.contains(&200), "{statuses:?}");
    let refused = answers
        .iter()
        .find(|r| r.status == StatusCode::SERVICE_UNAVAILABLE)
        .unwrap_or_else(|| panic!("none refused: {statuses:?}"));
    assert_eq!(refused.header("retry-after").as_deref(), Some("1"));
    assert!(
        refused.body.contains("busy checking passwords"),
        "{}",
        refused.body
    );
}
