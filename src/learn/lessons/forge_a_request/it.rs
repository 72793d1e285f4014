//! The forged-request lab: a weak target that only ever changes a lab account, the guarded twin
//! behind the shop's own check, and the record both the lesson and the partner page read.
//! (Compiled into `tests/it`.)

use crate::common::*;
use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use serde_json::{json, Value};
use tower::ServiceExt;

const ATTEMPT: &str = "00112233445566778899aabbccddeeff";

#[tokio::test]
async fn only_a_lab_account_can_sign_in_to_the_weak_target_and_only_its_cart_changes() {
    let app = spawn_app().await;
    let same_origin = [("sec-fetch-site", "same-origin")];
    let alice = json!({ "email": ALICE.0, "password": ALICE.1 });
    let refused = app
        .api("POST", "/learn/lab/csrf/login", Some(alice), &same_origin)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused.set_cookies().is_empty(),
        "a real account gets no lab cookie"
    );

    let account: Value = app
        .api("POST", "/learn/lab/account", None, &same_origin)
        .await
        .json();
    let creds = json!({ "email": account["email"], "password": account["password"] });
    let login = app
        .api("POST", "/learn/lab/csrf/login", Some(creds), &same_origin)
        .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    let set = login.set_cookies();
    assert!(
        set[0].contains("SameSite=Lax")
            && set[0].contains("HttpOnly")
            && set[0].contains("Path=/learn/lab/csrf"),
        "{set:?}"
    );
    let cookie = set[0].split(';').next().unwrap().to_string();

    // A same-site page's POST with the cookie: the weak target takes it, the guarded one refuses.
    let forged = [("sec-fetch-site", "same-site"), ("cookie", cookie.as_str())];
    let weak = app
        .api(
            "POST",
            &format!("/learn/lab/csrf/weak/{ATTEMPT}"),
            None,
            &forged,
        )
        .await;
    assert_eq!(weak.status, StatusCode::OK, "{}", weak.body);
    assert!(
        weak.body
            .contains("SameSite alone did not stop this request"),
        "{}",
        weak.body
    );
    let guarded = app
        .api(
            "POST",
            &format!("/learn/lab/csrf/guarded/{ATTEMPT}"),
            None,
            &forged,
        )
        .await;
    assert_eq!(guarded.status, StatusCode::FORBIDDEN, "{}", guarded.body);
    assert!(
        guarded.body.contains("Sec-Fetch-Site: same-site"),
        "{}",
        guarded.body
    );
    // Another site's POST arrives without the Lax cookie: nothing happens.
    let blind = app
        .api(
            "POST",
            &format!("/learn/lab/csrf/weak/{ATTEMPT}"),
            None,
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(blind.status, StatusCode::UNAUTHORIZED, "{}", blind.body);

    let tokens = app
        .api_login((
            account["email"].as_str().unwrap(),
            account["password"].as_str().unwrap(),
        ))
        .await;
    let cart = app
        .api_as(
            "GET",
            "/api/v1/cart",
            None,
            &bearer(&s(&tokens, "access_token")),
        )
        .await;
    let lines = cart.json::<Value>()["lines"].as_array().unwrap().clone();
    assert_eq!(
        lines.len(),
        1,
        "one tea from the one accepted forgery: {lines:?}"
    );
    assert_eq!(lines[0]["quantity"], 1);

    let seen: Value = app
        .api(
            "GET",
            &format!("/learn/lab/csrf/attempts/{ATTEMPT}"),
            None,
            &[],
        )
        .await
        .json();
    let summary: Vec<(String, bool, bool)> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                s(a, "target"),
                a["cookie_sent"].as_bool().unwrap(),
                a["accepted"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("weak".into(), true, true),
            ("guarded".into(), true, false),
            ("weak".into(), false, false)
        ]
    );
    // The partner page reads the same record from its own origin.
    let partner =
        tokenshop::partner::router(&app.state, tokenshop::learn::server::partner_routes());
    let res = partner
        .oneshot(
            Request::get(format!("/csrf-attempts/{ATTEMPT}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), seen);
}
