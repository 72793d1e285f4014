//! The delegation lab: each of its five goals is reached only by the shop's real answers, made over
//! real HTTP by the lab's servers on the partner's origin. (Compiled into `tests/it`.)

use crate::common::*;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use serde_json::{json, Value};
use std::{collections::HashMap, net::SocketAddr};
use tokenshop::server::{
    config::clients::LESSON_REDIRECT_PATH,
    crypto::{b64url, sha256},
};
use tower::ServiceExt;

const ATTEMPT: &str = "0123456789abcdef0123456789abcdef";
const VERIFIER: &str = "the-lab-partners-verifier-long-enough-0123456789abcdef";

/// The app on a real listener: the lab's servers call the shop over HTTP, as a stranger would.
async fn listening() -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let app = spawn_app_with(&[("LISTEN_ADDR", &addr)]).await;
    let router = app.router.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    app
}

fn lab_uri(app: &TestApp) -> String {
    format!(
        "{}{LESSON_REDIRECT_PATH}",
        app.state.config.partner_origin.trim_end_matches('/')
    )
}

/// A request to the partner's origin (the partner's listener, with the labs' routes on it).
async fn partner(
    app: &TestApp,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let router = tokenshop::partner::router(&app.state, tokenshop::learn::server::partner_routes());
    let host = app
        .state
        .config
        .partner_origin
        .split_once("://")
        .unwrap()
        .1
        .to_string();
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, host);
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let req = req
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    let res = router.oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Signed in as alice, allows the partner `profile cart` with the lab page as its redirect URI,
/// and follows the shop's answer to that page: the code it carried.
async fn sign_in_on_the_lab_page(app: &TestApp, browser: &mut Browser<'_>) -> String {
    let q: Vec<(&str, String)> = vec![
        ("response_type", "code".into()),
        ("client_id", "partner".into()),
        ("redirect_uri", lab_uri(app)),
        ("scope", "profile cart".into()),
        ("state", format!("{ATTEMPT}.random-part")),
        ("code_challenge", b64url(&sha256(VERIFIER.as_bytes()))),
        ("code_challenge_method", "S256".into()),
    ];
    let page = browser
        .get(&format!(
            "/oauth/authorize?{}",
            serde_urlencoded::to_string(&q).unwrap()
        ))
        .await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the consent page: {}",
        page.body
    );
    let mut fields: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fields.push(("decision", "allow"));
    let res = browser.post("/oauth/authorize", &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let location = res.header("location").unwrap();
    let (base, query) = location.split_once('?').unwrap();
    assert_eq!(
        base,
        lab_uri(app),
        "sent back to the lab page, the registered URI"
    );
    let (status, _) = partner(app, "GET", &format!("{LESSON_REDIRECT_PATH}?{query}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let params: HashMap<String, String> = serde_urlencoded::from_str(query).unwrap();
    params["code"].clone()
}

async fn trade(app: &TestApp, code: &str) -> String {
    let lab = lab_uri(app);
    let fields = [
        ("grant_type", "authorization_code"),
        ("client_id", "partner"),
        ("code", code),
        ("redirect_uri", lab.as_str()),
        ("code_verifier", VERIFIER),
    ];
    let req = Request::post("/oauth/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form(&fields)))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    s(&res.json::<Value>(), "access_token")
}

async fn step(app: &TestApp, path: &str, body: Value) -> Value {
    let (status, event) = partner(app, "POST", &format!("{path}/{ATTEMPT}"), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{event}");
    event
}

async fn goals(app: &TestApp) -> (Vec<Value>, HashMap<String, bool>) {
    let res = app
        .get(&format!("/learn/lab/delegation/{ATTEMPT}"), None)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let record: Value = res.json();
    let goals = record["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (s(g, "id"), g["reached"].as_bool().unwrap()))
        .collect();
    (record["events"].as_array().unwrap().clone(), goals)
}

/// The whole lab, as a learner runs it: each goal turns reached only once the shop has answered
/// the step that shows it, and not before.
#[tokio::test]
async fn each_goal_is_reached_by_the_shops_own_answers_and_only_then() {
    let app = listening().await;
    let (_, before) = goals(&app).await;
    assert_eq!(before.len(), 5);
    assert!(
        before.values().all(|r| !r),
        "nothing reached yet: {before:?}"
    );

    // 1. The partner's server receives a code, never the password (RFC 6749 §4.1.2).
    let mut browser = app.browser();
    browser.login(ALICE.0, ALICE.1).await;
    let code = sign_in_on_the_lab_page(&app, &mut browser).await;
    let (events, _) = goals(&app).await;
    let received = events
        .iter()
        .find(|e| e["step"] == "received")
        .expect("recorded");
    assert_eq!(received["fields"], json!(["code", "state", "iss"]));
    assert!(
        !received.to_string().contains(&code),
        "the record shortens the code"
    );

    // 2. The attacker has the code but not the verifier (RFC 7636 §4.6): refused, code not spent.
    let guess = step(
        &app,
        "/learn/let-another-site-in/attacker",
        json!({ "code": code, "replay": false }),
    )
    .await;
    assert_eq!(
        (guess["status"].as_u64(), guess["error"].as_str()),
        (Some(400), Some("invalid_grant")),
        "{guess}"
    );
    let access = trade(&app, &code).await;
    let ok = step(
        &app,
        "/learn/let-another-site-in/check",
        json!({ "step": "signed-in", "token": access }),
    )
    .await;
    assert_eq!(ok["status"], 200, "{ok}");
    assert!(goals(&app).await.1["no-password"]);
    assert!(!goals(&app).await.1["stolen-code"], "not before the replay");

    // …and again after the partner traded it (RFC 6749 §4.1.2): refused, the partner's token revoked.
    let replay = step(
        &app,
        "/learn/let-another-site-in/attacker",
        json!({ "code": code, "replay": true }),
    )
    .await;
    assert_eq!(
        (replay["status"].as_u64(), replay["error"].as_str()),
        (Some(400), Some("invalid_grant")),
        "{replay}"
    );
    let after = step(
        &app,
        "/learn/let-another-site-in/check",
        json!({ "step": "after-replay", "token": access }),
    )
    .await;
    assert_eq!(after["status"], 401, "{after}");
    assert!(goals(&app).await.1["stolen-code"]);

    // 4. Outside its scopes (RFC 6750 §3.1): 403 insufficient_scope.
    let code = sign_in_on_the_lab_page(&app, &mut browser).await;
    let access = trade(&app, &code).await;
    let still = step(
        &app,
        "/learn/let-another-site-in/check",
        json!({ "step": "after-end", "token": access }),
    )
    .await;
    assert_eq!(still["status"], 200, "not ended yet: {still}");
    assert!(!goals(&app).await.1["ended"], "a 200 is not an end");
    let orders = step(
        &app,
        "/learn/let-another-site-in/check",
        json!({ "step": "out-of-scope", "token": access }),
    )
    .await;
    assert_eq!(
        (orders["status"].as_u64(), orders["error"].as_str()),
        (Some(403), Some("insufficient_scope")),
        "{orders}"
    );

    // 5. Ended on the account page: the partner's next call is 401.
    let own = app.api_login(ALICE).await;
    let grant = app.granted_sign_in(&s(&own, "access_token")).await;
    let res = browser
        .post("/fn/signins/end", &[("id", &s(&grant, "id"))])
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    let ended = step(
        &app,
        "/learn/let-another-site-in/check",
        json!({ "step": "after-end", "token": access }),
    )
    .await;
    assert_eq!(ended["status"], 401, "{ended}");

    // 3. The attacker's redirect URIs, its own site and the registered one with more after it
    // (RFC 9700 §4.1.3): the shop's own page, no Location, no code.
    let codes = app.scalar("SELECT COUNT(*) FROM oauth_codes").await;
    let res = app
        .api(
            "POST",
            &format!("/learn/lab/delegation/{ATTEMPT}/swap"),
            None,
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let swaps: Vec<Value> = res.json();
    assert_eq!(swaps.len(), 2);
    for swap in &swaps {
        assert_eq!(swap["status"], 400, "{swap}");
        assert!(swap.get("location").is_none(), "sent nowhere: {swap}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM oauth_codes").await,
        codes,
        "no code made"
    );

    let (_, all) = goals(&app).await;
    assert!(all.values().all(|r| *r), "{all:?}");
}

/// The lab's servers take only a lesson's attempt and a bounded code or token, and known steps.
#[tokio::test]
async fn the_lab_servers_refuse_what_is_not_a_lab_step() {
    let app = spawn_app().await;
    let attacker = format!("/learn/let-another-site-in/attacker/{ATTEMPT}");
    let check = format!("/learn/let-another-site-in/check/{ATTEMPT}");
    for (path, body) in [
        (
            "/learn/let-another-site-in/attacker/short",
            json!({ "code": "x", "replay": false }),
        ),
        (attacker.as_str(), json!({ "code": "", "replay": false })),
        (check.as_str(), json!({ "step": "anything", "token": "x" })),
        (
            check.as_str(),
            json!({ "step": "signed-in", "token": "x".repeat(5000) }),
        ),
    ] {
        let (status, _) = partner(&app, "POST", path, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
    }
    let cross = app
        .api(
            "POST",
            &format!("/learn/lab/delegation/{ATTEMPT}/swap"),
            None,
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(
        cross.status,
        StatusCode::FORBIDDEN,
        "the attacker's link from the lesson only"
    );
}
