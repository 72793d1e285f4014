//! API sign-ins as refresh token families: log in to a new family, rotate a refresh token (and
//! treat a replay as theft); ending one is `logout`'s.

use super::{
    claims::{Claims, Grant},
    dpop::ProofError,
    error::AuthError,
    scope::Scopes,
};
use crate::domain::{CartId, Email, UserId};
use crate::server::{
    accounts::{self, LoginInput},
    clock::now_unix,
    crypto, db, shop, AppState,
};
use serde::Serialize;
use std::time::Duration;
use utoipa::ToSchema;

/// Refresh tokens are 43 characters; anything much longer is not one of ours.
pub const MAX_REFRESH_TOKEN_CHARS: usize = 128;

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// A signed JWT (EdDSA) for `Authorization: Bearer`.
    pub access_token: String,
    /// `DPoP` when the sign-in is bound to the key of the proof it was made with (RFC 9449 §5):
    /// send it as `Authorization: DPoP`, with a proof by that key; else `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Opaque and single-use: trade it at `/api/v1/auth/refresh` for a new pair.
    pub refresh_token: String,
    /// This sign-in's id in `GET /api/v1/sessions`: what `DELETE /api/v1/sessions/{id}` ends, from
    /// this client or another of the same account.
    pub sign_in_id: String,
    pub refresh_expires_in: u64,
    /// What was merged from the guest cart named by `Cart-Token`, if anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged: Option<String>,
    /// After a login with a password: send it back as the `Device-Token` header of later logins.
    /// Failed logins that carry it count against this device alone, so other people's failures
    /// (on this account or from a shared address) cannot lock it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
    /// For a token issued to another site: the scopes it was granted (RFC 6749 §5.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

pub(super) fn hash(token: &str) -> [u8; 32] {
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

/// A sign-in's new refresh token, and what its access tokens carry: the grant the authorization
/// server made it with, the DPoP key it is bound to.
struct Family<'a> {
    id: String,
    refresh: String,
    grant: Option<&'a Grant>,
    key: Option<&'a str>,
}

/// A new access token beside a refresh token of `family_id`. `email` goes into the access token
/// so `/me` needs no database (None looks it up); a token issued to another site carries it only
/// when the site was granted `profile`.
async fn pair(
    state: &AppState,
    user: UserId,
    email: Option<String>,
    sign_in: Family<'_>,
    access_ttl: Duration,
) -> Result<(TokenResponse, Claims), AuthError> {
    let Family {
        id: family_id,
        refresh: refresh_token,
        grant,
        key,
    } = sign_in;
    let email = match (email, grant) {
        (_, Some(g)) if !g.scope.contains(super::Scope::Profile) => None,
        (Some(email), _) => Some(email),
        (None, _) => db::users::find_by_id(&state.db, user)
            .await?
            .map(|u| u.email),
    };
    let (access_token, claims) = state.keys.sign_granted(
        user,
        Some(family_id),
        email.as_deref(),
        grant,
        key,
        access_ttl,
    )?;
    let response = TokenResponse {
        access_token,
        token_type: if key.is_some() { "DPoP" } else { "Bearer" },
        expires_in: (claims.exp - claims.iat).max(0) as u64,
        refresh_token,
        sign_in_id: claims
            .sid
            .as_deref()
            .map(|family| format!("token-{family}"))
            .unwrap_or_default(),
        refresh_expires_in: state.config.refresh_ttl.as_secs(),
        merged: None,
        device_token: None,
        scope: grant.map(|g| g.scope.to_string()),
    };
    Ok((response, claims))
}

async fn start_family(
    state: &AppState,
    user: UserId,
    email: &Email,
    user_agent: &str,
    key: Option<&str>,
    access_ttl: Duration,
) -> Result<TokenResponse, AuthError> {
    let family = crypto::random_token::<16>();
    let mut tx = state.db.begin().await?;
    let refresh = open_family(state, &mut tx, &family, user, user_agent, None, key).await?;
    tx.commit().await?;
    let email = Some(email.as_str().to_string());
    let sign_in = Family {
        id: family,
        refresh,
        grant: None,
        key,
    };
    let (tokens, _) = pair(state, user, email, sign_in, access_ttl).await?;
    Ok(tokens)
}

/// Creates the family and its first refresh token in `tx`, bound to the DPoP `key` if one signed
/// the request; returns the refresh token.
async fn open_family(
    state: &AppState,
    tx: &mut db::Conn,
    family: &str,
    user: UserId,
    user_agent: &str,
    grant: Option<&Grant>,
    key: Option<&str>,
) -> Result<String, AuthError> {
    let refresh = crypto::random_token::<32>();
    let now = now_unix();
    let expires = now + state.config.refresh_ttl.as_secs() as i64;
    let scope = grant.map(|g| g.scope.to_string());
    let granted = grant
        .zip(scope.as_deref())
        .map(|(g, s)| (g.client_id.as_str(), s));
    db::refresh::create_family(tx, family, user, user_agent, granted, key, now).await?;
    db::refresh::insert_token(tx, &hash(&refresh), family, now, expires).await?;
    metrics::counter!("tokenshop_signins_total", "carrier" => "token").increment(1);
    Ok(refresh)
}

/// A sign-in granted to another site by the authorization server, opened inside the transaction
/// that redeems its code: a new family marked with the grant, and its first pair. Returns the
/// access token's claims too, so the code can record what it issued.
pub async fn grant_family(
    state: &AppState,
    tx: &mut db::Conn,
    user: UserId,
    grant: &Grant,
    user_agent: &str,
    key: Option<&str>,
) -> Result<(TokenResponse, Claims), AuthError> {
    let family = crypto::random_token::<16>();
    let refresh = open_family(state, tx, &family, user, user_agent, Some(grant), key).await?;
    let ttl = state.config.access_ttl;
    let sign_in = Family {
        id: family,
        refresh,
        grant: Some(grant),
        key,
    };
    pair(state, user, None, sign_in, ttl).await
}

/// Same accounts, same argon2id check and throttle as the pages; a guest cart carried by a
/// `Cart-Token` is merged into the account's cart like the pages' merge.
pub async fn login(
    state: &AppState,
    client: &accounts::Client<'_>,
    user_agent: &str,
    input: LoginInput,
    guest_cart: Option<CartId>,
    key: Option<&str>,
) -> Result<TokenResponse, AuthError> {
    let ttl = state.config.access_ttl;
    login_lasting(state, client, user_agent, input, guest_cart, key, ttl).await
}

/// `login` whose first access token lasts `access_ttl` (at most the configured lifetime): a Learn
/// lab's short sign-in. Its refreshes get the configured lifetime again.
pub async fn login_lasting(
    state: &AppState,
    client: &accounts::Client<'_>,
    user_agent: &str,
    input: LoginInput,
    guest_cart: Option<CartId>,
    key: Option<&str>,
    access_ttl: Duration,
) -> Result<TokenResponse, AuthError> {
    let signed = accounts::authenticate(state, client, input).await?;
    let merged = match guest_cart {
        Some(cart) => shop::carts::merge_guest(state, cart, signed.user)
            .await?
            .summary(),
        None => None,
    };
    let mut tokens = start_family(
        state,
        signed.user,
        &signed.email,
        user_agent,
        key,
        access_ttl,
    )
    .await?;
    tokens.merged = merged;
    tokens.device_token = Some(signed.device.expose().to_string());
    Ok(tokens)
}

/// A new account by the same rules and hashing as the sign-up page, signed in at once by tokens; a
/// guest cart carried by a `Cart-Token` becomes the new account's cart.
pub async fn register(
    state: &AppState,
    client: &str,
    user_agent: &str,
    input: accounts::RegisterInput,
    guest_cart: Option<CartId>,
    key: Option<&str>,
) -> Result<TokenResponse, AuthError> {
    let (user, email) = accounts::register(state, client, input).await?;
    let merged = match guest_cart {
        Some(cart) => shop::carts::merge_guest(state, cart, user).await?.summary(),
        None => None,
    };
    let ttl = state.config.access_ttl;
    let mut tokens = start_family(state, user, &email, user_agent, key, ttl).await?;
    tokens.merged = merged;
    Ok(tokens)
}

/// Swaps a refresh token for a new pair. The token is consumed by one conditional update, so of
/// two racing refreshes exactly one succeeds; presenting a consumed token again revokes the
/// whole family, because either the client or a thief is replaying it and we cannot tell which.
pub async fn refresh(
    state: &AppState,
    token: &str,
    key: Option<&str>,
) -> Result<TokenResponse, AuthError> {
    refresh_for(state, token, None, key).await
}

/// `refresh` for the sign-ins of one client: `None` for the shop's own (`/api/v1/auth/refresh`),
/// a client id at the authorization server's token endpoint. A refresh token is bound to the
/// client it was issued to (RFC 6749 §6): presented by another, it is refused and stays unspent.
/// A sign-in bound to a DPoP key is refreshed only with a proof by that key (`key`, RFC 9449 §5),
/// and one that is not cannot be bound later: either way the token stays unspent.
pub async fn refresh_for(
    state: &AppState,
    token: &str,
    client_id: Option<&str>,
    key: Option<&str>,
) -> Result<TokenResponse, AuthError> {
    if token.is_empty() || token.len() > MAX_REFRESH_TOKEN_CHARS {
        return Err(AuthError::RefreshInvalid);
    }
    let token_hash = hash(token);
    let now = now_unix();
    let mut tx = state.db.begin().await?;
    let Some(family_id) = db::refresh::consume(&mut tx, &token_hash, now).await? else {
        let known = db::refresh::token(&mut tx, &token_hash).await?;
        // A spent token of a bound sign-in, from a client without its key: refused, and not taken
        // for a replay — a thief who cannot use the sign-in must not be able to end it either.
        if let Some(row) = known.as_ref().filter(|r| r.used_at.is_some()) {
            let family = db::refresh::family(&mut tx, &row.family_id).await?;
            if let Some(bound) = family.and_then(|f| f.dpop_jkt) {
                bound_to(Some(&bound), key)?;
            }
        }
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
                metrics::counter!("tokenshop_refresh_reuse_detected_total").increment(1);
                Err(AuthError::RefreshReused)
            }
            _ => Err(AuthError::RefreshInvalid),
        };
    };
    let family = db::refresh::family(&mut tx, &family_id)
        .await?
        .ok_or(AuthError::RefreshInvalid)?;
    if family.client_id.as_deref() != client_id {
        // Another client's token: refused, and (the transaction dropped, not committed) not spent.
        return Err(AuthError::RefreshInvalid);
    }
    // Refused here, the transaction is dropped and the token stays unspent: a thief without the
    // key cannot burn the client's refresh token either.
    bound_to(family.dpop_jkt.as_deref(), key)?;
    if family.revoked_at.is_some() {
        tx.commit().await?;
        return Err(AuthError::RefreshInvalid);
    }
    let next = crypto::random_token::<32>();
    let expires = now + state.config.refresh_ttl.as_secs() as i64;
    db::refresh::insert_token(&mut tx, &hash(&next), &family_id, now, expires).await?;
    db::refresh::touch_family(&mut tx, &family_id, now).await?;
    tx.commit().await?;
    metrics::counter!("tokenshop_refreshes_total").increment(1);
    let grant = family_grant(&family);
    let ttl = state.config.access_ttl;
    let sign_in = Family {
        id: family_id,
        refresh: next,
        grant: grant.as_ref(),
        key,
    };
    let (tokens, _) = pair(state, family.user_id, None, sign_in, ttl).await?;
    Ok(tokens)
}

/// RFC 9449 §5: a sign-in bound to a key is refreshed only with a proof by that key, and one made
/// without a proof cannot be bound later.
fn bound_to(bound: Option<&str>, key: Option<&str>) -> Result<(), AuthError> {
    match (bound, key) {
        (None, None) => Ok(()),
        (Some(bound), Some(key)) if bound == key => Ok(()),
        (Some(_), None) => Err(AuthError::Dpop(ProofError::RefreshNeedsProof)),
        (Some(_), Some(_)) => Err(AuthError::Dpop(ProofError::WrongKey)),
        (None, Some(_)) => Err(AuthError::Dpop(ProofError::NotBound)),
    }
}

/// The grant a family was made with, if the authorization server made it.
fn family_grant(family: &db::refresh::FamilyRow) -> Option<Grant> {
    let client_id = family.client_id.clone()?;
    let scope = Scopes::parse(family.scope.as_deref()?).ok()?;
    Some(Grant { client_id, scope })
}
