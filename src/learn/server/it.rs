//! What every lab shares on the server: lab accounts are each learner's own and expire, the page's
//! cookie jar never reads the browser's own cookie, and the attacker's collector takes drops from
//! this machine only. (Compiled into `tests/it`.)

use crate::common::*;
use crate::learn_kit::lab;
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode},
};
use serde_json::{json, Value};
use std::net::SocketAddr;
use tower::ServiceExt;

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

#[tokio::test]
async fn the_attackers_collector_takes_lab_drops_from_this_machine_only() {
    let app = spawn_app().await;
    let partner =
        tokenshop::partner::router(&app.state, tokenshop::learn::server::partner_routes());
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

/// The loot by navigation: when the page's connect-src refuses the injected script's fetch, it
/// opens a window on the collector with the loot in the URL (no CSP directive governs navigation;
/// `navigate-to` never shipped). The collector takes it by GET, under the same checks as the POST.
#[tokio::test]
async fn the_collector_takes_loot_by_navigation_under_the_same_checks() {
    let app = spawn_app().await;
    let partner =
        tokenshop::partner::router(&app.state, tokenshop::learn::server::partner_routes());
    let drop = "fedcba9876543210fedcba9876543210";
    let items =
        json!([{ "from": "sessionStorage", "kind": "refresh", "value": "r-stolen" }]).to_string();
    let navigate = |peer: [u8; 4], items: &str| {
        let query = serde_urlencoded::to_string([("items", items)]).unwrap();
        let mut req = Request::get(format!("/attacker/collect/{drop}?{query}"))
            .body(Body::empty())
            .unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((peer, 40000))));
        req
    };
    let res = partner
        .clone()
        .oneshot(navigate([203, 0, 113, 9], &items))
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "from another machine: refused"
    );
    let res = partner
        .clone()
        .oneshot(navigate([127, 0, 0, 1], "not json"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = partner
        .clone()
        .oneshot(navigate([127, 0, 0, 1], &items))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let kept = app
        .api("GET", &format!("/learn/lab/xss/attacker/{drop}"), None, &[])
        .await;
    assert_eq!(
        kept.json::<Value>(),
        json!([{ "from": "sessionStorage", "kind": "refresh", "value": "r-stolen" }])
    );
    // The lab page's strict CSP stops fetches to the collector's origin, and nothing more.
    let page = app.get("/learn/where-to-keep-it", None).await;
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(!csp.contains("navigate-to"), "{csp}");
}

/// A classroom behind one address: thirty learners, thirty lab accounts, and the address's
/// sign-up budget untouched by them (nor theirs by sign-ups); past the lab budget, a 429 that says
/// the wait in words and what still works.
#[tokio::test]
async fn lab_accounts_are_counted_apart_from_sign_ups_with_a_budget_for_a_classroom() {
    let app = spawn_app_with(&[("SIGNUP_MAX_PER_ADDRESS", "2")]).await;
    for learner in 0..30 {
        let (res, _) = lab(&app, "POST", "/learn/lab/account", None, None).await;
        assert_eq!(
            res.status,
            StatusCode::OK,
            "learner {learner}: {}",
            res.body
        );
    }
    for n in 0..2 {
        let body = json!({ "email": format!("real-{n}@example.com"), "password": "long enough" });
        let res = app
            .api("POST", "/api/v1/auth/register", Some(body), &[])
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "sign-up {n}: {}", res.body);
    }

    let small = spawn_app_with(&[("LAB_ACCOUNT_MAX_PER_ADDRESS", "3")]).await;
    for _ in 0..3 {
        let (res, _) = lab(&small, "POST", "/learn/lab/account", None, None).await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let (refused, _) = lab(&small, "POST", "/learn/lab/account", None, None).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.header("retry-after").is_some());
    let detail = refused.json::<Value>()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(detail.contains("3 lab accounts"), "{detail}");
    assert!(
        detail.contains("Try again in ") && !detail.contains("seconds"),
        "{detail}"
    );
    assert!(detail.contains("keeps working"), "{detail}");
}

/// A lab's short sign-in (lesson 1 watches both end, lesson 7 replays until exp): the session
/// ends at the latest `SHORT_SESSION` after it began and the access token lasts `SHORT_ACCESS`,
/// whatever the shop is configured with — and only for a lab account.
#[tokio::test]
async fn a_short_lab_sign_in_ends_within_seconds_and_is_for_lab_accounts_only() {
    use tokenshop::learn::server::lab::{SHORT_ACCESS, SHORT_SESSION};
    let app = spawn_app().await;
    let (email, password) = crate::learn_kit::lab_account(&app).await;
    let creds = json!({ "email": email, "password": password });

    let (token, _) = lab(
        &app,
        "POST",
        "/learn/lab/short/token",
        Some(creds.clone()),
        None,
    )
    .await;
    assert_eq!(token.status, StatusCode::OK, "{}", token.body);
    let tokens: Value = token.json();
    assert_eq!(tokens["expires_in"].as_u64(), Some(SHORT_ACCESS.as_secs()));
    let access = s(&tokens, "access_token");
    let claims = tokenshop::server::token::introspect::unverified_parts(&access)
        .1
        .unwrap();
    let lasts = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(
        lasts,
        SHORT_ACCESS.as_secs() as i64,
        "the token itself says so"
    );
    assert_eq!(app.me(&access).await.status, StatusCode::OK);
    // Its refresh gets the configured lifetime again: only the lab's own sign-in is short.
    let refreshed = app
        .api(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({ "refresh_token": s(&tokens, "refresh_token") })),
            &[],
        )
        .await;
    assert_eq!(
        refreshed.json::<Value>()["expires_in"].as_u64(),
        Some(app.state.config.access_ttl.as_secs())
    );

    let (login, cookie) = lab(
        &app,
        "POST",
        "/learn/lab/short/cookie/login",
        Some(creds),
        None,
    )
    .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    let cookie = cookie.expect("a session cookie in the lab's jar");
    let (who, _) = lab(
        &app,
        "GET",
        "/learn/lab/short/cookie/whoami",
        None,
        Some(&cookie),
    )
    .await;
    assert_eq!(who.status, StatusCode::OK, "{}", who.body);
    // Age the session past its short lifetime, as the clock would: it began that long ago.
    let ended = tokenshop::server::clock::now_unix() - SHORT_SESSION.as_secs() as i64 - 1;
    backdate_session(&app, &cookie, ended).await;
    let (who, _) = lab(
        &app,
        "GET",
        "/learn/lab/short/cookie/whoami",
        None,
        Some(&cookie),
    )
    .await;
    assert_eq!(who.status, StatusCode::UNAUTHORIZED, "{}", who.body);

    for demo in [ALICE, BOB] {
        let creds = json!({ "email": demo.0, "password": demo.1 });
        for path in ["/learn/lab/short/token", "/learn/lab/short/cookie/login"] {
            let (res, _) = lab(&app, "POST", path, Some(creds.clone()), None).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}: {}", res.body);
            assert!(res.body.contains("lab accounts"), "{}", res.body);
        }
    }
}

/// Moves the start (and last sight) of the session `cookie` names back to `at`, as if it had
/// begun then.
async fn backdate_session(app: &TestApp, cookie: &str, at: i64) {
    use tower_sessions::{session::Id, SessionStore};
    let id: Id = cookie.split_once('=').unwrap().1.parse().unwrap();
    let store = &app.state.sessions;
    let mut record = store.load(&id).await.unwrap().expect("the session");
    for key in ["started_at", "last_seen"] {
        if record.data.contains_key(key) {
            record.data.insert(key.into(), json!(at));
        }
    }
    store.save(&record).await.unwrap();
}
