//! Lesson 1's countdowns start from the configured lifetimes and this browser's own session.
//! (Compiled into `tests/it`.)

use crate::common::*;
use axum::http::StatusCode;
use tokenshop::learn::lessons::two_carriers::Lifetimes;

async fn lifetimes(app: &TestApp, cookie: Option<&str>) -> Lifetimes {
    let res = app.post("/fn/learn/lifetimes", &[], cookie).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

#[tokio::test]
async fn the_countdowns_start_from_the_configured_lifetimes_and_this_browsers_session() {
    let app = spawn_app_with(&[
        ("ACCESS_TOKEN_TTL_SECS", "77"),
        ("SESSION_IDLE_SECS", "300"),
    ])
    .await;
    let guest = lifetimes(&app, None).await;
    assert_eq!(guest.access_ttl_secs, 77);
    assert_eq!(
        guest.your_session_expiry, None,
        "no cookie, no session to count down"
    );
    assert!(!guest.demo_mode);

    let mut browser = app.browser();
    browser.login(ALICE.0, ALICE.1).await;
    let mine = lifetimes(&app, browser.cookie.as_deref()).await;
    let (idle, absolute) = mine.your_session_expiry.expect("this browser's session");
    assert!(
        (299..=300).contains(&(idle - mine.now)),
        "{} s",
        idle - mine.now
    );
    assert!((43_199..=43_200).contains(&(absolute - mine.now)));
}
