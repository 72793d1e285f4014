//! Ending an API sign-in: its refresh family revoked, and with revoke-now its access token on the
//! denylist until its `exp` (in the database for every instance, in each instance's copy).

use super::{claims::Claims, error::AuthError, refresh::hash};
use crate::server::{clock::now_unix, db, AppState};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct LogoutResponse {
    /// The refresh family (this sign-in) can no longer refresh.
    pub refresh_revoked: bool,
    /// The access token was put on the denylist ("revoke now").
    pub access_token_revoked: bool,
    /// Seconds the access token stays valid, if it was not revoked: the price of stateless tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_valid_for: Option<i64>,
    pub message: String,
}

/// Puts an access token on the denylist: in the database for every instance, in this instance's
/// copy at once, and on PostgreSQL a notification that puts it in the other instances' copies.
pub async fn deny(state: &AppState, claims: &Claims) -> Result<(), sqlx::Error> {
    db::refresh::deny_access_token(&state.db, &claims.jti, claims.exp).await?;
    state.denylist.insert(&claims.jti, claims.exp);
    state.db.notify(db::DENYLIST_CHANNEL, &claims.jti).await
}

/// Revokes the sign-in named by the access token's `sid` or by a refresh token; with
/// `revoke_access`, also denylists the access token until its `exp`.
pub async fn logout(
    state: &AppState,
    access: Option<&Claims>,
    refresh_token: Option<&str>,
    revoke_access: bool,
) -> Result<LogoutResponse, AuthError> {
    if access.is_none() && refresh_token.is_none() {
        return Err(AuthError::MissingToken);
    }
    if revoke_access && access.is_none() {
        return Err(AuthError::RevokeNeedsAccessToken);
    }
    if revoke_access && !state.config.access_denylist {
        return Err(AuthError::DenylistDisabled);
    }
    let now = now_unix();
    let mut conn = state.db.acquire().await?;
    let mut families = Vec::new();
    if let Some(sid) = access.and_then(|c| c.sid.clone()) {
        families.push(sid);
    }
    if let Some(token) = refresh_token {
        match db::refresh::token(&mut conn, &hash(token)).await? {
            Some(row) => families.push(row.family_id),
            None if access.is_none() => return Err(AuthError::RefreshInvalid),
            None => {}
        }
    }
    let mut revoked = false;
    for family in &families {
        revoked |= db::refresh::revoke_family(&mut conn, family, None, "logout", now).await?;
    }
    let access_revoked = match (revoke_access, access) {
        (true, Some(claims)) => {
            deny(state, claims).await?;
            true
        }
        _ => false,
    };
    let valid_for = access
        .filter(|_| !access_revoked)
        .map(|c| (c.exp - now).max(0));
    Ok(LogoutResponse {
        refresh_revoked: revoked || !families.is_empty(),
        access_token_revoked: access_revoked,
        access_token_valid_for: valid_for,
        message: logout_message(valid_for, access_revoked),
    })
}

fn logout_message(valid_for: Option<i64>, access_revoked: bool) -> String {
    match valid_for {
        Some(secs) => format!(
            "Signed out: the refresh token is revoked, but the access token keeps working for {secs} more seconds, until it expires. Nothing checks a JWT against the server unless you ask for revoke_access."
        ),
        None if access_revoked => "Signed out: the refresh token is revoked and the access token is on the denylist, refused from now on.".to_string(),
        None => "Signed out: the refresh token is revoked.".to_string(),
    }
}
