//! The tamper lab's samples are genuine tokens, refused for what they are. (Compiled into `tests/it`.)

use crate::common::*;
use crate::learn_kit::{base64_url, lab_account, SAME_ORIGIN};
use axum::http::StatusCode;
use serde_json::Value;

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
