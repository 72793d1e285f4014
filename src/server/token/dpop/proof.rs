//! One DPoP proof, read and checked on its own (RFC 9449 §4.2-4.3): its header, its key, its
//! signature and its claims against the request it came with. What needs the server's memory — a
//! `jti` seen before, a nonce — is `super`'s.
//!
//! The signature checks are RustCrypto's (`p256` for ES256, `ed25519-dalek` for EdDSA, which the
//! shop's own tokens already use). jsonwebtoken would verify a JWS too, but its provider here is
//! the shop's EdDSA-only one (`eddsa.rs`), and a DPoP proof carries its key in its own header,
//! which must be read and checked (public, of the algorithm's kind) before any verification.

use super::ProofError;
use crate::server::crypto::{b64url, sha256};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde::Deserialize;

/// The signature algorithms a proof may use: asymmetric only (never `none`, never HMAC), RFC 9449
/// §4.3 point 5. Advertised as `dpop_signing_alg_values_supported`.
pub const ALGS: [&str; 2] = ["ES256", "EdDSA"];
/// Real proofs are a few hundred bytes.
pub const MAX_PROOF_BYTES: usize = 2048;
const MAX_JTI_CHARS: usize = 128;

/// A proof's public key, as its header's `jwk` names it (RFC 7517), of a kind this shop checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKey {
    /// P-256, for ES256: the affine coordinates.
    P256 { x: [u8; 32], y: [u8; 32] },
    /// Ed25519, for EdDSA.
    Ed25519 { x: [u8; 32] },
}

impl PublicKey {
    /// RFC 7638: SHA-256 over the key's required members, in lexicographic order, no spaces: the
    /// `jkt` a bound token names in `cnf` (RFC 9449 §6.1).
    pub fn thumbprint(&self) -> String {
        let members = match self {
            PublicKey::P256 { x, y } => format!(
                r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
                b64url(x),
                b64url(y)
            ),
            PublicKey::Ed25519 { x } => {
                format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, b64url(x))
            }
        };
        b64url(&sha256(members.as_bytes()))
    }

    fn verifies(&self, alg: &str, signed: &[u8], signature: &[u8]) -> bool {
        match (self, alg) {
            (PublicKey::P256 { x, y }, "ES256") => {
                use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};
                let point = p256::EncodedPoint::from_affine_coordinates(
                    p256::FieldBytes::from_slice(x),
                    p256::FieldBytes::from_slice(y),
                    false,
                );
                let (Ok(key), Ok(sig)) = (
                    VerifyingKey::from_encoded_point(&point),
                    Signature::from_slice(signature),
                ) else {
                    return false;
                };
                key.verify(signed, &sig).is_ok()
            }
            (PublicKey::Ed25519 { x }, "EdDSA") => {
                use ed25519_dalek::{Signature, VerifyingKey};
                let (Ok(key), Ok(sig)) = (
                    VerifyingKey::from_bytes(x),
                    Signature::from_slice(signature),
                ) else {
                    return false;
                };
                key.verify_strict(signed, &sig).is_ok()
            }
            _ => false,
        }
    }
}

#[derive(Deserialize)]
struct Header {
    typ: Option<String>,
    alg: Option<String>,
    jwk: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The claims a proof must carry (RFC 9449 §4.2), and the two it may.
#[derive(Clone, Debug, Deserialize)]
pub struct ProofClaims {
    pub jti: String,
    pub htm: String,
    pub htu: String,
    pub iat: i64,
    #[serde(default)]
    pub ath: Option<String>,
    #[serde(default)]
    pub nonce: Option<String>,
}

/// A proof whose form, key and signature check: its key and claims, for the request checks.
#[derive(Debug)]
pub struct Signed {
    pub key: PublicKey,
    pub claims: ProofClaims,
}

fn coordinate(jwk: &serde_json::Map<String, serde_json::Value>, name: &str) -> Option<[u8; 32]> {
    let text = jwk.get(name)?.as_str()?;
    URL_SAFE_NO_PAD.decode(text).ok()?.try_into().ok()
}

/// The header's `jwk`: a public key of the algorithm's kind (RFC 9449 §4.3 points 6-7). One with a
/// private member (`d`) is refused: its holder just published its secret.
fn public_key(
    alg: &str,
    jwk: &serde_json::Map<String, serde_json::Value>,
) -> Result<PublicKey, ProofError> {
    if jwk.contains_key("d") {
        return Err(ProofError::PrivateKey);
    }
    let text = |name: &str| jwk.get(name).and_then(|v| v.as_str());
    match (alg, text("kty"), text("crv")) {
        ("ES256", Some("EC"), Some("P-256")) => {
            let (Some(x), Some(y)) = (coordinate(jwk, "x"), coordinate(jwk, "y")) else {
                return Err(ProofError::Key);
            };
            Ok(PublicKey::P256 { x, y })
        }
        ("EdDSA", Some("OKP"), Some("Ed25519")) => {
            let x = coordinate(jwk, "x").ok_or(ProofError::Key)?;
            Ok(PublicKey::Ed25519 { x })
        }
        _ => Err(ProofError::Key),
    }
}

/// Reads a proof and checks what it says of itself: a JWS of three parts, `typ` `dpop+jwt`, an
/// allowed asymmetric `alg`, a public `jwk` of that kind, a signature that verifies with it, and
/// the claims present (RFC 9449 §4.3 points 2-7).
pub fn read(proof: &str) -> Result<Signed, ProofError> {
    if proof.len() > MAX_PROOF_BYTES {
        return Err(ProofError::Malformed);
    }
    let mut parts = proof.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ProofError::Malformed);
    };
    let decode = |part: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| ProofError::Malformed)
    };
    let header: Header = serde_json::from_slice(&decode(h)?).map_err(|_| ProofError::Malformed)?;
    if header.typ.as_deref() != Some("dpop+jwt") {
        return Err(ProofError::Typ);
    }
    let alg = header.alg.unwrap_or_default();
    if !ALGS.contains(&alg.as_str()) {
        return Err(ProofError::Alg);
    }
    let key = public_key(&alg, &header.jwk.ok_or(ProofError::Key)?)?;
    let signed_input = &proof.as_bytes()[..h.len() + 1 + p.len()];
    if !key.verifies(&alg, signed_input, &decode(s)?) {
        return Err(ProofError::Signature);
    }
    let claims: ProofClaims =
        serde_json::from_slice(&decode(p)?).map_err(|_| ProofError::Claims)?;
    if claims.jti.is_empty() || claims.jti.len() > MAX_JTI_CHARS {
        return Err(ProofError::Claims);
    }
    Ok(Signed { key, claims })
}

/// An HTTP URI as RFC 9449 §4.3 point 9 compares it: scheme and host in lower case, the scheme's
/// default port dropped, an empty path as `/`, and no query or fragment (RFC 3986 §6.2.2-6.2.3).
pub fn normalized_uri(uri: &str) -> Option<String> {
    let uri = uri.split(['?', '#']).next()?;
    let (scheme, rest) = uri.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let (authority, path) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, "/"),
    };
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = authority.to_ascii_lowercase();
    let authority = match (scheme.as_str(), authority.rsplit_once(':')) {
        ("http", Some((host, "80"))) | ("https", Some((host, "443"))) => host.to_string(),
        _ => authority,
    };
    Some(format!("{scheme}://{authority}{path}"))
}

/// A key this server holds to make proofs of its own: the Learn labs' attacker, who signs with a key
/// of its own to show that a token bound to someone else's is refused, and the summary's claim
/// experiment. Never `Debug`: it is a private key.
pub struct OwnKey(p256::ecdsa::SigningKey);

impl OwnKey {
    /// A fresh P-256 key; a random 32 bytes is a valid scalar but with negligible odds, so a few
    /// tries always suffice.
    pub fn generate() -> Self {
        loop {
            let bytes = crate::server::crypto::random_bytes::<32>();
            if let Ok(key) = p256::ecdsa::SigningKey::from_slice(&bytes) {
                return OwnKey(key);
            }
        }
    }

    fn public(&self) -> PublicKey {
        let point = self.0.verifying_key().to_encoded_point(false);
        let coordinate = |c: Option<&p256::FieldBytes>| {
            let mut out = [0u8; 32];
            if let Some(c) = c {
                out.copy_from_slice(c);
            }
            out
        };
        PublicKey::P256 {
            x: coordinate(point.x()),
            y: coordinate(point.y()),
        }
    }

    /// The key of 32 secret bytes (the benchmark makes its proofs ahead of time with one), if they
    /// are a valid P-256 scalar.
    pub fn from_bytes(bytes: &[u8; 32]) -> Option<Self> {
        p256::ecdsa::SigningKey::from_slice(bytes).ok().map(OwnKey)
    }

    pub fn thumbprint(&self) -> String {
        self.public().thumbprint()
    }

    /// A fresh ES256 proof for `method` `htu` (beside `access_token` when given), made now.
    pub fn proof(&self, method: &str, htu: &str, access_token: Option<&str>) -> String {
        use p256::ecdsa::{signature::Signer, Signature};
        let PublicKey::P256 { x, y } = self.public() else {
            unreachable!("a P-256 key")
        };
        let header = serde_json::json!({
            "typ": "dpop+jwt",
            "alg": "ES256",
            "jwk": { "kty": "EC", "crv": "P-256", "x": b64url(&x), "y": b64url(&y) },
        });
        let mut claims = serde_json::json!({
            "jti": crate::server::crypto::random_token::<12>(),
            "htm": method,
            "htu": htu,
            "iat": crate::server::clock::now_unix(),
        });
        if let Some(token) = access_token {
            claims["ath"] = serde_json::json!(access_token_hash(token));
        }
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature: Signature = self.0.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

/// `ath` (RFC 9449 §4.2): the base64url SHA-256 of the access token the proof is sent with.
pub fn access_token_hash(token: &str) -> String {
    b64url(&sha256(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7638_3_1_the_thumbprint_of_the_rfcs_own_example_key() {
        // RFC 7638 §3.1's example is an RSA key; RFC 8037 §A.3 gives the Ed25519 one.
        let x: [u8; 32] = URL_SAFE_NO_PAD
            .decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
            .unwrap()
            .try_into()
            .unwrap();
        assert_eq!(
            PublicKey::Ed25519 { x }.thumbprint(),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }

    #[test]
    fn a_proof_of_our_own_key_reads_back_with_its_thumbprint() {
        let key = OwnKey::generate();
        let proof = key.proof("GET", "https://s.example/api/v1/me", Some("tok"));
        let signed = read(&proof).expect("valid");
        assert_eq!(signed.key.thumbprint(), key.thumbprint());
        assert_eq!(
            signed.claims.ath.as_deref(),
            Some(access_token_hash("tok").as_str())
        );
        let mut broken = proof.clone();
        broken.insert(proof.find('.').unwrap() + 2, 'x');
        assert!(read(&broken).is_err());
    }

    #[test]
    fn rfc9449_4_3_htu_is_compared_without_query_fragment_case_or_default_port() {
        let n = |u: &str| normalized_uri(u);
        assert_eq!(
            n("HTTPS://Shop.Example:443/api/v1/me?x=1#y"),
            n("https://shop.example/api/v1/me")
        );
        assert_eq!(
            n("http://localhost:3000"),
            Some("http://localhost:3000/".into())
        );
        assert_ne!(
            n("https://shop.example/api/v1/me"),
            n("https://shop.example/api/v1/cart")
        );
        assert_ne!(
            n("https://shop.example:8443/a"),
            n("https://shop.example/a")
        );
        assert_eq!(n("not a uri"), None);
        assert_eq!(n("https://user@shop.example/a"), None);
    }

    #[test]
    fn rfc9449_4_3_a_proof_must_be_a_dpop_jwt_with_an_asymmetric_alg_and_a_public_key() {
        let b = |v: serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let claims =
            b(serde_json::json!({"jti": "j", "htm": "GET", "htu": "https://s/", "iat": 1}));
        let with = |header: serde_json::Value| format!("{}.{claims}.AAAA", b(header));
        let x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
        let okp = serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": x});
        assert_eq!(read("a.b").unwrap_err(), ProofError::Malformed);
        assert_eq!(
            read(&with(
                serde_json::json!({"typ": "JWT", "alg": "EdDSA", "jwk": okp})
            ))
            .unwrap_err(),
            ProofError::Typ
        );
        for alg in ["none", "HS256", "RS256"] {
            assert_eq!(
                read(&with(
                    serde_json::json!({"typ": "dpop+jwt", "alg": alg, "jwk": okp})
                ))
                .unwrap_err(),
                ProofError::Alg,
                "{alg}"
            );
        }
        let private = serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": x, "d": x});
        assert_eq!(
            read(&with(
                serde_json::json!({"typ": "dpop+jwt", "alg": "EdDSA", "jwk": private})
            ))
            .unwrap_err(),
            ProofError::PrivateKey
        );
        assert_eq!(
            read(&with(
                serde_json::json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": okp})
            ))
            .unwrap_err(),
            ProofError::Key,
            "an Ed25519 key for ES256"
        );
        assert_eq!(
            read(&with(
                serde_json::json!({"typ": "dpop+jwt", "alg": "EdDSA", "jwk": okp})
            ))
            .unwrap_err(),
            ProofError::Signature
        );
    }
}
