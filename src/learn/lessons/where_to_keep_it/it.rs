//! The XSS lab's cookie and backend-for-frontend sign-ins are HttpOnly cookies scoped to the lab.
//! (Compiled into `tests/it`.)

use crate::common::*;
use crate::learn_kit::{cookie_pair, lab_account, SAME_ORIGIN};
use axum::http::StatusCode;
use serde_json::json;

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
