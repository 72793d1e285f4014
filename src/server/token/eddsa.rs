//! jsonwebtoken's cryptography for the one algorithm this shop signs with, EdDSA (Ed25519), on
//! ed25519-dalek. jsonwebtoken's ready-made `rust_crypto` backend would also compile RSA, HMAC and
//! ECDSA, and with RSA a crate under advisory (RUSTSEC-2023-0071, the Marvin timing attack) that
//! this shop never uses; its `CryptoProvider` lets a program bring its own instead. Every other
//! algorithm is refused here as well as by the validation's algorithm list.

use ed25519_dalek::{
    ed25519::signature::{self, Signer, Verifier},
    pkcs8::DecodePrivateKey,
    Signature, SigningKey, VerifyingKey,
};
use jsonwebtoken::{
    crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils},
    errors::{ErrorKind, Result},
    jwk::{EllipticCurve, ThumbprintHash},
    Algorithm, DecodingKey, EncodingKey,
};
use sha2::Digest;

static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: signer,
    verifier_factory: verifier,
    key_utils: KeyUtils {
        rsa_pub_components_from_private_key: |_| Err(ErrorKind::InvalidAlgorithm.into()),
        rsa_pub_components_from_public_key: |_| Err(ErrorKind::InvalidAlgorithm.into()),
        ec_pub_components_from_private_key: |_, _| Err(ErrorKind::InvalidAlgorithm.into()),
        ed_pub_components_from_private_key: ed_public_from_private,
        compute_digest: digest,
    },
};

/// Makes EdDSA jsonwebtoken's process-wide provider. jsonwebtoken keeps it in a global of its own;
/// a second call (every test's app does this) finds it installed and changes nothing.
pub fn install() {
    let _ = PROVIDER.install_default();
}

struct EdSigner(SigningKey);

impl Signer<Vec<u8>> for EdSigner {
    fn try_sign(&self, msg: &[u8]) -> std::result::Result<Vec<u8>, signature::Error> {
        Ok(self.0.sign(msg).to_bytes().to_vec())
    }
}

impl JwtSigner for EdSigner {
    fn algorithm(&self) -> Algorithm {
        Algorithm::EdDSA
    }
}

struct EdVerifier(VerifyingKey);

impl Verifier<Vec<u8>> for EdVerifier {
    fn verify(&self, msg: &[u8], sig: &Vec<u8>) -> std::result::Result<(), signature::Error> {
        self.0.verify(msg, &Signature::from_slice(sig)?)
    }
}

impl JwtVerifier for EdVerifier {
    fn algorithm(&self) -> Algorithm {
        Algorithm::EdDSA
    }
}

/// A signer for a PKCS#8 Ed25519 key (`EncodingKey::from_ed_der`).
fn signer(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>> {
    if *algorithm != Algorithm::EdDSA {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    let key = SigningKey::from_pkcs8_der(key.as_bytes()).map_err(|_| ErrorKind::InvalidEddsaKey)?;
    Ok(Box::new(EdSigner(key)))
}

/// A verifier for a raw 32-byte Ed25519 public key (`DecodingKey::from_ed_der` of those bytes).
fn verifier(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>> {
    if *algorithm != Algorithm::EdDSA {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    let bytes: &[u8; 32] = key
        .try_get_as_bytes()?
        .get(..32)
        .and_then(|b| b.try_into().ok())
        .ok_or(ErrorKind::InvalidEddsaKey)?;
    let key = VerifyingKey::from_bytes(bytes).map_err(|_| ErrorKind::InvalidEddsaKey)?;
    Ok(Box::new(EdVerifier(key)))
}

fn ed_public_from_private(der: &[u8], curve: &EllipticCurve) -> Result<Vec<u8>> {
    if *curve != EllipticCurve::Ed25519 {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    let key = SigningKey::from_pkcs8_der(der).map_err(|_| ErrorKind::InvalidEddsaKey)?;
    Ok(key.verifying_key().to_bytes().to_vec())
}

fn digest(data: &[u8], hash: ThumbprintHash) -> Result<Vec<u8>> {
    Ok(match hash {
        ThumbprintHash::SHA256 => sha2::Sha256::digest(data).to_vec(),
        ThumbprintHash::SHA384 => sha2::Sha384::digest(data).to_vec(),
        ThumbprintHash::SHA512 => sha2::Sha512::digest(data).to_vec(),
        _ => return Err(ErrorKind::InvalidAlgorithm.into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::pkcs8::EncodePrivateKey;

    fn keys() -> (EncodingKey, DecodingKey) {
        let key = SigningKey::from_bytes(&[7; 32]);
        let der = key.to_pkcs8_der().unwrap();
        (
            EncodingKey::from_ed_der(der.as_bytes()),
            DecodingKey::from_ed_der(key.verifying_key().as_bytes()),
        )
    }

    #[test]
    fn an_eddsa_signature_verifies_and_a_changed_message_does_not() {
        install();
        let (enc, dec) = keys();
        let sig = signer(&Algorithm::EdDSA, &enc)
            .unwrap()
            .try_sign(b"hello")
            .unwrap();
        let v = verifier(&Algorithm::EdDSA, &dec).unwrap();
        assert!(v.verify(b"hello", &sig).is_ok());
        assert!(v.verify(b"hellO", &sig).is_err());
    }

    #[test]
    fn every_other_algorithm_is_refused() {
        let (enc, dec) = keys();
        for alg in [
            Algorithm::HS256,
            Algorithm::RS256,
            Algorithm::ES256,
            Algorithm::PS256,
        ] {
            assert!(signer(&alg, &enc).is_err(), "{alg:?} signer");
            assert!(verifier(&alg, &dec).is_err(), "{alg:?} verifier");
        }
    }

    #[test]
    fn a_short_public_key_is_an_error_not_a_panic() {
        let short = DecodingKey::from_ed_der(&[1; 16]);
        assert!(verifier(&Algorithm::EdDSA, &short).is_err());
    }
}
