//! The Learn page's live parts on the server: the request inspector shows a browser only its own
//! requests, and the labs behave like the shop they demonstrate.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};

/// Turns the inspector on for a new browser; returns its cookie (`name=value`).
async fn start_inspector(app: &TestApp) -> String {
    let res = app
        .api(
            "POST",
            "/learn/inspector/start",
            None,
            &[("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    let set = res.set_cookies();
    let cookie = set
        .iter()
        .find(|c| c.starts_with("tokenshop_inspector="))
        .expect("an inspector cookie");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    cookie.split(';').next().unwrap().to_string()
}

async fn inspected(app: &TestApp, cookie: &str) -> Value {
    let res = app
        .api("GET", "/learn/inspector", None, &[("cookie", cookie)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

fn paths(list: &Value) -> Vec<String> {
    list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_inspector_never_returns_another_browsers_requests() {
    let app = spawn_app().await;
    let a = start_inspector(&app).await;
    let b = start_inspector(&app).await;
    assert_ne!(a, b);
    let a_id = a.split_once('=').unwrap().1.to_string();
    let b_id = b.split_once('=').unwrap().1.to_string();

    // A browses a page and calls the API from its scripts (which name it in X-Inspector).
    app.get("/products/bike-lock", Some(&a)).await;
    let tokens = app.api_login(ALICE).await;
    let auth = bearer(tokens["access_token"].as_str().unwrap());
    app.api(
        "GET",
        "/api/v1/me",
        None,
        &[("authorization", &auth), ("x-inspector", &a_id)],
    )
    .await;
    // B does other things; a stranger with a made-up id, too.
    app.get("/cart", Some(&b)).await;
    app.api("GET", "/api/v1/products", None, &[("x-inspector", &b_id)])
        .await;
    app.api(
        "GET",
        "/api/v1/products?page=2",
        None,
        &[("x-inspector", "made-up-id-0000000000")],
    )
    .await;

    let seen_a = inspected(&app, &a).await;
    assert_eq!(seen_a["recording"], true);
    assert_eq!(paths(&seen_a), vec!["/api/v1/me", "/products/bike-lock"]);
    let me = &seen_a["requests"][0];
    assert_eq!(me["status"], 200);
    assert_eq!(me["credentials"][0]["carrier"], "bearer JWT");
    assert!(
        me["credentials"][0]["found"]
            .as_str()
            .unwrap()
            .starts_with("valid: user"),
        "{me}"
    );

    let seen_b = inspected(&app, &b).await;
    assert_eq!(paths(&seen_b), vec!["/api/v1/products", "/cart"]);
    assert_eq!(seen_b["requests"][0]["credentials"][0]["carrier"], "none");

    // Without a cookie, or with one the server never issued, there is nothing to see.
    let nobody = app.api("GET", "/learn/inspector", None, &[]).await;
    assert_eq!(nobody.json::<Value>()["requests"], json!([]));
    let forged = inspected(&app, "tokenshop_inspector=made-up-id-0000000000").await;
    assert_eq!(forged["recording"], false);
    assert_eq!(forged["requests"], json!([]));
    // The header names a browser for recording only; reading needs the cookie.
    let by_header = app
        .api("GET", "/learn/inspector", None, &[("x-inspector", &a_id)])
        .await;
    assert_eq!(by_header.json::<Value>()["requests"], json!([]));
}

#[tokio::test]
async fn the_inspector_says_what_checking_a_session_cookie_found_and_stops_when_asked() {
    let app = spawn_app().await;
    let inspector = start_inspector(&app).await;
    let mut browser = app.browser();
    browser.login(ALICE.0, ALICE.1).await;
    let session = browser.cookie.clone().unwrap();
    app.get("/account", Some(&format!("{inspector}; {session}")))
        .await;
    let seen = inspected(&app, &inspector).await;
    let account = &seen["requests"][0];
    assert_eq!(account["path"], "/account");
    assert_eq!(account["kind"], "page");
    assert_eq!(account["credentials"][0]["carrier"], "session cookie");
    let found = account["credentials"][0]["found"].as_str().unwrap();
    assert!(
        found.starts_with("record found: signed in as user"),
        "{found}"
    );

    let stop = app
        .api(
            "POST",
            "/learn/inspector/stop",
            None,
            &[("cookie", &inspector), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(stop.status, StatusCode::NO_CONTENT);
    assert!(stop.set_cookies()[0].contains("Max-Age=0"));
    app.get("/account", Some(&format!("{inspector}; {session}")))
        .await;
    assert_eq!(inspected(&app, &inspector).await["requests"], json!([]));
}

#[tokio::test]
async fn the_inspector_says_whether_a_refresh_token_was_still_unused() {
    let app = spawn_app().await;
    let cookie = start_inspector(&app).await;
    let id = cookie.split_once('=').unwrap().1.to_string();
    let tokens = app.api_login(ALICE).await;
    let body = json!({ "refresh_token": tokens["refresh_token"] });
    for _ in 0..2 {
        app.api(
            "POST",
            "/api/v1/auth/refresh",
            Some(body.clone()),
            &[("x-inspector", &id)],
        )
        .await;
    }
    let seen = inspected(&app, &cookie).await;
    let found = |i: usize| {
        let c = &seen["requests"][i]["credentials"][0];
        assert_eq!(c["carrier"], "refresh token (body)", "{seen}");
        (
            c["found"].as_str().unwrap().to_string(),
            seen["requests"][i]["status"].as_u64().unwrap(),
        )
    };
    let (replay, replay_status) = found(0);
    let (first, first_status) = found(1);
    assert!(first.starts_with("unused"), "{first}");
    assert_eq!(first_status, 200);
    assert!(replay.starts_with("already spent"), "{replay}");
    assert_eq!(replay_status, 401);
}

#[tokio::test]
async fn turning_the_inspector_on_from_another_site_is_refused() {
    let app = spawn_app().await;
    let res = app
        .api(
            "POST",
            "/learn/inspector/start",
            None,
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.set_cookies().is_empty());
}

/// A lab call with the lab's cookie; returns the response and the cookie the layer set, if any.
async fn lab(
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

#[tokio::test]
async fn after_logout_the_old_cookie_is_refused_at_once_and_the_access_token_until_revoked() {
    let app = spawn_app().await;
    let creds = json!({ "email": ALICE.0, "password": ALICE.1 });
    let (res, cookie) = lab(&app, "POST", "/learn/lab/cookie/login", Some(creds), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let cookie = cookie.expect("the login set a session cookie in the lab jar");
    let tokens = app.api_login(ALICE).await;
    let access = tokens["access_token"].as_str().unwrap();

    let (who, _) = lab(&app, "GET", "/learn/lab/cookie/whoami", None, Some(&cookie)).await;
    assert_eq!(who.status, StatusCode::OK);
    assert_eq!(who.json::<Value>()["email"], ALICE.0);

    let (out, _) = lab(
        &app,
        "POST",
        "/learn/lab/cookie/logout",
        None,
        Some(&cookie),
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let logout = app
        .api_as(
            "POST",
            "/api/v1/auth/logout",
            Some(json!({ "refresh_token": tokens["refresh_token"] })),
            &bearer(access),
        )
        .await;
    assert_eq!(logout.status, StatusCode::OK, "{}", logout.body);

    let (replayed, _) = lab(&app, "GET", "/learn/lab/cookie/whoami", None, Some(&cookie)).await;
    assert_eq!(
        replayed.status,
        StatusCode::UNAUTHORIZED,
        "the cookie is refused on the next request"
    );
    assert_eq!(
        app.me(access).await.status,
        StatusCode::OK,
        "the access token lives until exp"
    );

    // The same with revoke-now: the access token goes on the denylist at logout.
    let again = app.api_login(ALICE).await;
    let access = again["access_token"].as_str().unwrap();
    let revoke = app
        .api_as(
            "POST",
            "/api/v1/auth/logout",
            Some(json!({ "refresh_token": again["refresh_token"], "revoke_access": true })),
            &bearer(access),
        )
        .await;
    assert_eq!(revoke.status, StatusCode::OK, "{}", revoke.body);
    assert_eq!(app.me(access).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_lab_never_reads_the_browsers_own_cookie() {
    let app = spawn_app().await;
    let mut browser = app.browser();
    browser.login(ALICE.0, ALICE.1).await;
    let own = browser.cookie.clone().unwrap();
    let res = app
        .api("GET", "/learn/lab/cookie/whoami", None, &[("cookie", &own)])
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
}

#[tokio::test]
async fn the_merge_preview_matches_what_logging_in_both_ways_does() {
    let app = spawn_app().await;
    let (account, _) = lab(&app, "POST", "/learn/lab/account", None, None).await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.body);
    let account: Value = account.json();
    let tea = app.product_id("chamomile").await;
    let coffee = app.product_id("bike-lock").await;

    let mut cookie = None;
    let mut cart_token: Option<String> = None;
    for (id, qty) in [(tea, 2), (coffee, 1)] {
        let body = json!({ "product_id": id, "quantity": qty });
        let (res, set) = lab(
            &app,
            "POST",
            "/learn/lab/cookie/cart",
            Some(body.clone()),
            cookie.as_deref(),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        cookie = set.or(cookie);
        let mut headers = vec![];
        if let Some(t) = &cart_token {
            headers.push(("cart-token", t.as_str()));
        }
        let res = app
            .api("POST", "/api/v1/cart/items", Some(body), &headers)
            .await;
        assert!(res.status.is_success(), "{}", res.body);
        cart_token = res.header("cart-token");
    }
    let cookie = cookie.unwrap();
    let cart_token = cart_token.unwrap();

    let preview = app
        .api(
            "GET",
            "/learn/lab/cookie/merge-preview",
            None,
            &[("x-lab-cookie", &cookie), ("cart-token", &cart_token)],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let preview: Value = preview.json();
    let expected: Vec<(ProductId, u64)> = preview["after_both_logins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                ProductId(l["product_id"].as_i64().unwrap()),
                l["after"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(expected, vec![(tea, 4), (coffee, 2)]);

    let creds = json!({ "email": account["email"], "password": account["password"] });
    let (pages, _) = lab(
        &app,
        "POST",
        "/learn/lab/cookie/login",
        Some(creds.clone()),
        Some(&cookie),
    )
    .await;
    assert_eq!(pages.status, StatusCode::OK, "{}", pages.body);
    let api = app
        .api(
            "POST",
            "/api/v1/auth/login",
            Some(creds),
            &[("cart-token", &cart_token)],
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let access = api.json::<Value>()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let cart: Value = app
        .api_as("GET", "/api/v1/cart", None, &bearer(&access))
        .await
        .json();
    let actual: Vec<(ProductId, u64)> = cart["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                ProductId(l["product_id"].as_i64().unwrap()),
                l["quantity"].as_u64().unwrap(),
            )
        })
        .collect();
    for line in &expected {
        assert!(
            actual.contains(line),
            "preview {expected:?}, actual {actual:?}"
        );
    }
    assert_eq!(actual.len(), expected.len());
}

#[tokio::test]
async fn rotating_from_the_page_works_outside_demo_mode_too_and_then_waits() {
    let app = spawn_app().await;
    let kid = app.state.keys.signing_kid();
    let (res, _) = lab(&app, "POST", "/learn/lab/rotate-key", None, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_ne!(app.state.keys.signing_kid(), kid);
    let (again, _) = lab(&app, "POST", "/learn/lab/rotate-key", None, None).await;
    assert_eq!(
        again.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        again.body
    );
    let wait: u64 = again
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=10).contains(&wait), "{wait}");
    assert!(again.body.contains("Try again in"), "{}", again.body);
}

#[tokio::test]
async fn in_demo_mode_a_rotation_keeps_old_tokens_valid_and_is_spaced_out() {
    let app = spawn_app_with(&[("DEMO_MODE", "true")]).await;
    let old = app.api_login(ALICE).await;
    let (res, _) = lab(&app, "POST", "/learn/lab/rotate-key", None, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let rotation: Value = res.json();
    assert_ne!(rotation["old_kid"], rotation["new_kid"]);
    let kids = app.jwks_kids().await;
    assert!(kids.iter().any(|k| rotation["old_kid"] == k.as_str()));
    assert!(kids.iter().any(|k| rotation["new_kid"] == k.as_str()));
    assert_eq!(
        app.me(old["access_token"].as_str().unwrap()).await.status,
        StatusCode::OK
    );
    let (again, _) = lab(&app, "POST", "/learn/lab/rotate-key", None, None).await;
    assert_eq!(
        again.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        again.body
    );
    app.execute("UPDATE signing_keys SET retired_at = retired_at - 60")
        .await;
    let (later, _) = lab(&app, "POST", "/learn/lab/rotate-key", None, None).await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.body);
}

/// The labs sign in with a throwaway account per learner, never a shared one; it stops signing in
/// at its expiry and the cleanup then deletes it with its cart, orders and sign-ins, and nothing else.
#[tokio::test]
async fn lab_accounts_are_each_learners_own_expire_and_are_cleaned_up_with_their_data() {
    let app = spawn_app().await;
    let (one, _) = lab(&app, "POST", "/learn/lab/account", None, None).await;
    let (two, _) = lab(&app, "POST", "/learn/lab/account", None, None).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    let (one, two): (Value, Value) = (one.json(), two.json());
    assert_ne!(one["email"], two["email"], "two learners, two accounts");
    let email = one["email"].as_str().unwrap().to_string();
    assert!(email.starts_with("learner-"), "{email}");
    let expires_at = one["expires_at"].as_i64().unwrap();
    let now = tokenshop::server::clock::now_unix();
    assert!(
        (now + 7190..=now + 7210).contains(&expires_at),
        "two hours: {expires_at}"
    );

    // It works like any account: sign in, fill the cart, check out.
    let login = (email.as_str(), one["password"].as_str().unwrap());
    let token = bearer(&s(&app.api_login(login).await, "access_token"));
    let tea = app.product_id("earl-grey").await;
    let body = json!({ "product_id": tea, "quantity": 1 });
    for path in ["/api/v1/cart/items", "/api/v1/checkout"] {
        let body = (path == "/api/v1/cart/items").then(|| body.clone());
        let res = app.api_as("POST", path, body, &token).await;
        assert!(res.status.is_success(), "{path}: {}", res.body);
    }
    app.api_as("POST", "/api/v1/cart/items", Some(body), &token)
        .await;
    let owned = |table: &str| {
        format!("SELECT COUNT(*) FROM {table} t JOIN users u ON u.id = t.user_id WHERE u.email = '{email}'")
    };
    for table in ["orders", "carts", "refresh_families"] {
        assert_eq!(app.scalar(&owned(table)).await, 1, "{table}");
    }
    let users_before = app.scalar("SELECT COUNT(*) FROM users").await;

    // Before its expiry the cleanup leaves it alone.
    let db = &app.state.db;
    let deleted =
        tokenshop::server::db::users::delete_expired_lab_accounts(db, expires_at - 1).await;
    assert_eq!(deleted.unwrap(), 0);

    // Past its expiry it can no longer sign in, even before the cleanup has run.
    app.execute(&format!(
        "UPDATE users SET lab_expires_at = {} WHERE email = '{email}'",
        now - 1
    ))
    .await;
    let res = app
        .api(
            "POST",
            "/api/v1/auth/login",
            Some(json!({ "email": login.0, "password": login.1 })),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);

    // The cleanup deletes it and what it made; the other learner's and the demo accounts stay.
    let deleted = tokenshop::server::db::users::delete_expired_lab_accounts(db, now).await;
    assert_eq!(deleted.unwrap(), 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users").await,
        users_before - 1
    );
    for table in ["orders", "carts", "refresh_families"] {
        assert_eq!(app.scalar(&owned(table)).await, 0, "{table}");
    }
    let orphans = "SELECT COUNT(*) FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = l.order_id)";
    assert_eq!(app.scalar(orphans).await, 0);
    for kept in [two["email"].as_str().unwrap(), ALICE.0, BOB.0] {
        let n = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM users WHERE email = '{kept}'"
            ))
            .await;
        assert_eq!(n, 1, "{kept}");
    }
}

/// The partner site fills its login with a lab account of its own, asked for by its own page only.
#[tokio::test]
async fn the_partner_page_gets_a_lab_account_and_no_other_site_can_ask_for_one() {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;
    let app = spawn_app().await;
    let partner = tokenshop::server::partner::router(&app.state);
    // What a browser sends: its page's origin, and whether that is this origin.
    let ask = |origin: &str, site: &str| {
        Request::post("/lab-account")
            .header("origin", origin)
            .header("sec-fetch-site", site)
            .body(Body::empty())
            .unwrap()
    };
    let own = app.state.config.partner_origin.clone();
    let res = partner
        .clone()
        .oneshot(ask(&own, "same-origin"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let account: Value = serde_json::from_slice(&body).unwrap();
    let email = account["email"].as_str().unwrap();
    assert!(email.starts_with("learner-"), "{email}");
    let login = app
        .api_login((email, account["password"].as_str().unwrap()))
        .await;
    assert!(login["access_token"].is_string(), "{login}");

    let users = app.scalar("SELECT COUNT(*) FROM users").await;
    let res = partner
        .oneshot(ask("https://evil.example", "cross-site"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users").await,
        users,
        "nothing made"
    );
}
