//! DPoP (RFC 9449): a token bound to a key its client holds, and the proof of that key sent with
//! every request. `proof` reads one proof on its own; here it is checked against the request and
//! the server's memory — the method and URI it was made for, its age, a nonce when the shop asks
//! for one (§8), and a `jti` never seen before (§11.1) — as §4.3 lists the checks.
//!
//! Across instances: nonces are derived from a secret every instance reads from the database and
//! the current time window (`nonce`), so any instance accepts another's; a proof's `jti` is kept
//! in this instance's memory and, on PostgreSQL (several instances), in a shared table, so a proof
//! replayed to another instance is refused too (`replay`).

pub mod nonce;
pub mod proof;
pub mod replay;

use crate::server::clock::now_unix;
use crate::server::token::AuthError;
use crate::server::AppState;

/// The request header a proof travels in, and the response header a nonce does.
pub const DPOP: &str = "dpop";
pub const DPOP_NONCE: &str = "dpop-nonce";
/// How far a proof's `iat` may be from the server's clock, either way (RFC 9449 §11.1 leaves the
/// window to the server): long enough for a slow phone's clock, short enough that a captured
/// proof is useless soon.
pub const IAT_WINDOW_SECS: i64 = 60;

/// Why a proof was refused, each in a sentence the API and the labs show as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("this token is bound to a key (DPoP): send it as `Authorization: DPoP <token>` with a `DPoP` proof header")]
    Missing,
    #[error("this sign-in is bound to a key (DPoP): refresh it with a DPoP proof of that key")]
    RefreshNeedsProof,
    #[error("send exactly one DPoP header")]
    Multiple,
    #[error("the DPoP proof is not a well-formed JWS")]
    Malformed,
    #[error("the DPoP proof's typ is not dpop+jwt")]
    Typ,
    #[error("the DPoP proof's alg is not one this shop accepts (ES256, EdDSA)")]
    Alg,
    #[error("the DPoP proof's jwk is not a public key of its alg's kind")]
    Key,
    #[error("the DPoP proof's jwk holds a private key")]
    PrivateKey,
    #[error("the DPoP proof's signature does not verify with its own jwk")]
    Signature,
    #[error("the DPoP proof lacks jti, htm, htu or iat")]
    Claims,
    #[error("the DPoP proof was made for another method (htm)")]
    Method,
    #[error("the DPoP proof was made for another URL (htu)")]
    Uri,
    #[error("the DPoP proof's iat is more than 60 seconds away from the server's clock")]
    Iat,
    #[error("this DPoP proof was used before (its jti): make a new one for each request")]
    Replayed,
    #[error("the DPoP proof does not carry the access token's hash (ath) it is sent with")]
    Ath,
    #[error(
        "the DPoP proof is signed by another key than the one the token is bound to (cnf.jkt)"
    )]
    WrongKey,
    #[error(
        "the shop needs a fresh nonce in the DPoP proof: use the DPoP-Nonce header of this answer"
    )]
    UseNonce,
    #[error("this sign-in is not bound to a key: a DPoP proof cannot be added to it later")]
    NotBound,
    #[error("this token is not bound to a key: send it as `Authorization: Bearer`")]
    Unbound,
    #[error("the server's memory of recent proofs is full; try again in a second")]
    Busy,
}

impl ProofError {
    /// The error code for `WWW-Authenticate: DPoP error=…` and the token endpoint's `error`.
    pub fn code(self) -> &'static str {
        match self {
            ProofError::UseNonce => "use_dpop_nonce",
            ProofError::Missing
            | ProofError::WrongKey
            | ProofError::NotBound
            | ProofError::Unbound => "invalid_token",
            _ => "invalid_dpop_proof",
        }
    }
}

/// What a request must match: its method, and its URI as the client addressed it — the shop's
/// configured public origin and the path, so a proof made for the public address verifies behind a
/// proxy that forwards to another (RFC 9449 §4.3 point 9).
pub struct Target<'a> {
    pub method: &'a str,
    pub path: &'a str,
    /// With an access token (at the API), the proof must carry its hash (`ath`).
    pub access_token: Option<&'a str>,
}

/// The request a proof is checked against, as the API's extractors see it: its method, its path
/// and its one proof (`one_proof`), if it sent any.
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub proof: Option<&'a str>,
}

/// The refusal the API answers for `error`: with a fresh nonce when that is what the proof lacked.
pub fn refusal(state: &AppState, error: ProofError) -> AuthError {
    match error {
        ProofError::UseNonce => AuthError::UseDpopNonce(state.dpop.nonces.current(now_unix())),
        other => AuthError::Dpop(other),
    }
}

/// The key of the request's proof, which must be there.
pub async fn required(
    state: &AppState,
    proof: Option<&str>,
    target: &Target<'_>,
) -> Result<String, AuthError> {
    let proof = proof.ok_or(AuthError::Dpop(ProofError::Missing))?;
    check(state, proof, target)
        .await
        .map_err(|e| refusal(state, e))
}

/// The key of the request's proof when it sent one: at a token endpoint, what binds the sign-in.
pub async fn optional(
    state: &AppState,
    proof: Option<&str>,
    target: &Target<'_>,
) -> Result<Option<String>, AuthError> {
    match proof {
        None => Ok(None),
        Some(proof) => check(state, proof, target)
            .await
            .map(Some)
            .map_err(|e| refusal(state, e)),
    }
}

/// The request's one proof from the raw values of its `DPoP` headers (RFC 9449 §4.3 point 1):
/// none is `None`, two or more are refused, as is one that is not text.
pub fn one_proof<'a>(
    mut values: impl Iterator<Item = &'a [u8]>,
) -> Result<Option<&'a str>, ProofError> {
    match (values.next(), values.next()) {
        (None, _) => Ok(None),
        (Some(one), None) => std::str::from_utf8(one)
            .map(Some)
            .map_err(|_| ProofError::Malformed),
        _ => Err(ProofError::Multiple),
    }
}

/// Checks a proof against the request, every step of RFC 9449 §4.3, and returns the thumbprint of
/// its key (RFC 7638): what a token issued with it is bound to, or must be bound to.
pub async fn check(
    state: &AppState,
    proof: &str,
    target: &Target<'_>,
) -> Result<String, ProofError> {
    let now = now_unix();
    let signed = checked(proof, &state.config.public_origin, target, now)?;
    let claims = &signed.claims;
    if state.config.dpop_nonce_required
        && !claims
            .nonce
            .as_deref()
            .is_some_and(|n| state.dpop.nonces.accepts(n, now))
    {
        return Err(ProofError::UseNonce);
    }
    let jkt = signed.key.thumbprint();
    // Last, so a proof refused for any other reason does not spend its jti.
    state
        .dpop
        .seen
        .first_use(&state.db, &jkt, &claims.jti, now + IAT_WINDOW_SECS * 2)
        .await?;
    Ok(jkt)
}

/// What a proof says of itself and of the request, checked without the server's memory: the form,
/// key and signature (`proof::read`), then `htm`, `htu` against `origin` and the path, `iat`, and
/// `ath` beside an access token (RFC 9449 §4.3 points 2-12 but the nonce and the `jti`). The
/// benchmark's reference verifies proofs with this too, so it does what the shop does.
pub fn checked(
    proof: &str,
    origin: &str,
    target: &Target<'_>,
    now: i64,
) -> Result<proof::Signed, ProofError> {
    let signed = proof::read(proof)?;
    let claims = &signed.claims;
    if claims.htm != target.method {
        return Err(ProofError::Method);
    }
    let expected = format!("{}{}", origin.trim_end_matches('/'), target.path);
    match (
        proof::normalized_uri(&claims.htu),
        proof::normalized_uri(&expected),
    ) {
        (Some(got), Some(want)) if got == want => {}
        _ => return Err(ProofError::Uri),
    }
    if (claims.iat - now).abs() > IAT_WINDOW_SECS {
        return Err(ProofError::Iat);
    }
    if let Some(token) = target.access_token {
        if claims.ath.as_deref() != Some(proof::access_token_hash(token).as_str()) {
            return Err(ProofError::Ath);
        }
    }
    Ok(signed)
}

/// What DPoP keeps per instance: the nonce key and the proofs seen.
pub struct Dpop {
    pub nonces: nonce::Nonces,
    pub seen: replay::Seen,
}

impl Dpop {
    /// The nonce key every instance shares, made by the first to start.
    pub async fn load(db: &crate::server::db::Db) -> Result<Self, sqlx::Error> {
        let fresh = crate::server::crypto::random_bytes::<32>();
        let key = crate::server::db::dpop::shared_secret(db, "dpop-nonce", &fresh).await?;
        let key: [u8; 32] = key.try_into().unwrap_or(fresh);
        Ok(Dpop {
            nonces: nonce::Nonces::new(key),
            seen: replay::Seen::default(),
        })
    }
}
