//! PKCE (RFC 7636): the client proves at the token endpoint that it is the one that started the
//! flow, by a secret (`code_verifier`) whose hash it sent first (`code_challenge`).

use crate::server::crypto;

/// RFC 7636 §4.1: 43 to 128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`.
pub fn valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// An `S256` challenge is BASE64URL(SHA256(verifier)) without padding: exactly 43 characters of
/// the base64url alphabet (RFC 7636 §4.2).
pub fn valid_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

/// RFC 7636 §4.6: the server hashes the verifier and compares it with the stored challenge.
pub fn verifies(verifier: &str, challenge: &str) -> bool {
    valid_verifier(verifier)
        && crypto::secrets_match(
            &crypto::b64url(&crypto::sha256(verifier.as_bytes())),
            challenge,
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_example_verifies() {
        // The verifier and challenge printed in RFC 7636 Appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(valid_s256_challenge(challenge));
        assert!(verifies(verifier, challenge));
        assert!(!verifies(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj",
            challenge
        ));
    }

    #[test]
    fn rfc7636_4_1_verifier_length_and_alphabet() {
        assert!(!valid_verifier(&"a".repeat(42)));
        assert!(valid_verifier(&"a".repeat(43)));
        assert!(valid_verifier(&"a".repeat(128)));
        assert!(!valid_verifier(&"a".repeat(129)));
        assert!(!valid_verifier(&format!("{}+", "a".repeat(43))));
        // a `plain` challenge is the verifier itself: never a valid S256 challenge unless 43 chars
        assert!(!valid_s256_challenge("short"));
    }
}
