//! Access-token validation: every forged, expired, mistyped or oversized token is a 401.

use crate::common::*;
use axum::http::StatusCode;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use ed25519_dalek::Signer;
use serde_json::{json, Value};
use tokenshop::server::clock::now_unix;

struct Key {
    kid: String,
    seed: [u8; 32],
    public: Vec<u8>,
}

async fn active_key(app: &TestApp) -> Key {
    let (kid, seed, public): (String, Vec<u8>, Vec<u8>) = tokenshop::on_db!(&app.state.db, |p| {
        sqlx::query_as(
            "SELECT kid, private_seed, public_key FROM signing_keys WHERE retired_at IS NULL",
        )
        .fetch_one(p)
        .await
    })
    .unwrap();
    Key {
        kid,
        seed: seed.try_into().unwrap(),
        public,
    }
}

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

/// Signs any header and claims with the shop's own private key, so only the field under test is wrong.
fn forge(key: &Key, header: Value, claims: Value) -> String {
    let input = format!("{}.{}", b64(&header), b64(&claims));
    let sig = ed25519_dalek::SigningKey::from_bytes(&key.seed).sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
}

fn header(key: &Key) -> Value {
    json!({ "alg": "EdDSA", "typ": "at+jwt", "kid": key.kid })
}

fn claims(app: &TestApp) -> Value {
    let now = now_unix();
    json!({
        "iss": app.state.config.public_origin, "aud": "tokenshop-api", "sub": "1",
        "iat": now, "nbf": now, "exp": now + 60, "jti": "test-jti", "kind": "access",
    })
}

async fn status_of(app: &TestApp, token: &str) -> StatusCode {
    app.me(token).await.status
}

#[tokio::test]
async fn a_correctly_forged_token_is_accepted_so_the_other_tests_mean_something() {
    let app = spawn_app().await;
    let key = active_key(&app).await;
    let res = app.me(&forge(&key, header(&key), claims(&app))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let me: Value = res.json();
    assert_eq!(me["email"], ALICE.0);
}

#[tokio::test]
async fn expired_and_not_yet_valid_tokens_are_refused() {
    let app = spawn_app().await;
    let key = active_key(&app).await;
    let now = now_unix();
    let mut c = claims(&app);
    c["exp"] = json!(now - 10);
    let res = app.me(&forge(&key, header(&key), c)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let problem: Value = res.json();
    assert_eq!(problem["type"], "/api/v1/problems/invalid-token");
    assert_eq!(problem["reason"], "expired");
    assert_eq!(
        res.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    assert!(res
        .header("www-authenticate")
        .unwrap()
        .contains("invalid_token"));

    let mut c = claims(&app);
    c["nbf"] = json!(now + 120);
    assert_eq!(
        status_of(&app, &forge(&key, header(&key), c)).await,
        StatusCode::UNAUTHORIZED
    );
    let mut c = claims(&app);
    c["iat"] = json!(now + 120);
    assert_eq!(
        status_of(&app, &forge(&key, header(&key), c)).await,
        StatusCode::UNAUTHORIZED,
        "issued in the future"
    );
}

#[tokio::test]
async fn alg_none_in_any_capitalisation_is_refused() {
    let app = spawn_app().await;
    let key = active_key(&app).await;
    for alg in ["none", "None", "NONE", "nOnE"] {
        let h = json!({ "alg": alg, "typ": "at+jwt", "kid": key.kid });
        for token in [
            format!("{}.{}.", b64(&h), b64(&claims(&app))),
            format!("{}.{}", b64(&h), b64(&claims(&app))),
        ] {
            assert_eq!(
                status_of(&app, &token).await,
                StatusCode::UNAUTHORIZED,
                "{alg}"
            );
        }
    }
}

#[tokio::test]
async fn an_hs256_token_signed_with_the_public_key_is_refused() {
    // The attacker's own HS256 signer: the shop's jsonwebtoken has no HMAC at all.
    use hmac::{Hmac, Mac};
    let app = spawn_app().await;
    let key = active_key(&app).await;
    let jwk_x = URL_SAFE_NO_PAD.encode(&key.public);
    let header = json!({ "alg": "HS256", "typ": "at+jwt", "kid": key.kid });
    let input = format!("{}.{}", b64(&header), b64(&claims(&app)));
    for secret in [key.public.clone(), jwk_x.into_bytes()] {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&secret).unwrap();
        mac.update(input.as_bytes());
        let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        let token = format!("{input}.{sig}");
        assert_eq!(status_of(&app, &token).await, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn tokens_missing_a_required_claim_or_with_wrong_values_are_refused() {
    let app = spawn_app().await;
    let key = active_key(&app).await;
    for missing in ["aud", "iss", "exp", "nbf", "iat", "sub", "jti", "kind"] {
        let mut c = claims(&app);
        c.as_object_mut().unwrap().remove(missing);
        assert_eq!(
            status_of(&app, &forge(&key, header(&key), c)).await,
            StatusCode::UNAUTHORIZED,
            "without {missing}"
        );
    }
    for (claim, value) in [
        ("aud", json!("someone-else")),
        ("iss", json!("https://evil.example")),
        ("kind", json!("refresh")),
    ] {
        let mut c = claims(&app);
        c[claim] = value;
        assert_eq!(
            status_of(&app, &forge(&key, header(&key), c)).await,
            StatusCode::UNAUTHORIZED,
            "{claim}"
        );
    }
    // Right claims, but no kid or another typ in the header.
    let h = json!({ "alg": "EdDSA", "typ": "at+jwt" });
    assert_eq!(
        status_of(&app, &forge(&key, h, claims(&app))).await,
        StatusCode::UNAUTHORIZED
    );
    let h = json!({ "alg": "EdDSA", "typ": "cart+jwt", "kid": key.kid });
    assert_eq!(
        status_of(&app, &forge(&key, h, claims(&app))).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_cart_token_cannot_be_used_as_an_access_token_nor_the_reverse() {
    let app = spawn_app().await;
    let tea = app.product_id("earl-grey").await;
    let res = app
        .api(
            "POST",
            "/api/v1/cart/items",
            Some(json!({ "product_id": tea, "quantity": 1 })),
            &[],
        )
        .await;
    let cart_token = res.header("cart-token").expect("a Cart-Token");
    let res = app.me(&cart_token).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.json::<Value>()["reason"], "wrong_kind");

    let tokens = app.api_login(ALICE).await;
    let access = tokens["access_token"].as_str().unwrap();
    let res = app
        .api("GET", "/api/v1/cart", None, &[("cart-token", access)])
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.json::<Value>()["type"],
        "/api/v1/problems/invalid-cart-token"
    );
}

#[tokio::test]
async fn a_tampered_payload_is_refused() {
    let app = spawn_app().await;
    let tokens = app.api_login(BOB).await;
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(app.me(access).await.status, StatusCode::OK);
    let mut parts: Vec<String> = access.split('.').map(String::from).collect();
    let mut payload = jwt_payload(access);
    payload["sub"] = json!("1"); // Bob tries to become Alice
    parts[1] = b64(&payload);
    let res = app.me(&parts.join(".")).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.json::<Value>()["reason"], "bad_signature");
}

#[tokio::test]
async fn a_16_kb_token_is_refused_before_it_is_parsed() {
    let app = spawn_app().await;
    let huge = format!(
        "{}.{}.{}",
        "a".repeat(6000),
        "b".repeat(6000),
        "c".repeat(4384)
    );
    assert_eq!(huge.len(), 16_386);
    let res = app.me(&huge).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // "too_large" is decided from the length alone: no base64 or JSON was touched.
    assert_eq!(res.json::<Value>()["reason"], "too_large");
}

#[tokio::test]
async fn a_missing_or_foreign_authorization_scheme_is_a_clear_401() {
    let app = spawn_app().await;
    let res = app.api("GET", "/api/v1/me", None, &[]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.json::<Value>()["type"],
        "/api/v1/problems/missing-token"
    );
    assert_eq!(
        res.header("www-authenticate").as_deref(),
        Some("Bearer realm=\"tokenshop\"")
    );
    let res = app
        .api(
            "GET",
            "/api/v1/me",
            None,
            &[("authorization", "Basic YWxpY2U6eA==")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_jwks_publishes_public_keys_only() {
    let app = spawn_app().await;
    let res = app.api("GET", "/.well-known/jwks.json", None, &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    let jwks: Value = res.json();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    let key = keys[0].as_object().unwrap();
    let mut members: Vec<&str> = key.keys().map(String::as_str).collect();
    members.sort();
    assert_eq!(members, ["alg", "crv", "kid", "kty", "use", "x"]);
    assert_eq!(key["alg"], "EdDSA");
    assert_eq!(key["use"], "sig");
    assert!(!res
        .body
        .contains(&URL_SAFE_NO_PAD.encode(active_key(&app).await.seed)));
}

#[tokio::test]
async fn after_a_key_rotation_old_tokens_still_verify_and_new_ones_use_the_new_kid() {
    let app = spawn_app().await;
    let old = app.api_login(ALICE).await;
    let old_access = old["access_token"].as_str().unwrap().to_string();
    let old_kid = jsonwebtoken::decode_header(&old_access)
        .unwrap()
        .kid
        .unwrap();

    let new_kid = app.state.keys.rotate(&app.state.db).await.unwrap();
    assert_ne!(new_kid, old_kid);
    assert_eq!(app.me(&old_access).await.status, StatusCode::OK);
    let fresh = app.api_login(ALICE).await;
    let fresh_kid = jsonwebtoken::decode_header(fresh["access_token"].as_str().unwrap())
        .unwrap()
        .kid
        .unwrap();
    assert_eq!(fresh_kid, new_kid);
    assert_eq!(
        app.jwks_kids().await,
        [new_kid.as_str(), old_kid.as_str()],
        "newest first"
    );
}

#[tokio::test]
async fn another_instance_on_the_same_database_accepts_tokens_and_sees_rotations() {
    let first = spawn_app().await;
    let second = spawn_app_on(&first.db_url, &[]).await;
    let token = first.api_login(ALICE).await;
    let access = token["access_token"].as_str().unwrap();
    assert_eq!(second.me(access).await.status, StatusCode::OK);
    // Rotated on the second instance: the first learns of the new kid when a token names it.
    second.state.keys.rotate(&second.state.db).await.unwrap();
    let fresh = second.api_login(BOB).await;
    assert_eq!(
        first
            .me(fresh["access_token"].as_str().unwrap())
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_admin_endpoint_rotates_only_for_the_admin_token() {
    let app = spawn_app().await;
    let res = app.api("POST", "/api/v1/admin/rotate-key", None, &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "off without ADMIN_TOKEN");

    let app = spawn_app_with(&[("ADMIN_TOKEN", "a-long-admin-token-for-tests")]).await;
    let before = app.state.keys.signing_kid();
    let res = app
        .api(
            "POST",
            "/api/v1/admin/rotate-key",
            None,
            &[("authorization", "Bearer not-the-admin-token")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.state.keys.signing_kid(), before);
    let res = app
        .api(
            "POST",
            "/api/v1/admin/rotate-key",
            None,
            &[("authorization", "Bearer a-long-admin-token-for-tests")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let kid = res.json::<Value>()["kid"].as_str().unwrap().to_string();
    assert_eq!(app.state.keys.signing_kid(), Some(kid));
}
