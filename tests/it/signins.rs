//! Sign-ins across both mechanisms: listed together, ended one by one or all but the current one,
//! with immediate effect on cookie sessions and refresh tokens.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};
use tokenshop::domain::SignIn;

#[tokio::test]
async fn cookie_sessions_and_api_sign_ins_are_listed_together_and_end_at_once() {
    let app = spawn_app().await;
    let mut laptop = app.browser();
    let mut phone = app.browser();
    laptop.login(ALICE.0, ALICE.1).await;
    phone.login(ALICE.0, ALICE.1).await;
    let cli = app.api_login(ALICE).await;
    let script = app.api_login(ALICE).await;
    let cli_auth = bearer(cli["access_token"].as_str().unwrap());
    // Bob's sign-ins never show up in Alice's list.
    app.browser().login(BOB.0, BOB.1).await;

    let res = app.api_as("GET", "/api/v1/sessions", None, &cli_auth).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let list: Vec<SignIn> = res.json();
    assert_eq!(list.len(), 4, "{list:?}");
    assert_eq!(
        list.iter().filter(|s| s.id.starts_with("cookie-")).count(),
        2
    );
    assert_eq!(list.iter().filter(|s| s.current).count(), 1);
    assert!(list[0].current && list[0].id.starts_with("token-"));
    let laptop_value = laptop.cookie.clone().unwrap();
    let laptop_id = laptop_value.split_once('=').unwrap().1;
    assert!(
        !res.body.contains(laptop_id),
        "the session id itself is never shown"
    );

    // The laptop lists the same four, itself first.
    let res = laptop.post("/fn/signins", &[]).await;
    let mine: Vec<SignIn> = res.json();
    assert_eq!(mine.len(), 4);
    let laptop_signin = mine[0].id.clone();
    assert!(mine[0].current && laptop_signin.starts_with("cookie-"));
    let phone_signin = mine
        .iter()
        .find(|s| s.id.starts_with("cookie-") && !s.current)
        .unwrap()
        .id
        .clone();

    // The CLI ends the phone's cookie session: the phone is anonymous on its very next request.
    let res = app
        .api_as(
            "DELETE",
            &format!("/api/v1/sessions/{phone_signin}"),
            None,
            &cli_auth,
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    assert!(phone.nav().await.user.is_none());
    assert!(laptop.nav().await.user.is_some());
    // Ending it again, or a made-up one, is a 404.
    let res = app
        .api_as(
            "DELETE",
            &format!("/api/v1/sessions/{phone_signin}"),
            None,
            &cli_auth,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // The laptop ends all the others: both API sign-ins can no longer refresh.
    let res = laptop.post("/fn/signins/end-others", &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json::<u64>(), 2);
    for tokens in [&cli, &script] {
        let res = app
            .api(
                "POST",
                "/api/v1/auth/refresh",
                Some(json!({ "refresh_token": tokens["refresh_token"] })),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    assert!(laptop.nav().await.user.is_some(), "the current one stays");
    let left: Vec<SignIn> = laptop.post("/fn/signins", &[]).await.json();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, laptop_signin);
}

#[tokio::test]
async fn nobody_can_end_another_users_sign_in() {
    let app = spawn_app().await;
    let alice = app.api_login(ALICE).await;
    let alice_auth = bearer(alice["access_token"].as_str().unwrap());
    let alice_list: Vec<Value> = app
        .api_as("GET", "/api/v1/sessions", None, &alice_auth)
        .await
        .json();
    let alice_id = alice_list[0]["id"].as_str().unwrap().to_string();

    let mut bob = app.browser();
    bob.login(BOB.0, BOB.1).await;
    let res = bob.post("/fn/signins/end", &[("id", &alice_id)]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .api(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({ "refresh_token": alice["refresh_token"] })),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "Alice's sign-in is untouched");
    let res = bob
        .post("/fn/signins/end", &[("id", "cookie-../../etc")])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.post("/fn/signins", &[], None).await;
    assert_eq!(
        res.status,
        StatusCode::UNAUTHORIZED,
        "a guest has no sign-ins to list"
    );
}

/// A login says which sign-in it made, by the id the list and `DELETE /api/v1/sessions/{id}` use, so
/// another client of the account can end exactly that one.
#[tokio::test]
async fn a_login_names_its_sign_in_and_another_client_ends_it_by_that_id() {
    let app = spawn_app().await;
    let phone = app.api_login(ALICE).await;
    let laptop = app.api_login(ALICE).await;
    let id = s(&phone, "sign_in_id");
    assert!(id.starts_with("token-"), "{id}");
    let listed: Vec<SignIn> = app
        .api_as(
            "GET",
            "/api/v1/sessions",
            None,
            &bearer(&s(&laptop, "access_token")),
        )
        .await
        .json();
    assert!(listed.iter().any(|signin| signin.id == id), "{listed:?}");
    let ended = app
        .api_as(
            "DELETE",
            &format!("/api/v1/sessions/{id}"),
            None,
            &bearer(&s(&laptop, "access_token")),
        )
        .await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT, "{}", ended.body);
    let refresh = app
        .api(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({ "refresh_token": s(&phone, "refresh_token") })),
            &[],
        )
        .await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
}
