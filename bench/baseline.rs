//! The benchmark's references, served beside the shop so every figure is a ratio on the same machine:
//! (a) `GET /json`, a bare axum route answering a small JSON body, and (a′) `GET /jwt`, the same route
//! after verifying one bearer JWT exactly as the shop does (EdDSA over Ed25519, every registered claim
//! required, issuer and audience checked) — the most a JWT-authenticated request can do here; and
//! (a″) `GET /jwt-dpop`, the same JWT bound to a key (`cnf.jkt`) presented as `DPoP` with a proof,
//! checked by the shop's own functions (`dpop::checked`: form, key, ES256 signature, htm, htu, iat,
//! ath; the `jti` in the same in-memory store the shop keeps) — the most a DPoP request can do.
//!
//! Usage: bench-baseline ADDR. Prints `token <jwt>` and, with BENCH_DPOP_SEED (64 hex digits, the
//! client's P-256 key), `dpop-token <jwt>` bound to that key, once listening.
//! bench-baseline proofs SEED METHOD URL TOKEN|- N: prints N fresh proofs by that key, one a line,
//! for the load generator to send in turn (a proof is good once).

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    routing::get,
    Json, Router,
};
use ed25519_dalek::{pkcs8::EncodePrivateKey, SigningKey};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::{io::Write, sync::Arc, time::SystemTime};
use tokenshop::server::token::dpop::{self, proof::OwnKey, replay::Seen};

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cnf: Option<Cnf>,
}

#[derive(Serialize, Deserialize)]
struct Cnf {
    jkt: String,
}

struct Verifier {
    key: DecodingKey,
    validation: Validation,
    /// The proofs seen, as the shop's one instance keeps them.
    seen: Seen,
    /// This server's origin, what a proof's `htu` must name.
    origin: String,
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
    let (_, claims) = verified(&v, &headers, "Bearer ")?;
    Ok(Json(Small {
        ok: true,
        name: "baseline",
        user: Some(claims.sub),
    }))
}

/// The token after `scheme` in `Authorization`, verified as the shop verifies an access token.
fn verified<'h>(
    v: &Verifier,
    headers: &'h HeaderMap,
    scheme: &str,
) -> Result<(&'h str, Claims), StatusCode> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix(scheme))
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let data =
        decode::<Claims>(token, &v.key, &v.validation).map_err(|_| StatusCode::UNAUTHORIZED)?;
    Ok((token, data.claims))
}

/// (a″): the bound JWT, then its proof, as the shop checks both.
async fn jwt_dpop(
    State(v): State<Arc<Verifier>>,
    headers: HeaderMap,
) -> Result<Json<Small>, StatusCode> {
    let (token, claims) = verified(&v, &headers, "DPoP ")?;
    let proof = headers
        .get(dpop::DPOP)
        .and_then(|h| h.to_str().ok())
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let target = dpop::Target {
        method: "GET",
        path: "/jwt-dpop",
        access_token: Some(token),
    };
    let now = now();
    let signed =
        dpop::checked(proof, &v.origin, &target, now).map_err(|_| StatusCode::UNAUTHORIZED)?;
    let jkt = signed.key.thumbprint();
    if claims.cnf.map(|c| c.jkt) != Some(jkt.clone()) {
        return Err(StatusCode::UNAUTHORIZED);
    }
    v.seen
        .here(
            &jkt,
            &signed.claims.jti,
            now + 2 * dpop::IAT_WINDOW_SECS,
            now,
        )
        .map_err(|_| StatusCode::UNAUTHORIZED)?;
    Ok(Json(Small {
        ok: true,
        name: "baseline",
        user: Some(claims.sub),
    }))
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

fn key_of(hex: &str) -> OwnKey {
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    let bytes: [u8; 32] = bytes.try_into().expect("a seed of 64 hex digits");
    OwnKey::from_bytes(&bytes).expect("a valid P-256 key")
}

/// `proofs SEED METHOD URL TOKEN|- N`: N proofs, one a line.
fn proofs(args: &[String]) {
    let [seed, method, url, token, n] = args else {
        panic!("usage: bench-baseline proofs SEED METHOD URL TOKEN|- N");
    };
    let key = key_of(seed);
    let token = (token != "-").then_some(token.as_str());
    let n: usize = n.parse().expect("a count");
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for _ in 0..n {
        writeln!(out, "{}", key.proof(method, url, token)).expect("stdout");
    }
}

/// `costs`: the median time of one EdDSA JWT verification and of one ES256 proof check (the
/// shop's `dpop::checked` and its jti store), each over 2,001 runs, in microseconds, as JSON.
fn costs() {
    let seed = tokenshop::server::crypto::random_bytes::<32>();
    let signing = SigningKey::from_bytes(&seed);
    let der = signing.to_pkcs8_der().expect("pkcs8");
    let (key, validation) = verifier_for(&signing);
    let now = now();
    let claims = Claims {
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        sub: "1".into(),
        iat: now,
        nbf: now,
        exp: now + 3600,
        jti: "j".into(),
        cnf: None,
    };
    let mut head = Header::new(Algorithm::EdDSA);
    head.typ = Some("at+jwt".into());
    let token = encode(&head, &claims, &EncodingKey::from_ed_der(der.as_bytes())).expect("sign");
    let client = OwnKey::generate();
    let url = "http://bench.invalid/api/v1/me";
    let proofs: Vec<String> = (0..2001)
        .map(|_| client.proof("GET", url, Some(&token)))
        .collect();
    let seen = Seen::default();
    let target = dpop::Target {
        method: "GET",
        path: "/api/v1/me",
        access_token: Some(&token),
    };
    let median = |mut us: Vec<f64>| {
        us.sort_by(f64::total_cmp);
        us[us.len() / 2]
    };
    let timed = |f: &mut dyn FnMut(usize)| {
        (0..2001)
            .map(|i| {
                let t = std::time::Instant::now();
                f(i);
                t.elapsed().as_secs_f64() * 1e6
            })
            .collect::<Vec<_>>()
    };
    let jwt = median(timed(&mut |_| {
        decode::<Claims>(&token, &key, &validation).expect("verifies");
    }));
    let proof = median(timed(&mut |i| {
        let signed =
            dpop::checked(&proofs[i], "http://bench.invalid", &target, now).expect("valid");
        let jkt = signed.key.thumbprint();
        seen.here(&jkt, &signed.claims.jti, now + 120, now)
            .expect("fresh");
    }));
    println!(r#"{{"jwt_verify_us":{jwt:.1},"dpop_proof_check_us":{proof:.1}}}"#);
}

/// The key and validation the shop's would be: EdDSA, every registered claim, issuer and audience.
fn verifier_for(signing: &SigningKey) -> (DecodingKey, Validation) {
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.validate_nbf = true;
    validation.leeway = 2;
    let public = signing.verifying_key().to_bytes();
    (DecodingKey::from_ed_der(&public), validation)
}

#[tokio::main]
async fn main() {
    // The same EdDSA-only cryptography as the shop (its jsonwebtoken has no backend feature).
    tokenshop::server::token::eddsa::install();
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("proofs") => return proofs(&args[2..]),
        Some("costs") => return costs(),
        _ => {}
    }
    let addr = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "127.0.0.1:3400".into());
    let seed = tokenshop::server::crypto::random_bytes::<32>();
    let signing = SigningKey::from_bytes(&seed);
    let der = signing.to_pkcs8_der().expect("pkcs8");
    let now = now();
    let claims = Claims {
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        sub: "1".into(),
        iat: now,
        nbf: now,
        exp: now + 3600,
        jti: tokenshop::server::crypto::random_token::<16>(),
        cnf: None,
    };
    let mut head = Header::new(Algorithm::EdDSA);
    head.typ = Some("at+jwt".into());
    let encoding = EncodingKey::from_ed_der(der.as_bytes());
    let token = encode(&head, &claims, &encoding).expect("sign");
    let bound = std::env::var("BENCH_DPOP_SEED").ok().map(|seed| {
        let claims = Claims {
            cnf: Some(Cnf {
                jkt: key_of(&seed).thumbprint(),
            }),
            jti: tokenshop::server::crypto::random_token::<16>(),
            ..claims
        };
        encode(&head, &claims, &encoding).expect("sign")
    });

    let (key, validation) = verifier_for(&signing);
    let verifier = Arc::new(Verifier {
        key,
        validation,
        seen: Seen::default(),
        origin: format!("http://{addr}"),
    });

    let app = Router::new()
        .route("/json", get(json))
        .route("/jwt", get(jwt))
        .route("/jwt-dpop", get(jwt_dpop))
        .with_state(verifier);
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("token {token}");
    if let Some(bound) = bound {
        println!("dpop-token {bound}");
    }
    axum::serve(listener, app).await.expect("serve");
}
