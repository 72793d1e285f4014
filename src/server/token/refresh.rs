//! The JWT side of signing in, as plain async functions: log in to a new refresh family, rotate a
//! refresh token (and treat a replay as theft), log out, and explain a token.

use crate::server::{
    accounts::{self, LoginInput},
    api::error::ApiError,
    crypto, db, now_unix,
    token::keys::{Claims, TokenError, TokenKind},
    AppState,
};
use serde::Serialize;
use utoipa::ToSchema;

/// Refresh tokens are 43 characters; anything much longer is not one of ours.
const MAX_REFRESH_TOKEN_CHARS: usize = 128;

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// A signed JWT (EdDSA) for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Opaque and single-use: trade it at `/api/v1/auth/refresh` for a new pair.
    pub refresh_token: String,
    pub refresh_expires_in: u64,
    /// What was merged from the guest cart named by `Cart-Token`, if anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged: Option<String>,
}

fn hash(token: &str) -> [u8; 32] {
    crypto::sha256(token.as_bytes())
}

/// What the database says of a refresh token, in words, for the request inspector. Reads only.
pub async fn describe_refresh(state: &AppState, token: &str) -> Result<String, sqlx::Error> {
    let mut conn = state.db.acquire().await?;
    let Some(row) = db::refresh::token(&mut conn, &hash(token)).await? else {
        return Ok("unknown: no such refresh token".into());
    };
    let family = db::refresh::family(&mut conn, &row.family_id).await?;
    Ok(match (family.and_then(|f| f.revoked_at), row.used_at) {
        (Some(_), _) => "its sign-in is revoked".into(),
        (None, Some(_)) => "already spent: presenting it again revokes its whole sign-in".into(),
        (None, None) if row.expires_at <= now_unix() => "expired".into(),
        (None, None) => "unused: good for exactly one refresh".into(),
    })
}

async fn pair(
    state: &AppState,
    user_id: i64,
    family_id: String,
    refresh_token: String,
) -> Result<TokenResponse, ApiError> {
    let email = db::users::find_by_id(&state.db, user_id)
        .await?
        .map(|u| u.email);
    let (access_token, _) = state.keys.sign(
        TokenKind::Access,
        user_id.to_string(),
        Some(family_id),
        state.config.access_ttl,
        &state.config.public_origin,
        email.as_deref(),
    )?;
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: state.config.access_ttl.as_secs(),
        refresh_token,
        refresh_expires_in: state.config.refresh_ttl.as_secs(),
        merged: None,
    })
}

async fn start_family(
    state: &AppState,
    user_id: i64,
    user_agent: &str,
) -> Result<TokenResponse, ApiError> {
    let family = crypto::random_token::<16>();
    let refresh = crypto::random_token::<32>();
    let now = now_unix();
    let expires = now + state.config.refresh_ttl.as_secs() as i64;
    let mut tx = state.db.begin().await?;
    db::refresh::create_family(&mut tx, &family, user_id, user_agent, now).await?;
    db::refresh::insert_token(&mut tx, &hash(&refresh), &family, now, expires).await?;
    tx.commit().await?;
    pair(state, user_id, family, refresh).await
}

/// Same accounts, same argon2id check and throttle as the pages; a guest cart carried by a
/// `Cart-Token` is merged into the account's cart like the pages' merge.
pub async fn login(
    state: &AppState,
    client: &str,
    user_agent: &str,
    input: LoginInput,
    guest_cart: Option<i64>,
) -> Result<TokenResponse, ApiError> {
    let user_id = accounts::authenticate(state, client, input).await?;
    let merged = match guest_cart {
        Some(cart) if db::carts::guest_cart_exists(&state.db, cart).await? => {
            db::carts::merge_guest_into_user(&state.db, cart, user_id)
                .await?
                .summary()
        }
        _ => None,
    };
    let mut tokens = start_family(state, user_id, user_agent).await?;
    tokens.merged = merged;
    Ok(tokens)
}

/// Swaps a refresh token for a new pair. The token is consumed by one conditional update, so of
/// two racing refreshes exactly one succeeds; presenting a consumed token again revokes the
/// whole family, because either the client or a thief is replaying it and we cannot tell which.
pub async fn refresh(state: &AppState, token: &str) -> Result<TokenResponse, ApiError> {
    if token.is_empty() || token.len() > MAX_REFRESH_TOKEN_CHARS {
        return Err(ApiError::RefreshInvalid);
    }
    let token_hash = hash(token);
    let now = now_unix();
    let mut tx = state.db.begin().await?;
    let Some(family_id) = db::refresh::consume(&mut tx, &token_hash, now).await? else {
        let known = db::refresh::token(&mut tx, &token_hash).await?;
        return match known {
            Some(row) if row.used_at.is_some() => {
                db::refresh::revoke_family(
                    &mut tx,
                    &row.family_id,
                    None,
                    "refresh token reused",
                    now,
                )
                .await?;
                tx.commit().await?;
                tracing::warn!(family = %row.family_id, "refresh token replayed: family revoked");
                Err(ApiError::RefreshReused)
            }
            _ => Err(ApiError::RefreshInvalid),
        };
    };
    let family = db::refresh::family(&mut tx, &family_id)
        .await?
        .ok_or(ApiError::RefreshInvalid)?;
    if family.revoked_at.is_some() {
        tx.commit().await?;
        return Err(ApiError::RefreshInvalid);
    }
    let next = crypto::random_token::<32>();
    let expires = now + state.config.refresh_ttl.as_secs() as i64;
    db::refresh::insert_token(&mut tx, &hash(&next), &family_id, now, expires).await?;
    db::refresh::touch_family(&mut tx, &family_id, now).await?;
    tx.commit().await?;
    pair(state, family.user_id, family_id, next).await
}

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
) -> Result<LogoutResponse, ApiError> {
    if access.is_none() && refresh_token.is_none() {
        return Err(ApiError::MissingToken);
    }
    if revoke_access && access.is_none() {
        return Err(ApiError::Validation(
            "revoke_access needs the access token in the Authorization header.".into(),
        ));
    }
    if revoke_access && !state.config.access_denylist {
        return Err(ApiError::DenylistDisabled);
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
            None if access.is_none() => return Err(ApiError::RefreshInvalid),
            None => {}
        }
    }
    let mut revoked = false;
    for family in &families {
        revoked |= db::refresh::revoke_family(&mut conn, family, None, "logout", now).await?;
    }
    let mut access_revoked = false;
    if let (true, Some(claims)) = (revoke_access, access) {
        deny(state, claims).await?;
        access_revoked = true;
    }
    let valid_for = access
        .filter(|_| !access_revoked)
        .map(|c| (c.exp - now).max(0));
    let message = match valid_for {
        Some(secs) => format!(
            "Signed out: the refresh token is revoked, but the access token keeps working for {secs} more seconds, until it expires. Nothing checks a JWT against the server unless you ask for revoke_access."
        ),
        None if access_revoked => "Signed out: the refresh token is revoked and the access token is on the denylist, refused from now on.".to_string(),
        None => "Signed out: the refresh token is revoked.".to_string(),
    };
    Ok(LogoutResponse {
        refresh_revoked: revoked || !families.is_empty(),
        access_token_revoked: access_revoked,
        access_token_valid_for: valid_for,
        message,
    })
}

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
    /// The token's header and claims as sent (decoded, whether or not they verified).
    #[schema(value_type = Object)]
    pub header: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub claims: Option<serde_json::Value>,
    /// Whether this request also carried the shop's session cookie.
    pub cookie_session_sent: bool,
}

fn unverified_parts(token: &str) -> (Option<serde_json::Value>, Option<serde_json::Value>) {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    let part = |s: Option<&str>| {
        s.and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
    };
    let mut parts = token.split('.');
    (part(parts.next()), part(parts.next()))
}

pub async fn introspect(
    state: &AppState,
    token: &str,
    cookie_session_sent: bool,
) -> Result<Introspection, ApiError> {
    let now = now_unix();
    let (header, claims) = if token.len() <= crate::server::token::keys::MAX_TOKEN_BYTES {
        unverified_parts(token)
    } else {
        (None, None)
    };
    let verified = state.keys.verify(token, TokenKind::Access, &state.db).await;
    let reason = verified.as_ref().err().copied();
    let signature_valid = !matches!(
        reason,
        Some(
            TokenError::Malformed
                | TokenError::TooLarge
                | TokenError::Algorithm
                | TokenError::UnknownKey
                | TokenError::BadSignature
        )
    );
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
