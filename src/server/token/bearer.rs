//! Presenting a token: the bearer token out of an `Authorization` value, and checking an access
//! token or a guest cart token. The API's extractors, the request inspector and the labs all check
//! tokens here, so a token means the same thing wherever it is shown.

use super::dpop::{self, ProofError};
use super::{claims::Claims, claims::TokenKind, error::AuthError, error::TokenError};
use crate::domain::{CartId, UserId};
use crate::server::AppState;

/// How a token was presented: `Bearer` (RFC 6750) or `DPoP` (RFC 9449 §7.1), whose token must be
/// bound to the key of the proof sent beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Bearer,
    Dpop,
}

/// The scheme and token of the raw value of an `Authorization` header (None when the request has
/// none). Another scheme, an empty token or bytes that are not text are an invalid token rather
/// than an anonymous call.
pub fn presented(authorization: Option<&[u8]>) -> Result<Option<(Scheme, &str)>, AuthError> {
    let Some(raw) = authorization else {
        return Ok(None);
    };
    let malformed = || AuthError::InvalidToken(TokenError::Malformed);
    let value = std::str::from_utf8(raw).map_err(|_| malformed())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(malformed)?;
    let token = token.trim();
    if token.is_empty() {
        return Err(malformed());
    }
    if scheme.eq_ignore_ascii_case("bearer") {
        Ok(Some((Scheme::Bearer, token)))
    } else if scheme.eq_ignore_ascii_case("dpop") {
        Ok(Some((Scheme::Dpop, token)))
    } else {
        Err(malformed())
    }
}

/// The token of an `Authorization` header, whichever scheme presented it: for what only reads or
/// describes a token (the inspector, introspection, the operator's token).
pub fn parse(authorization: Option<&[u8]>) -> Result<Option<&str>, AuthError> {
    Ok(presented(authorization)?.map(|(_, token)| token))
}

/// A verified access token and the user it names.
#[derive(Clone, Debug)]
pub struct Access {
    pub user: UserId,
    pub claims: Claims,
}

/// Verifies an access token, then (when configured) checks that it was not revoked early.
pub async fn verify_access(state: &AppState, token: &str) -> Result<Access, AuthError> {
    let (_, claims) = state
        .keys
        .verify(token, TokenKind::Access, &state.db)
        .await
        .map_err(AuthError::InvalidToken)?;
    // A token's own jti, or its whole sign-in (`refresh::deny_family`).
    let denied = |id: &str| state.denylist.contains(id);
    if state.config.access_denylist
        && (denied(&claims.jti) || claims.sid.as_deref().is_some_and(denied))
    {
        return Err(AuthError::TokenRevoked);
    }
    let user = claims
        .sub
        .parse()
        .map_err(|_| AuthError::InvalidToken(TokenError::Claims))?;
    Ok(Access { user, claims })
}

/// The API's check of a presented access token (RFC 9449 §7.1): a token bound to a key (`cnf.jkt`)
/// only under the DPoP scheme with a proof by that key for this request, never as a bearer token;
/// the DPoP scheme only with a bound token.
pub async fn verify_presented(
    state: &AppState,
    scheme: Scheme,
    token: &str,
    request: &dpop::Request<'_>,
) -> Result<Access, AuthError> {
    let access = verify_access(state, token).await?;
    let bound = access.claims.cnf.as_ref().map(|c| c.jkt.as_str());
    match (scheme, bound) {
        (Scheme::Bearer, None) => Ok(access),
        (Scheme::Bearer, Some(_)) => Err(AuthError::Dpop(ProofError::Missing)),
        (Scheme::Dpop, None) => Err(AuthError::Dpop(ProofError::Unbound)),
        (Scheme::Dpop, Some(jkt)) => {
            let target = dpop::Target {
                method: request.method,
                path: request.path,
                access_token: Some(token),
            };
            let key = dpop::required(state, request.proof, &target).await?;
            if key != jkt {
                return Err(AuthError::Dpop(ProofError::WrongKey));
            }
            Ok(access)
        }
    }
}

/// Verifies a guest cart's token and returns the cart it names.
pub async fn verify_cart(state: &AppState, token: &[u8]) -> Result<CartId, AuthError> {
    let refused = AuthError::InvalidCartToken;
    let token = std::str::from_utf8(token).map_err(|_| refused(TokenError::Malformed))?;
    let (_, claims) = state
        .keys
        .verify(token.trim(), TokenKind::Cart, &state.db)
        .await
        .map_err(refused)?;
    claims.sub.parse().map_err(|_| refused(TokenError::Claims))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bearer_or_dpop_scheme_with_a_token_is_a_token() {
        assert!(matches!(parse(None), Ok(None)));
        assert!(matches!(
            presented(Some(b"DPoP abc")),
            Ok(Some((Scheme::Dpop, "abc")))
        ));
        assert!(matches!(
            presented(Some(b"Bearer abc")),
            Ok(Some((Scheme::Bearer, "abc")))
        ));
        assert!(matches!(parse(Some(b"Bearer abc")), Ok(Some("abc"))));
        assert!(matches!(parse(Some(b"bearer  abc ")), Ok(Some("abc"))));
        for bad in [&b"Basic abc"[..], b"Bearer ", b"Bearer", b"\xff\xfe"] {
            assert!(
                matches!(
                    parse(Some(bad)),
                    Err(AuthError::InvalidToken(TokenError::Malformed))
                ),
                "{bad:?}"
            );
        }
    }
}
