//! What the labs' tests share: a call through the page's cookie jar, a fresh lab account, and
//! reading cookies.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::Value;

/// A lab call with the lab's cookie; returns the response and the cookie the layer set, if any.
pub async fn lab(
    app: &TestApp,
    method: &str,
    path: &str,
    body: Option<Value>,
    cookie: Option<&str>,
) -> (Resp, Option<String>) {
    let mut headers = vec![("sec-fetch-site", "same-origin")];
    if let Some(c) = cookie {
        headers.push(("x-lab-cookie", c));
    }
    let res = app.api(method, path, body, &headers).await;
    assert!(
        res.set_cookies().is_empty(),
        "the lab never sets a cookie on the browser"
    );
    let set = res
        .header("x-lab-set-cookie")
        .filter(|c| !c.contains("Max-Age=0"))
        .map(|c| c.split(';').next().unwrap().to_string());
    (res, set)
}

pub const SAME_ORIGIN: (&str, &str) = ("sec-fetch-site", "same-origin");

pub async fn lab_account(app: &TestApp) -> (String, String) {
    let res = app
        .api("POST", "/learn/lab/account", None, &[SAME_ORIGIN])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let account: Value = res.json();
    (s(&account, "email"), s(&account, "password"))
}

pub fn base64_url(bytes: &[u8]) -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}
