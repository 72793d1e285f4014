//! The few primitives the token code needs: OS randomness, URL-safe base64 and SHA-256.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use sha2::{Digest, Sha256};

/// `N` bytes from the operating system's random source. Without it no secret could be made, so
/// its failure (no such source at all) stops the process, as the `OsRng` this replaced did.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
}

/// `N` random bytes as unpadded base64url: 32 bytes give a 43-character token.
pub fn random_token<const N: usize>() -> String {
    b64url(&random_bytes::<N>())
}

pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// Equal-time comparison of two secrets: both are hashed first, so neither length nor a common
/// prefix shows in the time taken.
pub fn secrets_match(a: &str, b: &str) -> bool {
    let (x, y) = (sha256(a.as_bytes()), sha256(b.as_bytes()));
    x.iter()
        .zip(y.iter())
        .fold(0u8, |acc, (p, q)| acc | (p ^ q))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_url_safe_and_different() {
        let a = random_token::<32>();
        let b = random_token::<32>();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn secrets_match_only_when_equal() {
        assert!(secrets_match("same-secret", "same-secret"));
        assert!(!secrets_match("same-secret", "same-secreT"));
        assert!(!secrets_match("same-secret", ""));
    }
}
