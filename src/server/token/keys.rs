//! JWTs: Ed25519 keys kept in the database (generated on first start, rotated on demand), signing,
//! and a validation that requires every claim, allows exactly one algorithm and never lets one kind
//! of token pass as another.

use super::claims::{Claims, Confirmation, Grant, TokenKind};
use super::claims::{ALGORITHM, AUDIENCE, LEEWAY_SECS, MAX_TOKEN_BYTES};
use super::error::TokenError;
use crate::domain::{CartId, UserId};
use crate::server::{clock::now_unix, crypto, db, Config};
use ed25519_dalek::{pkcs8::EncodePrivateKey, SigningKey};
use jsonwebtoken::{
    decode, decode_header, encode, errors::ErrorKind, DecodingKey, EncodingKey, Header, Validation,
};
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicI64, Ordering},
        Arc, RwLock,
    },
    time::Duration,
};

/// A header the library cannot parse is often one naming an algorithm it has no variant for
/// (`alg: none`): say that, rather than "not a JWT", when the header is JSON with another `alg`.
fn header_error(token: &str, kind: &ErrorKind) -> TokenError {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    let alg = token
        .split('.')
        .next()
        .and_then(|h| URL_SAFE_NO_PAD.decode(h).ok())
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|v| v.get("alg")?.as_str().map(str::to_string));
    match alg {
        Some(alg) if alg != "EdDSA" => TokenError::Algorithm,
        _ => token_error(kind),
    }
}

fn token_error(kind: &ErrorKind) -> TokenError {
    match kind {
        ErrorKind::InvalidSignature => TokenError::BadSignature,
        ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => TokenError::Algorithm,
        ErrorKind::ExpiredSignature => TokenError::Expired,
        ErrorKind::ImmatureSignature => TokenError::NotYetValid,
        ErrorKind::InvalidIssuer
        | ErrorKind::InvalidAudience
        | ErrorKind::InvalidSubject
        | ErrorKind::MissingRequiredClaim(_)
        | ErrorKind::InvalidClaimFormat(_) => TokenError::Claims,
        _ => TokenError::Malformed,
    }
}

struct SigningEntry {
    kid: String,
    key: EncodingKey,
}

#[derive(Default)]
struct KeySet {
    signing: Option<SigningEntry>,
    verifying: HashMap<String, DecodingKey>,
    jwks: serde_json::Value,
}

/// The keys this instance signs and verifies with, reloaded from the database when another
/// instance (or the rotate command) changes them.
pub struct Keyring {
    keys: RwLock<Arc<KeySet>>,
    validation: Validation,
    /// This shop's origin: the `iss` of every token it signs.
    issuer: String,
    access_ttl: Duration,
    cart_ttl: Duration,
    /// How long a retired key keeps verifying: the longest a token it signed can live.
    keep_retired: Duration,
    /// When a token with an unknown `kid` last made us reload.
    last_reload: AtomicI64,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyring([redacted])")
    }
}

/// An Ed25519 key as published in the JWKS: its RFC 7638 thumbprint is its `kid`.
fn public_jwk_parts(public: &[u8]) -> (String, String) {
    let x = crypto::b64url(public);
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    (crypto::b64url(&crypto::sha256(canonical.as_bytes())), x)
}

fn new_key() -> (String, [u8; 32], [u8; 32]) {
    let seed = crypto::random_bytes::<32>();
    let public = SigningKey::from_bytes(&seed).verifying_key().to_bytes();
    let (kid, _) = public_jwk_parts(&public);
    (kid, seed, public)
}

impl Keyring {
    pub fn new(config: &Config) -> Self {
        super::eddsa::install();
        let mut validation = Validation::new(ALGORITHM);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.set_issuer(&[&config.public_origin]);
        validation.set_audience(&[AUDIENCE]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        Keyring {
            keys: RwLock::new(Arc::new(KeySet::default())),
            validation,
            issuer: config.public_origin.clone(),
            access_ttl: config.access_ttl,
            cart_ttl: config.cart_token_ttl,
            keep_retired: config.access_ttl.max(config.cart_token_ttl)
                + Duration::from_secs(LEEWAY_SECS),
            last_reload: AtomicI64::new(i64::MIN),
        }
    }

    /// Loads the keys, creating the first one if the database has none.
    pub async fn load(config: &Config, db: &db::Db) -> Result<Self, sqlx::Error> {
        let ring = Keyring::new(config);
        if db::keys::active_kid(db).await?.is_none() {
            let (kid, seed, public) = new_key();
            db::keys::insert_first(db, &kid, &seed, &public, now_unix()).await?;
        }
        ring.reload(db).await?;
        Ok(ring)
    }

    fn current(&self) -> Arc<KeySet> {
        self.keys
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub async fn reload(&self, db: &db::Db) -> Result<(), sqlx::Error> {
        let now = now_unix();
        let rows = db::keys::usable(db, now - self.keep_retired.as_secs() as i64).await?;
        let mut set = KeySet::default();
        let mut published = Vec::new();
        for row in rows {
            let (Ok(seed), Ok(public)) = (
                <[u8; 32]>::try_from(row.private_seed.as_slice()),
                <[u8; 32]>::try_from(row.public_key.as_slice()),
            ) else {
                tracing::error!(kid = %row.kid, "skipping a malformed signing key");
                continue;
            };
            if row.retired_at.is_none() && set.signing.is_none() {
                match SigningKey::from_bytes(&seed).to_pkcs8_der() {
                    Ok(der) => {
                        set.signing = Some(SigningEntry {
                            kid: row.kid.clone(),
                            key: EncodingKey::from_ed_der(der.as_bytes()),
                        })
                    }
                    Err(e) => tracing::error!(error = %e, "could not encode the signing key"),
                }
            }
            let (_, x) = public_jwk_parts(&public);
            published.push(serde_json::json!({
                "kty": "OKP", "crv": "Ed25519", "x": x,
                "kid": row.kid, "alg": "EdDSA", "use": "sig",
            }));
            set.verifying
                .insert(row.kid, DecodingKey::from_ed_der(&public));
        }
        set.jwks = serde_json::json!({ "keys": published });
        *self
            .keys
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(set);
        Ok(())
    }

    /// Reloads when the database's signing key differs from ours (another instance rotated).
    pub async fn sync(&self, db: &db::Db) -> Result<(), sqlx::Error> {
        let theirs = db::keys::active_kid(db).await?;
        let ours = self.current().signing.as_ref().map(|s| s.kid.clone());
        if theirs != ours {
            self.reload(db).await?;
        }
        Ok(())
    }

    /// When a key was last added (Unix seconds), if ever: the lab's rotation waits between turns.
    pub async fn last_rotated_at(&self, db: &db::Db) -> Result<Option<i64>, sqlx::Error> {
        db::keys::last_rotated_at(db).await
    }

    /// A new key signs from now on; the old one keeps verifying until its tokens have expired.
    pub async fn rotate(&self, db: &db::Db) -> Result<String, sqlx::Error> {
        let (kid, seed, public) = new_key();
        db::keys::rotate(db, &kid, &seed, &public, now_unix()).await?;
        self.reload(db).await?;
        // Other instances reload now rather than at their next sync (PostgreSQL only).
        db.notify(db::KEYS_CHANNEL, &kid).await?;
        Ok(kid)
    }

    /// Deletes keys retired so long ago that nothing they signed can still be valid.
    pub async fn prune(&self, db: &db::Db) -> Result<u64, sqlx::Error> {
        db::keys::prune(db, now_unix() - self.keep_retired.as_secs() as i64).await
    }

    pub fn jwks(&self) -> serde_json::Value {
        self.current().jwks.clone()
    }

    pub fn signing_kid(&self) -> Option<String> {
        self.current().signing.as_ref().map(|s| s.kid.clone())
    }

    /// An access token for `user`, of the API sign-in `sid`, naming the account's email.
    pub fn sign_access(
        &self,
        user: UserId,
        sid: Option<String>,
        email: Option<&str>,
    ) -> Result<(String, Claims), jsonwebtoken::errors::Error> {
        self.sign_access_lasting(user, sid, email, self.access_ttl)
    }

    /// `sign_access` with its own lifetime: a Learn lab's short sign-in, whose tokens end while
    /// the learner watches. Never longer than the configured lifetime, so the retired keys kept
    /// for verifying (`keep_retired`) always cover it.
    pub fn sign_access_lasting(
        &self,
        user: UserId,
        sid: Option<String>,
        email: Option<&str>,
        ttl: Duration,
    ) -> Result<(String, Claims), jsonwebtoken::errors::Error> {
        self.sign_granted(user, sid, email, None, None, ttl)
    }

    /// An access token of a sign-in; with a grant, one issued to that client, which carries its
    /// `client_id` and `scope` (RFC 9068 §2.2) and may do only what they name; with a DPoP `key`
    /// (its thumbprint), one bound to it (`cnf.jkt`, RFC 9449 §6.1).
    pub fn sign_granted(
        &self,
        user: UserId,
        sid: Option<String>,
        email: Option<&str>,
        grant: Option<&Grant>,
        key: Option<&str>,
        ttl: Duration,
    ) -> Result<(String, Claims), jsonwebtoken::errors::Error> {
        let ttl = ttl.min(self.access_ttl);
        let what = Signed {
            kind: TokenKind::Access,
            subject: user.to_string(),
            session: sid,
            email,
            grant,
            key,
        };
        self.sign_at(what, ttl, now_unix())
    }

    /// A guest cart's token: it names the cart and nothing else.
    pub fn sign_cart(&self, cart: CartId) -> Result<String, jsonwebtoken::errors::Error> {
        let what = Signed {
            kind: TokenKind::Cart,
            subject: cart.to_string(),
            session: None,
            email: None,
            grant: None,
            key: None,
        };
        self.sign_at(what, self.cart_ttl, now_unix())
            .map(|(token, _)| token)
    }

    /// A genuine access token for the same account that expired a minute ago: the tamper lab's
    /// "expired" case, which editing `exp` cannot show (the edit breaks the signature first).
    pub fn sign_expired_copy(
        &self,
        claims: &Claims,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let issued = now_unix() - self.access_ttl.as_secs() as i64 - 60;
        let what = Signed {
            kind: claims.kind,
            subject: claims.sub.clone(),
            session: None,
            email: claims.email.as_deref(),
            grant: None,
            key: None,
        };
        self.sign_at(what, self.access_ttl, issued)
            .map(|(token, _)| token)
    }

    fn sign_at(
        &self,
        what: Signed<'_>,
        ttl: Duration,
        now: i64,
    ) -> Result<(String, Claims), jsonwebtoken::errors::Error> {
        let Signed {
            kind,
            subject,
            session,
            email,
            grant,
            key,
        } = what;
        let keys = self.current();
        let signing = keys
            .signing
            .as_ref()
            .ok_or_else(|| jsonwebtoken::errors::Error::from(ErrorKind::InvalidEddsaKey))?;

        let claims = Claims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.to_string(),
            sub: subject,
            iat: now,
            nbf: now,
            exp: now + ttl.as_secs() as i64,
            jti: crypto::random_token::<16>(),
            kind,
            sid: session,
            email: email.map(String::from),
            client_id: grant.map(|g| g.client_id.clone()),
            scope: grant.map(|g| g.scope.to_string()),
            cnf: key.map(Confirmation::of),
        };
        let mut header = Header::new(ALGORITHM);
        header.typ = Some(kind.typ().to_string());
        header.kid = Some(signing.kid.clone());
        Ok((encode(&header, &claims, &signing.key)?, claims))
    }

    /// Verifies a token of the expected kind. An unknown `kid` triggers at most one reload a
    /// second, so a rotation elsewhere is picked up and random kids cannot hammer the database.
    pub async fn verify(
        &self,
        token: &str,
        expected: TokenKind,
        db: &db::Db,
    ) -> Result<(Header, Claims), TokenError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(TokenError::TooLarge);
        }
        let header = decode_header(token).map_err(|e| header_error(token, e.kind()))?;
        if header.alg != ALGORITHM {
            return Err(TokenError::Algorithm);
        }
        let kid = header.kid.clone().ok_or(TokenError::UnknownKey)?;
        let mut keys = self.current();
        if !keys.verifying.contains_key(&kid) {
            let now = now_unix();
            if self.last_reload.swap(now, Ordering::Relaxed) < now {
                if let Err(e) = self.reload(db).await {
                    tracing::error!(error = %e, "reloading signing keys failed");
                }
                keys = self.current();
            }
        }
        let key = keys.verifying.get(&kid).ok_or(TokenError::UnknownKey)?;
        self.verify_with(token, &header, key, expected)
            .map(|claims| (header, claims))
    }

    fn verify_with(
        &self,
        token: &str,
        header: &Header,
        key: &DecodingKey,
        expected: TokenKind,
    ) -> Result<Claims, TokenError> {
        let data =
            decode::<Claims>(token, key, &self.validation).map_err(|e| token_error(e.kind()))?;
        let claims = data.claims;
        if claims.kind != expected || header.typ.as_deref() != Some(expected.typ()) {
            return Err(TokenError::WrongKind);
        }
        if claims.iat > now_unix() + LEEWAY_SECS as i64 {
            return Err(TokenError::NotYetValid);
        }
        Ok(claims)
    }
}

/// What a token is about, apart from its lifetime: the claims a caller chooses.
struct Signed<'a> {
    kind: TokenKind,
    subject: String,
    session: Option<String>,
    email: Option<&'a str>,
    grant: Option<&'a Grant>,
    key: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kid_is_the_rfc7638_thumbprint() {
        // RFC 8037 appendix A.3: the thumbprint of its example Ed25519 public key.
        let x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
        let public =
            base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, x).unwrap();
        let (kid, x_again) = public_jwk_parts(&public);
        assert_eq!(x_again, x);
        assert_eq!(kid, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }

    #[test]
    fn a_header_naming_none_or_garbage_is_refused_for_what_it_is() {
        use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
        let token = |header: &str| format!("{}.e30.", URL_SAFE_NO_PAD.encode(header));
        let kind = ErrorKind::InvalidToken;
        assert_eq!(
            header_error(&token(r#"{"alg":"none","typ":"at+jwt"}"#), &kind),
            TokenError::Algorithm
        );
        assert_eq!(
            header_error(&token(r#"{"alg":"EdDSA"}"#), &kind),
            TokenError::Malformed
        );
        assert_eq!(header_error("not-a-token", &kind), TokenError::Malformed);
    }
}
