//! What the server makes of an access token, for `/api/v1/auth/introspect` and the playground:
//! whether it is accepted, why not, when it expires, and whether its sign-in was revoked — the
//! difference between "the signature is valid" and "the user is still signed in".

use super::{
    claims::{Claims, TokenKind, MAX_TOKEN_BYTES},
    error::{AuthError, TokenError},
};
use crate::server::{clock::now_unix, db, AppState};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct RefreshFamilyStatus {
    pub id: String,
    pub revoked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_reason: Option<String>,
}

/// What the server makes of a token: is it valid, when does it expire, is its sign-in revoked.
#[derive(Debug, Serialize, ToSchema)]
pub struct Introspection {
    /// True when the token would be accepted by the API right now.
    pub active: bool,
    /// Whether the signature verifies with a key from the JWKS.
    pub signature_valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<TokenError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// On the "revoke now" denylist.
    pub denylisted: bool,
    /// The refresh family the token was issued for: logout revokes it, the token lives on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_family: Option<RefreshFamilyStatus>,
    /// The token's header and claims as sent (decoded, whether or not they verified); null when
    /// that part is not a base64url JSON object.
    #[schema(value_type = Option<Object>)]
    pub header: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub claims: Option<serde_json::Value>,
    /// Whether this request also carried the shop's session cookie.
    pub cookie_session_sent: bool,
}

/// A token's header and claims as sent, decoded without verifying anything (what anyone can read).
/// Only JSON objects count: a JWT's header and claims are objects, and the API says so.
pub fn unverified_parts(token: &str) -> (Option<serde_json::Value>, Option<serde_json::Value>) {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    let part = |s: Option<&str>| {
        s.and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .filter(serde_json::Value::is_object)
    };
    let mut parts = token.split('.');
    (part(parts.next()), part(parts.next()))
}

pub async fn introspect(
    state: &AppState,
    token: &str,
    cookie_session_sent: bool,
) -> Result<Introspection, AuthError> {
    let now = now_unix();
    let (header, claims) = if token.len() <= MAX_TOKEN_BYTES {
        unverified_parts(token)
    } else {
        (None, None)
    };
    let verified = state.keys.verify(token, TokenKind::Access, &state.db).await;
    let reason = verified.as_ref().err().copied();
    let signature_valid = !reason.is_some_and(TokenError::is_forgery_or_garbage);
    let signed_claims: Option<Claims> = claims
        .clone()
        .filter(|_| signature_valid)
        .and_then(|c| serde_json::from_value(c).ok());
    let denylisted = match &signed_claims {
        Some(c) => state.denylist.contains(&c.jti),
        None => false,
    };
    let refresh_family = match signed_claims.as_ref().and_then(|c| c.sid.as_deref()) {
        Some(sid) => {
            let mut conn = state.db.acquire().await?;
            db::refresh::family(&mut conn, sid)
                .await?
                .map(|f| RefreshFamilyStatus {
                    id: f.id,
                    revoked: f.revoked_at.is_some(),
                    revoked_reason: f.revoked_reason,
                })
        }
        None => None,
    };
    Ok(Introspection {
        active: verified.is_ok() && !(denylisted && state.config.access_denylist),
        signature_valid,
        reason,
        expires_in: signed_claims.as_ref().map(|c| c.exp - now),
        denylisted,
        refresh_family,
        header,
        claims,
        cookie_session_sent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same tokens `src/browser/kit.js`'s `jwtParts` is tested against (in the browser): the
    /// inspector and the labs' scripts read a token's parts alike.
    #[test]
    fn a_tokens_parts_read_as_the_browser_reads_them() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../browser/cases.json")).unwrap();
        let table = cases["jwt_parts"].as_array().unwrap();
        assert!(!table.is_empty());
        for case in table {
            let (header, payload) = unverified_parts(case["token"].as_str().unwrap());
            assert_eq!(header.as_ref(), Some(&case["header"]));
            assert_eq!(payload.as_ref(), Some(&case["payload"]));
        }
        assert_eq!(unverified_parts("not.a-token"), (None, None));
    }
}
