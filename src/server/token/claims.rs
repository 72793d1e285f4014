//! What a token says: its kind, its claims, and the fixed rules every token of this shop follows.

use super::scope::{Scope, Scopes};
use jsonwebtoken::Algorithm;
use serde::{Deserialize, Serialize};

/// Who the tokens are for: this shop's API, and nothing else that might trust the same keys.
pub const AUDIENCE: &str = "tokenshop-api";
/// Clock skew forgiven on `exp`, `nbf` and `iat`.
pub const LEEWAY_SECS: u64 = 2;
/// Real tokens are about 400 bytes; anything far larger is refused before any parsing.
pub const MAX_TOKEN_BYTES: usize = 2048;
/// The one algorithm signed with and accepted: asymmetric, so the verifying keys can be public.
pub const ALGORITHM: Algorithm = Algorithm::EdDSA;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Access,
    Cart,
}

impl TokenKind {
    /// Explicit typing in the header (RFC 8725 §3.11), checked as well as the claim.
    pub fn typ(self) -> &'static str {
        match self {
            TokenKind::Access => "at+jwt",
            TokenKind::Cart => "cart+jwt",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user id for access tokens, the cart id for cart tokens (parsed once, by `bearer`).
    pub sub: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
    pub kind: TokenKind,
    /// The refresh family (API sign-in) an access token was issued for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The account's email in an access token, so `/me` needs no database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The client a token was issued to through the shop's authorization server (RFC 9068 §2.2);
    /// absent in tokens of the shop's own sign-ins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// What a client's token may do, space-delimited (RFC 9068 §2.2.3); absent with `client_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The key a DPoP-bound token is bound to (RFC 9449 §6.1, RFC 7800): accepted only with a
    /// proof signed by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnf: Option<Confirmation>,
}

/// RFC 7800's confirmation claim, with the one member DPoP uses: the key's RFC 7638 thumbprint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    pub jkt: String,
}

impl Confirmation {
    /// Bound to the key with this thumbprint.
    pub fn of(jkt: &str) -> Self {
        Confirmation {
            jkt: jkt.to_string(),
        }
    }
}

/// What the user allowed a client on the consent page: who, and which scopes. A sign-in (refresh
/// family) made by the authorization server keeps it, and every access token of that sign-in
/// carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub client_id: String,
    pub scope: Scopes,
}

impl Claims {
    /// Whether this token may do what `scope` names: a first-party token (no `client_id`) may do
    /// everything its user may; a client's token only what it was granted, and never `account`.
    pub fn allows(&self, scope: Scope) -> bool {
        match (&self.client_id, &self.scope) {
            (None, _) => true,
            (Some(_), Some(granted)) => granted.split(' ').any(|s| s == scope.name()),
            (Some(_), None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_distinct_header_types() {
        assert_ne!(TokenKind::Access.typ(), TokenKind::Cart.typ());
        assert_eq!(serde_json::to_string(&TokenKind::Cart).unwrap(), "\"cart\"");
    }
}
