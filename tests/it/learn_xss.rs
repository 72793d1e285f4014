//! The tamper lab's token samples and the XSS lab's server side: real HttpOnly cookie and
//! backend-for-frontend sign-ins scoped to the lab, and the attacker's collector.

use crate::common::*;
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode},
};
use serde_json::{json, Value};
use std::net::SocketAddr;
use tower::ServiceExt;

const SAME_ORIGIN: (&str, &str) = ("sec-fetch-site", "same-origin");

async fn lab_account(app: &TestApp) -> (String, String) {
    let res = app
        .api("POST", "/learn/lab/account", None, &[SAME_ORIGIN])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let account: Value = res.json();
    (s(&account, "email"), s(&account, "password"))
}

#[tokio::test]
async fn token_samples_are_genuine_tokens_of_the_callers_own_account_refused_for_what_they_are() {
    let app = spawn_app().await;
    let (email, password) = lab_account(&app).await;
    let login = app.api_login((&email, &password)).await;
    let access = s(&login, "access_token");
    let auth = bearer(&access);
    let none = app
        .api("POST", "/learn/lab/token-samples", None, &[SAME_ORIGIN])
        .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED, "{}", none.body);
    let res = app
        .api(
            "POST",
            "/learn/lab/token-samples",
            None,
            &[SAME_ORIGIN, ("authorization", &auth)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let samples: Value = res.json();
    let expired = s(&samples, "expired");
    assert_eq!(
        jwt_payload(&expired)["sub"],
        jwt_payload(&access)["sub"],
        "the caller's own account"
    );
    assert!(jwt_payload(&expired)["exp"].as_i64().unwrap() < tokenshop::server::clock::now_unix());
    let refused = app.me(&expired).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(
        refused.body.contains("the token has expired"),
        "{}",
        refused.body
    );
    let cart = app.me(&s(&samples, "cart")).await;
    assert_eq!(cart.status, StatusCode::UNAUTHORIZED);
    assert!(
        cart.body.contains("this kind of token cannot be used here"),
        "{}",
        cart.body
    );
    // alg: none is refused as an algorithm, not as garbage.
    let parts: Vec<&str> = access.split('.').collect();
    let none_header = base64_url(br#"{"alg":"none","typ":"at+jwt"}"#);
    let unsigned = app.me(&format!("{none_header}.{}.", parts[1])).await;
    assert!(
        unsigned
            .body
            .contains("an algorithm this shop does not accept"),
        "{}",
        unsigned.body
    );
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    URL_SAFE_NO_PAD.encode(bytes)
}

fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn the_xss_labs_cookie_and_bff_sign_ins_are_httponly_cookies_scoped_to_the_lab() {
    let app = spawn_app().await;
    let (email, password) = lab_account(&app).await;
    let creds = json!({ "email": email, "password": password });
    for (kind, name, path, answer) in [
        (
            "cookie",
            "tokenshop_lab_cookie",
            "/learn/lab/xss/cookie",
            "whoami",
        ),
        ("bff", "tokenshop_lab_bff", "/learn/lab/xss/bff", "me"),
    ] {
        let login = app
            .api(
                "POST",
                &format!("{path}/login"),
                Some(creds.clone()),
                &[SAME_ORIGIN],
            )
            .await;
        assert_eq!(login.status, StatusCode::OK, "{kind}: {}", login.body);
        let set = login.set_cookies();
        assert_eq!(set.len(), 1, "{kind}: {set:?}");
        for attribute in [
            &format!("{name}="),
            "HttpOnly",
            "SameSite=Strict",
            &format!("Path={path}"),
        ] {
            assert!(
                set[0].contains(attribute),
                "{kind}: {attribute} in {}",
                set[0]
            );
        }
        assert!(
            !login.body.contains("eyJ"),
            "{kind}: no token reaches the browser: {}",
            login.body
        );
        let cookie = cookie_pair(&set[0]);
        let who = app
            .api(
                "GET",
                &format!("{path}/{answer}"),
                None,
                &[("cookie", &cookie)],
            )
            .await;
        assert_eq!(who.status, StatusCode::OK, "{kind}: {}", who.body);
        assert_eq!(s(&who.json(), "email"), email, "{kind}");
        let nobody = app.api("GET", &format!("{path}/{answer}"), None, &[]).await;
        assert_eq!(
            nobody.status,
            StatusCode::UNAUTHORIZED,
            "{kind}: {}",
            nobody.body
        );
        let forged = app
            .api(
                "POST",
                &format!("{path}/login"),
                Some(creds.clone()),
                &[
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "https://evil.example"),
                ],
            )
            .await;
        assert_eq!(
            forged.status,
            StatusCode::FORBIDDEN,
            "{kind}: {}",
            forged.body
        );
    }
}

#[tokio::test]
async fn the_attackers_collector_takes_lab_drops_from_this_machine_only() {
    let app = spawn_app().await;
    let partner = tokenshop::server::partner::router(&app.state);
    let drop = "0123456789abcdef0123456789abcdef";
    let loot = json!({ "items": [{ "from": "localStorage", "kind": "access", "value": "eyJ.stolen.token" }] }).to_string();
    let collect = |peer: [u8; 4], name: &str, body: String| {
        let mut req = Request::post(format!("/attacker/collect/{name}"))
            .header("content-type", "text/plain")
            .body(Body::from(body))
            .unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((peer, 40000))));
        req
    };
    let status = |res: axum::response::Response| res.status();
    assert_eq!(
        status(
            partner
                .clone()
                .oneshot(collect([203, 0, 113, 9], drop, loot.clone()))
                .await
                .unwrap()
        ),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(
            partner
                .clone()
                .oneshot(collect([127, 0, 0, 1], "short", loot.clone()))
                .await
                .unwrap()
        ),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(
            partner
                .clone()
                .oneshot(collect([127, 0, 0, 1], drop, "not json".into()))
                .await
                .unwrap()
        ),
        StatusCode::FORBIDDEN
    );
    let empty = app
        .api("GET", &format!("/learn/lab/xss/attacker/{drop}"), None, &[])
        .await;
    assert_eq!(
        empty.json::<Value>(),
        json!([]),
        "nothing was kept from the refused drops"
    );
    assert_eq!(
        status(
            partner
                .clone()
                .oneshot(collect([127, 0, 0, 1], drop, loot))
                .await
                .unwrap()
        ),
        StatusCode::OK
    );
    let kept = app
        .api("GET", &format!("/learn/lab/xss/attacker/{drop}"), None, &[])
        .await;
    assert_eq!(
        kept.json::<Value>(),
        json!([{ "from": "localStorage", "kind": "access", "value": "eyJ.stolen.token" }])
    );
}
