//! DPoP (RFC 9449) on the API and the token endpoints: each check of §4.3 alone refuses an
//! otherwise valid proof; bound tokens work only with a proof by their key (§7.1); refresh tokens
//! are bound too (§5); nonces (§8); a proof is accepted once, by any instance (§11.1).

use crate::common::*;
use axum::http::StatusCode;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use serde_json::{json, Value};
use tokenshop::server::crypto::{b64url, random_token, sha256};

/// A client's key pair, and the proofs it signs.
struct Key(SigningKey);

impl Key {
    fn new(seed: u8) -> Self {
        Key(SigningKey::from_slice(&[seed; 32]).unwrap())
    }

    fn jwk(&self) -> Value {
        let point = self.0.verifying_key().to_encoded_point(false);
        json!({
            "kty": "EC", "crv": "P-256",
            "x": URL_SAFE_NO_PAD.encode(point.x().unwrap()),
            "y": URL_SAFE_NO_PAD.encode(point.y().unwrap()),
        })
    }

    /// RFC 7638 §3, computed here independently of the shop's code.
    fn jkt(&self) -> String {
        let jwk = self.jwk();
        let canonical = format!(
            r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
            jwk["x"].as_str().unwrap(),
            jwk["y"].as_str().unwrap()
        );
        b64url(&sha256(canonical.as_bytes()))
    }

    /// A valid proof for `method` `path` on `app` (with `ath` of `token`), then `edit`ed.
    fn proof_with(
        &self,
        app: &TestApp,
        method: &str,
        path: &str,
        token: Option<&str>,
        edit: impl FnOnce(&mut Value, &mut Value),
    ) -> String {
        let mut header = json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": self.jwk() });
        let mut claims = json!({
            "jti": random_token::<12>(),
            "htm": method,
            "htu": format!("{}{path}", app.state.config.public_origin),
            "iat": tokenshop::server::clock::now_unix(),
        });
        if let Some(token) = token {
            claims["ath"] = json!(b64url(&sha256(token.as_bytes())));
        }
        edit(&mut header, &mut claims);
        self.sign(&header, &claims)
    }

    fn proof(&self, app: &TestApp, method: &str, path: &str, token: Option<&str>) -> String {
        self.proof_with(app, method, path, token, |_, _| {})
    }

    fn sign(&self, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature: Signature = self.0.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

const LOGIN: &str = "/api/v1/auth/login";
const ME: &str = "/api/v1/me";

/// Alice signed in through the API with a proof by `key`: the token response.
async fn bound_login(app: &TestApp, key: &Key) -> Value {
    let proof = key.proof(app, "POST", LOGIN, None);
    let body = json!({ "email": ALICE.0, "password": ALICE.1 });
    let res = app
        .api("POST", LOGIN, Some(body), &[("dpop", &proof)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

async fn me_with(app: &TestApp, scheme: &str, token: &str, proofs: &[&str]) -> Resp {
    let auth = format!("{scheme} {token}");
    let mut headers = vec![("authorization", auth.as_str())];
    headers.extend(proofs.iter().map(|p| ("dpop", *p)));
    app.api("GET", ME, None, &headers).await
}

fn challenge(res: &Resp) -> String {
    res.header("www-authenticate").unwrap_or_default()
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn rfc9449_5_and_6_a_login_with_a_proof_is_bound_to_its_key() {
    let app = spawn_app().await;
    let key = Key::new(1);
    let tokens = bound_login(&app, &key).await;
    assert_eq!(tokens["token_type"], "DPoP");
    let access = s(&tokens, "access_token");
    assert_eq!(
        claims_of(&access)["cnf"]["jkt"],
        key.jkt(),
        "cnf.jkt is the RFC 7638 thumbprint"
    );
    let res = me_with(
        &app,
        "DPoP",
        &access,
        &[&key.proof(&app, "GET", ME, Some(&access))],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    // Without a proof the sign-in is the bearer one it always was.
    let plain = app.api_login(ALICE).await;
    assert_eq!(plain["token_type"], "Bearer");
    assert!(claims_of(&s(&plain, "access_token")).get("cnf").is_none());
}

/// The access log and `/metrics` name a DPoP request's credential as such, not as no credential.
#[tokio::test]
async fn metrics_count_a_dpop_request_under_its_own_credential_kind() {
    let app = spawn_app().await;
    let key = Key::new(7);
    let access = s(&bound_login(&app, &key).await, "access_token");
    let proof = key.proof(&app, "GET", ME, Some(&access));
    let res = me_with(&app, "DPoP", &access, &[&proof]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let text = app.get("/metrics", None).await.body;
    let series = r#"tokenshop_http_requests_total{route="/api/v1/me",method="GET",status="200",credential="dpop"}"#;
    assert!(text.contains(series), "{series} in\n{text}");
}

/// The claim "a stolen JWT works anywhere until it expires", measured: true for a bearer token,
/// false for a bound one, whether the thief sends it as a bearer token, as DPoP with no proof, or
/// with a proof of the thief's own key (§7.1).
#[tokio::test]
async fn rfc9449_7_1_a_stolen_bound_token_is_refused_with_and_without_the_thiefs_own_proof() {
    let app = spawn_app().await;
    let victim = Key::new(1);
    let thief = Key::new(2);
    let access = s(&bound_login(&app, &victim).await, "access_token");

    let as_bearer = me_with(&app, "Bearer", &access, &[]).await;
    assert_eq!(as_bearer.status, StatusCode::UNAUTHORIZED);
    assert!(
        challenge(&as_bearer).starts_with("DPoP "),
        "{}",
        challenge(&as_bearer)
    );
    assert!(challenge(&as_bearer).contains(r#"error="invalid_token""#));
    assert!(
        as_bearer.body.contains("Authorization: DPoP"),
        "{}",
        as_bearer.body
    );

    let no_proof = me_with(&app, "DPoP", &access, &[]).await;
    assert_eq!(
        no_proof.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        no_proof.body
    );

    let own_key = me_with(
        &app,
        "DPoP",
        &access,
        &[&thief.proof(&app, "GET", ME, Some(&access))],
    )
    .await;
    assert_eq!(own_key.status, StatusCode::UNAUTHORIZED, "{}", own_key.body);
    assert!(own_key.body.contains("cnf.jkt"), "{}", own_key.body);

    // A bearer token, stolen, works for anyone.
    let plain = s(&app.api_login(ALICE).await, "access_token");
    assert_eq!(
        me_with(&app, "Bearer", &plain, &[]).await.status,
        StatusCode::OK
    );
    // …and cannot be dressed up as DPoP.
    let dressed = me_with(
        &app,
        "DPoP",
        &plain,
        &[&thief.proof(&app, "GET", ME, Some(&plain))],
    )
    .await;
    assert_eq!(dressed.status, StatusCode::UNAUTHORIZED, "{}", dressed.body);
}

/// RFC 9449 §4.3: a valid proof, then each check alone broken — every one a 401 with
/// `WWW-Authenticate: DPoP error=…` and a sentence in the problem document, never a 500.
#[tokio::test]
async fn rfc9449_4_3_each_check_alone_refuses_an_otherwise_valid_proof() {
    let app = spawn_app().await;
    let key = Key::new(1);
    let other = Key::new(3);
    let access = s(&bound_login(&app, &key).await, "access_token");
    let now = tokenshop::server::clock::now_unix();
    let tok = Some(access.as_str());
    let origin = app.state.config.public_origin.clone();
    type Edit = Box<dyn FnOnce(&mut Value, &mut Value)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "§4.3(4) typ is not dpop+jwt",
            Box::new(|h, _| h["typ"] = json!("JWT")),
            "typ",
        ),
        (
            "§4.3(5) alg none",
            Box::new(|h, _| h["alg"] = json!("none")),
            "alg",
        ),
        (
            "§4.3(5) alg HS256",
            Box::new(|h, _| h["alg"] = json!("HS256")),
            "alg",
        ),
        (
            "§4.3(6) no jwk",
            Box::new(|h, _| {
                h.as_object_mut().unwrap().remove("jwk");
            }),
            "jwk",
        ),
        (
            "§4.3(6) a private jwk",
            Box::new(|h, _| h["jwk"]["d"] = json!("AAAA")),
            "private",
        ),
        (
            "§4.3(8) htm another method",
            Box::new(|_, c| c["htm"] = json!("POST")),
            "htm",
        ),
        (
            "§4.3(9) htu another path",
            Box::new(move |_, c| c["htu"] = json!(format!("{origin}/api/v1/cart"))),
            "htu",
        ),
        (
            "§4.3(9) htu another host",
            Box::new(|_, c| c["htu"] = json!("https://elsewhere.example/api/v1/me")),
            "htu",
        ),
        (
            "§4.3(11) iat five minutes old",
            Box::new(move |_, c| c["iat"] = json!(now - 300)),
            "iat",
        ),
        (
            "§4.3(11) iat in the future",
            Box::new(move |_, c| c["iat"] = json!(now + 300)),
            "iat",
        ),
        (
            "§4.2 no jti",
            Box::new(|_, c| {
                c.as_object_mut().unwrap().remove("jti");
            }),
            "jti",
        ),
        (
            "§4.3(12) no ath",
            Box::new(|_, c| {
                c.as_object_mut().unwrap().remove("ath");
            }),
            "ath",
        ),
        (
            "§4.3(12) ath of another token",
            Box::new(|_, c| c["ath"] = json!(b64url(&sha256(b"another")))),
            "ath",
        ),
    ];
    for (case, edit, said) in cases {
        let proof = key.proof_with(&app, "GET", ME, tok, edit);
        let res = me_with(&app, "DPoP", &access, &[&proof]).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{case}: {}", res.body);
        assert!(
            challenge(&res).contains(r#"error="invalid_dpop_proof""#),
            "{case}: {}",
            challenge(&res)
        );
        assert!(challenge(&res).contains(r#"algs="ES256 EdDSA""#), "{case}");
        assert!(res.body.contains(said), "{case}: {}", res.body);
        assert_eq!(
            res.header("content-type").as_deref(),
            Some("application/problem+json")
        );
    }

    // §4.3(7): signed by another key than its jwk (the other key's signature, this key's jwk).
    let mut forged = key.proof(&app, "GET", ME, tok);
    let theirs = other.proof(&app, "GET", ME, tok);
    forged.truncate(forged.rfind('.').unwrap());
    forged.push_str(&theirs[theirs.rfind('.').unwrap()..]);
    let res = me_with(&app, "DPoP", &access, &[&forged]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.body.contains("signature"), "{}", res.body);

    // §4.3(1): exactly one DPoP header.
    let one = key.proof(&app, "GET", ME, tok);
    let two = key.proof(&app, "GET", ME, tok);
    let res = me_with(&app, "DPoP", &access, &[&one, &two]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.body.contains("exactly one"), "{}", res.body);

    // §11.1: the same proof twice.
    let proof = key.proof(&app, "GET", ME, tok);
    assert_eq!(
        me_with(&app, "DPoP", &access, &[&proof]).await.status,
        StatusCode::OK
    );
    let again = me_with(&app, "DPoP", &access, &[&proof]).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert!(again.body.contains("used before"), "{}", again.body);

    // Garbage in the header is a 401 too, never a 500.
    for junk in ["", "a.b.c", "....", "eyJ.eyJ.AA"] {
        let res = me_with(&app, "DPoP", &access, &[junk]).await;
        assert_eq!(
            res.status,
            StatusCode::UNAUTHORIZED,
            "{junk:?}: {}",
            res.body
        );
    }
}

#[tokio::test]
async fn rfc9449_5_a_bound_refresh_token_is_refreshed_only_with_a_proof_by_its_key() {
    let app = spawn_app().await;
    let key = Key::new(1);
    let thief = Key::new(2);
    let tokens = bound_login(&app, &key).await;
    let refresh = s(&tokens, "refresh_token");
    let body = json!({ "refresh_token": refresh });
    let path = "/api/v1/auth/refresh";

    let bare = app.api("POST", path, Some(body.clone()), &[]).await;
    assert_eq!(bare.status, StatusCode::UNAUTHORIZED, "{}", bare.body);
    let stolen = app
        .api(
            "POST",
            path,
            Some(body.clone()),
            &[("dpop", &thief.proof(&app, "POST", path, None))],
        )
        .await;
    assert_eq!(stolen.status, StatusCode::UNAUTHORIZED, "{}", stolen.body);
    assert!(stolen.body.contains("another key"), "{}", stolen.body);

    // Neither attempt spent it: the client's own refresh works, and stays bound.
    let own = app
        .api(
            "POST",
            path,
            Some(body),
            &[("dpop", &key.proof(&app, "POST", path, None))],
        )
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let fresh: Value = own.json();
    assert_eq!(fresh["token_type"], "DPoP");
    assert_eq!(
        claims_of(&s(&fresh, "access_token"))["cnf"]["jkt"],
        key.jkt()
    );

    // A bearer sign-in cannot be bound later.
    let plain = app.api_login(ALICE).await;
    let res = app
        .api(
            "POST",
            path,
            Some(json!({ "refresh_token": s(&plain, "refresh_token") })),
            &[("dpop", &key.proof(&app, "POST", path, None))],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
}

#[tokio::test]
async fn rfc9449_8_a_required_nonce_is_challenged_then_accepted_on_retry() {
    let app = spawn_app_with(&[("DPOP_NONCE_REQUIRED", "true")]).await;
    let key = Key::new(1);
    let body = json!({ "email": ALICE.0, "password": ALICE.1 });
    let first = app
        .api(
            "POST",
            LOGIN,
            Some(body.clone()),
            &[("dpop", &key.proof(&app, "POST", LOGIN, None))],
        )
        .await;
    assert_eq!(first.status, StatusCode::UNAUTHORIZED, "{}", first.body);
    assert!(
        challenge(&first).contains(r#"error="use_dpop_nonce""#),
        "{}",
        challenge(&first)
    );
    let nonce = first.header("dpop-nonce").expect("a DPoP-Nonce");
    let retry = key.proof_with(&app, "POST", LOGIN, None, |_, c| c["nonce"] = json!(nonce));
    let second = app
        .api("POST", LOGIN, Some(body.clone()), &[("dpop", &retry)])
        .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);

    let forged = key.proof_with(&app, "POST", LOGIN, None, |_, c| {
        c["nonce"] = json!("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    });
    let third = app
        .api("POST", LOGIN, Some(body), &[("dpop", &forged)])
        .await;
    assert_eq!(
        third.status,
        StatusCode::UNAUTHORIZED,
        "a nonce the shop did not make"
    );

    // Another instance on the same database accepts the nonce (derived from a shared secret).
    let other = spawn_app_on(&app.db_url, &[("DPOP_NONCE_REQUIRED", "true")]).await;
    let access = s(&second.json::<Value>(), "access_token");
    let proof = key.proof_with(&other, "GET", ME, Some(&access), |_, c| {
        c["nonce"] = json!(nonce)
    });
    let res = me_with(&other, "DPoP", &access, &[&proof]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// §11.1 across instances: on PostgreSQL (several instances) the proofs seen are shared, so a proof
/// one instance accepted is refused by another. SQLite serves one instance only: there it says so.
#[tokio::test]
async fn rfc9449_11_1_a_proof_replayed_to_another_instance_is_refused() {
    let app = spawn_app().await;
    if !app.state.db.is_postgres() {
        eprintln!(
            "skipped: several instances share a database only on PostgreSQL (TEST_DATABASE_URL)"
        );
        return;
    }
    let other = spawn_app_on(&app.db_url, &[]).await;
    let key = Key::new(1);
    let access = s(&bound_login(&app, &key).await, "access_token");
    let proof = key.proof(&app, "GET", ME, Some(&access));
    assert_eq!(
        me_with(&app, "DPoP", &access, &[&proof]).await.status,
        StatusCode::OK
    );
    let replayed = me_with(&other, "DPoP", &access, &[&proof]).await;
    assert_eq!(
        replayed.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        replayed.body
    );
    assert!(replayed.body.contains("used before"), "{}", replayed.body);
}

#[tokio::test]
async fn rfc8414_and_openapi_advertise_dpop() {
    let app = spawn_app().await;
    let meta: Value = app
        .get("/.well-known/oauth-authorization-server", None)
        .await
        .json();
    assert_eq!(
        meta["dpop_signing_alg_values_supported"],
        json!(["ES256", "EdDSA"])
    );
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    assert!(
        doc.contains("\"DPoP\""),
        "the OpenAPI document names the DPoP header"
    );
}
