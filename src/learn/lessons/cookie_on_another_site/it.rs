//! The cross-site cookie lab sets four cookies and answers CORS only to the partner.
//! (Compiled into `tests/it`.)

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};

const ATTEMPT: &str = "00112233445566778899aabbccddeeff";

/// The cross-site cookie lab: four cookies, CORS with credentials for the partner's exact origin
/// only (and without them on `check-plain`), and a record of what came back.
#[tokio::test]
async fn the_cookie_lab_sets_four_cookies_and_answers_cors_only_to_the_partner() {
    let app = spawn_app().await;
    let partner = app.state.config.partner_origin.clone();
    let set = app
        .api(
            "POST",
            &format!("/learn/lab/elsewhere/set/{ATTEMPT}"),
            None,
            &[("origin", &partner), ("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let cookies = set.set_cookies();
    assert_eq!(cookies.len(), 4, "{cookies:?}");
    assert!(cookies
        .iter()
        .all(|c| c.contains("HttpOnly") && c.contains("Path=/learn/lab/elsewhere")));
    assert!(
        cookies[3].ends_with("SameSite=None; Secure; Partitioned"),
        "{}",
        cookies[3]
    );
    assert_eq!(
        set.header("access-control-allow-origin").as_deref(),
        Some(partner.as_str())
    );
    assert_eq!(
        set.header("access-control-allow-credentials").as_deref(),
        Some("true")
    );

    let secure = format!("tokenshop_lab_elsewhere_secure={ATTEMPT}");
    let check = app
        .api(
            "GET",
            &format!("/learn/lab/elsewhere/check/{ATTEMPT}"),
            None,
            &[
                ("origin", &partner),
                ("sec-fetch-site", "cross-site"),
                ("cookie", &secure),
            ],
        )
        .await;
    assert_eq!(
        check.json::<Value>(),
        json!({ "arrived": ["SameSite=None; Secure"] })
    );
    let plain = app
        .api(
            "GET",
            &format!("/learn/lab/elsewhere/check-plain/{ATTEMPT}"),
            None,
            &[("origin", &partner), ("cookie", &secure)],
        )
        .await;
    assert_eq!(
        plain.header("access-control-allow-origin").as_deref(),
        Some(partner.as_str())
    );
    assert!(
        plain.header("access-control-allow-credentials").is_none(),
        "so the page may not read it"
    );
    let stranger = app
        .api(
            "GET",
            &format!("/learn/lab/elsewhere/check/{ATTEMPT}"),
            None,
            &[("origin", "https://evil.example"), ("cookie", &secure)],
        )
        .await;
    assert!(stranger.header("access-control-allow-origin").is_none());

    let trials: Value = app
        .api(
            "GET",
            &format!("/learn/lab/elsewhere/trials/{ATTEMPT}"),
            None,
            &[],
        )
        .await
        .json();
    let steps: Vec<String> = trials
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("{}:{}", s(t, "step"), s(t, "site")))
        .collect();
    assert_eq!(
        steps,
        [
            "set:cross-site",
            "check:cross-site",
            "check-plain:not sent",
            "check:not sent"
        ]
    );
}
