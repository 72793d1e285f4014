//! Server nonces for DPoP (RFC 9449 §8): a value the client must put in its proofs, so a proof
//! cannot be made ahead of time. Derived, not stored: a window of time and an HMAC of it under a
//! key all instances share (`db::dpop::shared_secret`), so any instance accepts a nonce another
//! issued, and none keeps a list. A nonce is good in its window and the next.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long one nonce is current; it is still accepted during the window after.
pub const WINDOW_SECS: i64 = 300;
const TAG_BYTES: usize = 16;

/// The nonces' key. Never `Debug` or `Serialize`: it is a secret.
pub struct Nonces {
    key: [u8; 32],
}

impl Nonces {
    pub fn new(key: [u8; 32]) -> Self {
        Nonces { key }
    }

    fn mac(&self, window: i64) -> Hmac<Sha256> {
        // An HMAC key of any length is accepted (RFC 2104), so this cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("any key length");
        mac.update(b"tokenshop dpop nonce");
        mac.update(&window.to_be_bytes());
        mac
    }

    /// The nonce of the window `now` falls in.
    pub fn current(&self, now: i64) -> String {
        let window = now.div_euclid(WINDOW_SECS);
        let tag = self.mac(window).finalize().into_bytes();
        let mut bytes = window.to_be_bytes().to_vec();
        bytes.extend_from_slice(&tag[..TAG_BYTES]);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Whether `nonce` is this key's, of the current window or the one before.
    pub fn accepts(&self, nonce: &str, now: i64) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(nonce) else {
            return false;
        };
        if bytes.len() != 8 + TAG_BYTES {
            return false;
        }
        let (window, tag) = bytes.split_at(8);
        let window = i64::from_be_bytes(window.try_into().unwrap_or_default());
        let current = now.div_euclid(WINDOW_SECS);
        (window == current || window == current - 1)
            && self.mac(window).verify_truncated_left(tag).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc9449_8_a_nonce_is_accepted_in_its_window_and_the_next_by_any_holder_of_the_key() {
        let one = Nonces::new([7; 32]);
        let other_instance = Nonces::new([7; 32]);
        let now = 1_800_000_000;
        let nonce = one.current(now);
        assert!(other_instance.accepts(&nonce, now));
        assert!(other_instance.accepts(&nonce, now + WINDOW_SECS));
        assert!(
            !other_instance.accepts(&nonce, now + 2 * WINDOW_SECS),
            "too old"
        );
        assert!(!Nonces::new([8; 32]).accepts(&nonce, now), "another key's");
        let mut forged = URL_SAFE_NO_PAD.decode(&nonce).unwrap();
        forged[7] ^= 1;
        assert!(
            !one.accepts(&URL_SAFE_NO_PAD.encode(forged), now),
            "another window, same tag"
        );
        assert!(!one.accepts("garbage", now));
    }
}
