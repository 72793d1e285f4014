//! Presenting a token: the bearer token out of an `Authorization` value, and checking an access
//! token or a guest cart token. The API's extractors, the request inspector and the labs all check
//! tokens here, so a token means the same thing wherever it is shown.

use super::{claims::Claims, claims::TokenKind, error::AuthError, error::TokenError};
use crate::domain::{CartId, UserId};
use crate::server::AppState;

/// The token after `Bearer `, from the raw value of an `Authorization` header (None when the
/// request has none). Another scheme, an empty token or bytes that are not text are an invalid
/// token rather than an anonymous call.
pub fn parse(authorization: Option<&[u8]>) -> Result<Option<&str>, AuthError> {
    let Some(raw) = authorization else {
        return Ok(None);
    };
    let malformed = || AuthError::InvalidToken(TokenError::Malformed);
    let value = std::str::from_utf8(raw).map_err(|_| malformed())?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(Some(token.trim()))
        }
        _ => Err(malformed()),
    }
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
    fn only_a_bearer_with_a_token_is_a_token() {
        assert!(matches!(parse(None), Ok(None)));
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
