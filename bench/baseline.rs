//! The benchmark's references, served beside the shop so every figure is a ratio on the same machine:
//! (a) `GET /json`, a bare axum route answering a small JSON body, and (a′) `GET /jwt`, the same route
//! after verifying one bearer JWT exactly as the shop does (EdDSA over Ed25519, every registered claim
//! required, issuer and audience checked) — the most a JWT-authenticated request can do here.
//!
//! Usage: bench-baseline ADDR. Prints one line, `token <jwt>`, once listening.

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    routing::get,
    Json, Router,
};
use ed25519_dalek::{pkcs8::EncodePrivateKey, SigningKey};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::{sync::Arc, time::SystemTime};

const ISSUER: &str = "http://bench.invalid";
const AUDIENCE: &str = "tokenshop-api";

#[derive(Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    sub: String,
    iat: i64,
    nbf: i64,
    exp: i64,
    jti: String,
}

struct Verifier {
    key: DecodingKey,
    validation: Validation,
}

#[derive(Serialize)]
struct Small {
    ok: bool,
    name: &'static str,
    user: Option<String>,
}

async fn json() -> Json<Small> {
    Json(Small {
        ok: true,
        name: "baseline",
        user: None,
    })
}

async fn jwt(
    State(v): State<Arc<Verifier>>,
    headers: HeaderMap,
) -> Result<Json<Small>, StatusCode> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let data =
        decode::<Claims>(token, &v.key, &v.validation).map_err(|_| StatusCode::UNAUTHORIZED)?;
    Ok(Json(Small {
        ok: true,
        name: "baseline",
        user: Some(data.claims.sub),
    }))
}

#[tokio::main]
async fn main() {
    // The same EdDSA-only cryptography as the shop (its jsonwebtoken has no backend feature).
    tokenshop::server::token::eddsa::install();
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3400".into());
    let seed = tokenshop::server::crypto::random_bytes::<32>();
    let signing = SigningKey::from_bytes(&seed);
    let der = signing.to_pkcs8_der().expect("pkcs8");
    let public = signing.verifying_key().to_bytes();
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let claims = Claims {
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        sub: "1".into(),
        iat: now,
        nbf: now,
        exp: now + 3600,
        jti: tokenshop::server::crypto::random_token::<16>(),
    };
    let mut head = Header::new(Algorithm::EdDSA);
    head.typ = Some("at+jwt".into());
    let token = encode(&head, &claims, &EncodingKey::from_ed_der(der.as_bytes())).expect("sign");

    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.validate_nbf = true;
    validation.leeway = 2;
    let verifier = Arc::new(Verifier {
        key: DecodingKey::from_ed_der(&public),
        validation,
    });

    let app = Router::new()
        .route("/json", get(json))
        .route("/jwt", get(jwt))
        .with_state(verifier);
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("token {token}");
    axum::serve(listener, app).await.expect("serve");
}
