//! The authorization server: RFC 6749 §4.1 with RFC 7636 PKCE, as OAuth 2.1 and RFC 9700 profile
//! it, RFC 9207 `iss`, RFC 8414 metadata, RFC 9068 claims and RFC 6750 §3.1 scope refusals.

use crate::common::*;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use std::collections::HashMap;
use tokenshop::server::crypto::{b64url, sha256};

const VERIFIER: &str = "a-verifier-of-the-partner-that-is-long-enough-0123456789";

fn challenge(verifier: &str) -> String {
    b64url(&sha256(verifier.as_bytes()))
}

fn redirect_uri(app: &TestApp) -> String {
    format!(
        "{}/callback",
        app.state.config.partner_origin.trim_end_matches('/')
    )
}

fn authorize_query(app: &TestApp, scope: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut q: Vec<(String, String)> = [
        ("response_type", "code".to_string()),
        ("client_id", "partner".to_string()),
        ("redirect_uri", redirect_uri(app)),
        ("scope", scope.to_string()),
        ("state", "xyz-state".to_string()),
        ("code_challenge", challenge(VERIFIER)),
        ("code_challenge_method", "S256".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (k, v) in extra {
        q.retain(|(name, _)| name != k);
        if !v.is_empty() {
            q.push((k.to_string(), v.to_string()));
        }
    }
    q
}

fn url(q: &[(String, String)]) -> String {
    format!(
        "/oauth/authorize?{}",
        serde_urlencoded::to_string(q).unwrap()
    )
}

/// The query parameters of a redirect's `Location`.
fn location_params(res: &Resp) -> (String, HashMap<String, String>) {
    let location = res.header("location").expect("a Location");
    let (base, query) = location.split_once('?').unwrap_or((&location, ""));
    (base.to_string(), serde_urlencoded::from_str(query).unwrap())
}

async fn signed_in(app: &TestApp) -> Browser<'_> {
    let mut browser = app.browser();
    let res = browser.login(ALICE.0, ALICE.1).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    browser
}

/// Allows the partner `scope` and returns the code from the redirect.
async fn allow(browser: &mut Browser<'_>, scope: &str) -> String {
    let q = authorize_query(browser.app, scope, &[]);
    let page = browser.get(&url(&q)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let mut fields: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.push(("decision", "allow"));
    let res = browser.post("/oauth/authorize", &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let (_, params) = location_params(&res);
    params["code"].clone()
}

async fn token_request(app: &TestApp, fields: &[(&str, &str)], origin: Option<&str>) -> Resp {
    let mut b = Request::post("/oauth/token")
        .header(header::HOST, "localhost:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        b = b.header(header::ORIGIN, o);
    }
    app.send(b.body(Body::from(form(fields))).unwrap()).await
}

async fn redeem(app: &TestApp, code: &str, verifier: &str) -> Resp {
    let redirect = redirect_uri(app);
    token_request(
        app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "partner"),
            ("code", code),
            ("redirect_uri", &redirect),
            ("code_verifier", verifier),
        ],
        None,
    )
    .await
}

/// A granted token pair for `scope`.
async fn granted(app: &TestApp, scope: &str) -> serde_json::Value {
    let mut browser = signed_in(app).await;
    let code = allow(&mut browser, scope).await;
    let res = redeem(app, &code, VERIFIER).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

fn error_of(res: &Resp) -> String {
    let body: serde_json::Value = res.json();
    s(&body, "error")
}

#[tokio::test]
async fn rfc8414_metadata_names_the_endpoints_and_s256_only() {
    let app = spawn_app().await;
    let res = app
        .api("GET", "/.well-known/oauth-authorization-server", None, &[])
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let m: serde_json::Value = res.json();
    let issuer = app.state.config.public_origin.clone();
    assert_eq!(m["issuer"], issuer.as_str());
    assert_eq!(
        m["authorization_endpoint"],
        format!("{issuer}/oauth/authorize")
    );
    assert_eq!(m["token_endpoint"], format!("{issuer}/oauth/token"));
    assert_eq!(
        m["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    assert_eq!(
        m["grant_types_supported"],
        serde_json::json!(["authorization_code", "refresh_token"])
    );
    assert_eq!(m["response_types_supported"], serde_json::json!(["code"]));
    assert_eq!(
        m["scopes_supported"],
        serde_json::json!(["profile", "cart", "orders"])
    );
    assert_eq!(m["authorization_response_iss_parameter_supported"], true);
}

#[tokio::test]
async fn a_visitor_without_a_session_is_sent_to_the_shops_login_and_back() {
    let app = spawn_app().await;
    let q = authorize_query(&app, "cart", &[]);
    let res = app.get(&url(&q), None).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let (base, params) = location_params(&res);
    assert_eq!(base, "/login");
    assert_eq!(params["next"], url(&q));
}

#[tokio::test]
async fn rfc6749_4_1_the_whole_flow_consent_code_state_iss_and_scoped_tokens() {
    let app = spawn_app().await;
    let mut browser = signed_in(&app).await;
    let q = authorize_query(&app, "orders cart", &[]);
    let page = browser.get(&url(&q)).await;
    assert_eq!(page.status, StatusCode::OK);
    // The consent page says who asks and for what, in words, and works as a plain form.
    assert!(page.body.contains("Partner site"), "{}", page.body);
    assert!(page.body.contains("see and change your cart"));
    assert!(page.body.contains("see your orders and place orders"));
    assert!(!page.body.contains("see your email address"));
    assert!(page
        .body
        .contains("<form method=\"post\" action=\"/oauth/authorize\""));
    assert!(!page.body.contains("<script"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains(&format!(
            "form-action 'self' {}",
            app.state.config.partner_origin.trim_end_matches('/')
        )),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));

    let mut fields: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.push(("decision", "allow"));
    let res = browser.post("/oauth/authorize", &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let (base, params) = location_params(&res);
    assert_eq!(base, redirect_uri(&app));
    // RFC 6749 §4.1.2: state echoed; RFC 9207 §2: iss names this server.
    assert_eq!(params["state"], "xyz-state");
    assert_eq!(params["iss"], app.state.config.public_origin);
    let code = &params["code"];
    assert!(code.len() >= 43);

    let res = redeem(&app, code, VERIFIER).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // RFC 6749 §5.1: never cached.
    assert_eq!(res.header("cache-control").as_deref(), Some("no-store"));
    let tokens: serde_json::Value = res.json();
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["scope"], "cart orders");
    assert!(tokens["refresh_token"].is_string());
    // RFC 9068 §2.2: client_id and scope in the token; no email without `profile`.
    let claims = jwt_payload(&s(&tokens, "access_token"));
    assert_eq!(claims["client_id"], "partner");
    assert_eq!(claims["scope"], "cart orders");
    assert!(claims.get("email").is_none(), "{claims}");
    let auth = bearer(&s(&tokens, "access_token"));
    assert_eq!(
        app.api_as("GET", "/api/v1/cart", None, &auth).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.api_as("GET", "/api/v1/orders", None, &auth)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn rfc6750_3_1_a_partner_token_cannot_do_what_the_user_did_not_allow() {
    let app = spawn_app().await;
    let tokens = granted(&app, "profile").await;
    let auth = bearer(&s(&tokens, "access_token"));
    let me = app.api_as("GET", "/api/v1/me", None, &auth).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    let product = app.product_id("earl-grey").await.to_string();
    let item = serde_json::json!({ "product_id": product.parse::<i64>().unwrap(), "quantity": 1 });
    // Every operation outside `profile`, with the scope the OpenAPI document says it needs.
    let refused = [
        ("GET", "/api/v1/cart".to_string(), None, "cart"),
        ("POST", "/api/v1/cart/items".to_string(), Some(item), "cart"),
        (
            "PUT",
            format!("/api/v1/cart/items/{product}"),
            Some(serde_json::json!({ "quantity": 2 })),
            "cart",
        ),
        (
            "DELETE",
            format!("/api/v1/cart/items/{product}"),
            None,
            "cart",
        ),
        ("POST", "/api/v1/checkout".to_string(), None, "orders"),
        ("GET", "/api/v1/orders".to_string(), None, "orders"),
        ("GET", "/api/v1/orders/1".to_string(), None, "orders"),
        ("GET", "/api/v1/account".to_string(), None, "account"),
        ("GET", "/api/v1/sessions".to_string(), None, "account"),
        (
            "POST",
            "/api/v1/sessions/end-others".to_string(),
            None,
            "account",
        ),
        (
            "DELETE",
            "/api/v1/sessions/token-x".to_string(),
            None,
            "account",
        ),
    ];
    for (method, path, body, scope) in refused {
        let res = app
            .api(method, &path, body, &[("authorization", &auth)])
            .await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "{method} {path}: {}",
            res.body
        );
        let challenge = res.header("www-authenticate").unwrap();
        assert_eq!(
            challenge,
            format!(r#"Bearer realm="tokenshop", error="insufficient_scope", scope="{scope}""#),
            "{method} {path}"
        );
        let problem: serde_json::Value = res.json();
        assert_eq!(problem["type"], "/api/v1/problems/insufficient-scope");
    }
    // The shop's own sign-in keeps every operation.
    let own = app.api_login(ALICE).await;
    let own = bearer(&s(&own, "access_token"));
    assert_eq!(
        app.api_as("GET", "/api/v1/sessions", None, &own)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn rfc6749_4_1_2_1_an_unknown_client_or_inexact_redirect_uri_is_never_redirected_to() {
    let app = spawn_app().await;
    let mut browser = signed_in(&app).await;
    let exact = redirect_uri(&app);
    let (slash, query, longer, upper) = (
        format!("{exact}/"),
        format!("{exact}?x=1"),
        exact.replace("/callback", "/callbackx"),
        exact.to_uppercase(),
    );
    let cases = [
        vec![("client_id", "stranger")],
        vec![("client_id", "")],
        vec![("redirect_uri", "https://attacker.example/callback")],
        vec![("redirect_uri", slash.as_str())],
        vec![("redirect_uri", query.as_str())],
        vec![("redirect_uri", longer.as_str())],
        vec![("redirect_uri", upper.as_str())],
        vec![("redirect_uri", "")],
    ];
    for extra in cases {
        let q = authorize_query(&app, "cart", &extra);
        let res = browser.get(&url(&q)).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{extra:?}");
        assert!(res.header("location").is_none(), "{extra:?}");
        assert!(
            res.body.contains("data-testid=\"oauth-refused\""),
            "{extra:?}"
        );
        let mut fields: Vec<(&str, &str)> =
            q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        fields.push(("decision", "allow"));
        let res = browser.post("/oauth/authorize", &fields).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{extra:?}");
        assert!(res.header("location").is_none(), "{extra:?}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM oauth_codes").await, 0);
}

#[tokio::test]
async fn rfc7636_pkce_s256_is_required_and_plain_refused_before_any_code_exists() {
    let app = spawn_app().await;
    let mut browser = signed_in(&app).await;
    let cases = [
        (vec![("code_challenge", "")], "invalid_request"),
        (vec![("code_challenge_method", "")], "invalid_request"),
        (
            vec![
                ("code_challenge_method", "plain"),
                ("code_challenge", VERIFIER),
            ],
            "invalid_request",
        ),
        (vec![("code_challenge", "too-short")], "invalid_request"),
        (
            vec![("response_type", "token")],
            "unsupported_response_type",
        ),
        (vec![("scope", "cart admin")], "invalid_scope"),
        (vec![("scope", "account")], "invalid_scope"),
        (vec![("scope", "")], "invalid_scope"),
    ];
    for (extra, error) in cases {
        let q = authorize_query(&app, "cart", &extra);
        let res = browser.get(&url(&q)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{extra:?}: {}", res.body);
        let (base, params) = location_params(&res);
        assert_eq!(base, redirect_uri(&app));
        assert_eq!(params["error"], error, "{extra:?}");
        assert_eq!(params["state"], "xyz-state");
        assert_eq!(params["iss"], app.state.config.public_origin);
        assert!(!params.contains_key("code"));
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM oauth_codes").await, 0);
}

#[tokio::test]
async fn rfc7636_4_6_a_wrong_or_missing_verifier_is_invalid_grant_and_does_not_spend_the_code() {
    let app = spawn_app().await;
    let mut browser = signed_in(&app).await;
    let code = allow(&mut browser, "cart").await;
    let wrong = redeem(
        &app,
        &code,
        "another-verifier-that-is-long-enough-0123456789",
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&wrong), "invalid_grant");
    let redirect = redirect_uri(&app);
    let missing = token_request(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "partner"),
            ("code", &code),
            ("redirect_uri", &redirect),
        ],
        None,
    )
    .await;
    assert_eq!(error_of(&missing), "invalid_request");
    let elsewhere = token_request(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "partner"),
            ("code", &code),
            ("redirect_uri", "https://attacker.example/callback"),
            ("code_verifier", VERIFIER),
        ],
        None,
    )
    .await;
    assert_eq!(error_of(&elsewhere), "invalid_grant");
    // The thief's attempts did not burn it: the partner, with its verifier, still gets tokens.
    let res = redeem(&app, &code, VERIFIER).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

#[tokio::test]
async fn rfc6749_4_1_2_a_code_presented_twice_is_refused_and_its_tokens_revoked() {
    let app = spawn_app().await;
    let mut browser = signed_in(&app).await;
    let code = allow(&mut browser, "cart").await;
    let first: serde_json::Value = redeem(&app, &code, VERIFIER).await.json();
    let auth = bearer(&s(&first, "access_token"));
    assert_eq!(
        app.api_as("GET", "/api/v1/cart", None, &auth).await.status,
        StatusCode::OK
    );

    let again = redeem(&app, &code, VERIFIER).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&again), "invalid_grant");
    // Every token issued from it stops working: the access token at once, the refresh token too.
    let res = app.api_as("GET", "/api/v1/cart", None, &auth).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    let refresh = token_request(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "partner"),
            ("refresh_token", &s(&first, "refresh_token")),
        ],
        None,
    )
    .await;
    assert_eq!(error_of(&refresh), "invalid_grant");
}

#[tokio::test]
async fn rfc6749_4_1_2_a_code_expires_within_60_seconds() {
    let app = spawn_app().await;
    let mut browser = signed_in(&app).await;
    let code = allow(&mut browser, "cart").await;
    let lifetime = app
        .scalar("SELECT expires_at - created_at FROM oauth_codes")
        .await;
    assert!(lifetime <= 60, "{lifetime}");
    app.execute("UPDATE oauth_codes SET expires_at = created_at - 1")
        .await;
    let res = redeem(&app, &code, VERIFIER).await;
    assert_eq!(error_of(&res), "invalid_grant");
    assert!(res.body.contains("expired"), "{}", res.body);
}

#[tokio::test]
async fn rfc6749_6_refresh_rotates_keeps_the_scope_and_is_bound_to_the_client() {
    let app = spawn_app().await;
    let tokens = granted(&app, "cart").await;
    let old = s(&tokens, "refresh_token");
    // Not at the first-party endpoint: a partner's refresh token is the partner's.
    let wrong_door = app
        .api(
            "POST",
            "/api/v1/auth/refresh",
            Some(serde_json::json!({ "refresh_token": old })),
            &[],
        )
        .await;
    assert_eq!(
        wrong_door.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        wrong_door.body
    );
    let res = token_request(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "partner"),
            ("refresh_token", &old),
        ],
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let next: serde_json::Value = res.json();
    assert_eq!(next["scope"], "cart");
    assert_ne!(next["refresh_token"], tokens["refresh_token"]);
    assert_eq!(jwt_payload(&s(&next, "access_token"))["scope"], "cart");
    // And a first-party refresh token is not the partner's.
    let own = app.api_login(ALICE).await;
    let res = token_request(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "partner"),
            ("refresh_token", &s(&own, "refresh_token")),
        ],
        None,
    )
    .await;
    assert_eq!(error_of(&res), "invalid_grant");
}

#[tokio::test]
async fn rfc6749_5_2_token_endpoint_errors() {
    let app = spawn_app().await;
    let unknown = token_request(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "stranger"),
        ],
        None,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_of(&unknown), "invalid_client");
    let password = token_request(
        &app,
        &[
            ("grant_type", "password"),
            ("client_id", "partner"),
            ("username", ALICE.0),
            ("password", ALICE.1),
        ],
        None,
    )
    .await;
    assert_eq!(error_of(&password), "unsupported_grant_type");
    let twice = token_request(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("grant_type", "refresh_token"),
            ("client_id", "partner"),
        ],
        None,
    )
    .await;
    assert_eq!(error_of(&twice), "invalid_request");
    let unknown_code = redeem(&app, "no-such-code", VERIFIER).await;
    assert_eq!(error_of(&unknown_code), "invalid_grant");
    assert_eq!(
        unknown_code.header("cache-control").as_deref(),
        Some("no-store")
    );
    let json = app
        .api(
            "POST",
            "/oauth/token",
            Some(serde_json::json!({ "grant_type": "refresh_token" })),
            &[],
        )
        .await;
    assert_eq!(json.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&json), "invalid_request");
}

#[tokio::test]
async fn the_token_endpoints_cors_answers_only_the_registered_clients_origin() {
    let app = spawn_app().await;
    let partner = app
        .state
        .config
        .partner_origin
        .trim_end_matches('/')
        .to_string();
    let res = token_request(
        &app,
        &[("grant_type", "refresh_token"), ("client_id", "partner")],
        Some(&partner),
    )
    .await;
    assert_eq!(
        res.header("access-control-allow-origin").as_deref(),
        Some(partner.as_str())
    );
    assert!(res.header("access-control-allow-credentials").is_none());
    let res = token_request(
        &app,
        &[("grant_type", "refresh_token"), ("client_id", "partner")],
        Some("https://attacker.example"),
    )
    .await;
    assert!(res.header("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn a_forged_consent_from_another_site_is_refused_and_deny_says_access_denied() {
    let app = spawn_app().await;
    let mut browser = signed_in(&app).await;
    let q = authorize_query(&app, "cart", &[]);
    let mut fields: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.push(("decision", "allow"));
    let mut forged =
        TestApp::post_request("/oauth/authorize", form(&fields), browser.cookie.as_deref());
    forged
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    let res = app.send(forged).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM oauth_codes").await, 0);

    fields.pop();
    fields.push(("decision", "deny"));
    let res = browser.post("/oauth/authorize", &fields).await;
    let (_, params) = location_params(&res);
    assert_eq!(params["error"], "access_denied");
    assert_eq!(params["state"], "xyz-state");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM oauth_codes").await, 0);
}

#[tokio::test]
async fn the_account_page_lists_the_partners_grant_and_ending_it_stops_its_tokens_at_once() {
    let app = spawn_app().await;
    let mut browser = signed_in(&app).await;
    let code = allow(&mut browser, "orders cart").await;
    let tokens: serde_json::Value = redeem(&app, &code, VERIFIER).await.json();
    let auth = bearer(&s(&tokens, "access_token"));
    let own = app.api_login(ALICE).await;
    let grant = app.granted_sign_in(&s(&own, "access_token")).await;
    assert_eq!(grant["granted_to"], "Partner site — cart, orders");
    let page = browser.get("/account").await;
    assert!(
        page.body.contains("Partner site — cart, orders"),
        "the account page names it"
    );
    assert!(page.body.contains("data-kind=\"grant\""));

    let id = s(&grant, "id");
    let res = browser.post("/fn/signins/end", &[("id", &id)]).await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    let res = app.api_as("GET", "/api/v1/cart", None, &auth).await;
    assert_eq!(
        res.status,
        StatusCode::UNAUTHORIZED,
        "the partner's next call: {}",
        res.body
    );
    let refresh = token_request(
        &app,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "partner"),
            ("refresh_token", &s(&tokens, "refresh_token")),
        ],
        None,
    )
    .await;
    assert_eq!(error_of(&refresh), "invalid_grant");
    // The shop's own API sign-in, ended the same way, keeps its access token until `exp`: the
    // JWT lesson is unchanged for first-party tokens.
    let own_auth = bearer(&s(&own, "access_token"));
    assert_eq!(
        app.api_as("GET", "/api/v1/cart", None, &own_auth)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_authorization_servers_own_document_describes_its_token_endpoint_and_metadata() {
    let app = spawn_app().await;
    let doc: serde_json::Value = app
        .api("GET", "/oauth/openapi.json", None, &[])
        .await
        .json();
    let token = &doc["paths"]["/oauth/token"]["post"];
    assert!(
        token["requestBody"]["content"]["application/x-www-form-urlencoded"].is_object(),
        "{token}"
    );
    for status in ["200", "400", "401", "500", "503"] {
        assert!(token["responses"][status].is_object(), "{status}");
    }
    assert!(doc["paths"]["/.well-known/oauth-authorization-server"]["get"].is_object());
    // The JSON API's document stays the API's alone: its operations all answer problem documents.
    let api: serde_json::Value = app
        .api("GET", "/api/v1/openapi.json", None, &[])
        .await
        .json();
    assert!(api["paths"].get("/oauth/token").is_none());
}
