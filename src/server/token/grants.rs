//! Authorization codes and the sign-ins they open: what the shop's authorization server
//! (`server::oauth`) asks of the token core, with no HTTP in it. A code is random, stored only as
//! its hash, bound to the client, the redirect URI, the user, the scopes and the PKCE challenge,
//! good for 60 s and once (RFC 6749 §4.1.2, RFC 7636 §4.6); redeemed, it opens a refresh family
//! marked with the grant, whose tokens carry `client_id` and `scope` (RFC 9068 §2.2).

use super::{
    claims::Grant,
    error::AuthError,
    pkce,
    refresh::{self, TokenResponse},
    scope::Scopes,
};
use crate::domain::{AppError, CartId, UserId};
use crate::server::{accounts::signins, clock::now_unix, crypto, db, shop, AppState};

/// How long a code is good for: RFC 6749 §4.1.2 recommends at most 10 minutes; a browser that
/// follows the redirect at once needs seconds.
pub const CODE_TTL_SECS: i64 = 60;

/// What the user allowed on the consent page, for the code that carries it to the client.
pub struct Allowed<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub user: UserId,
    pub scope: &'a Scopes,
    pub challenge: &'a str,
}

/// A random code for what was allowed; only its hash is kept.
pub async fn issue_code(state: &AppState, allowed: &Allowed<'_>) -> Result<String, AppError> {
    let code = crypto::random_token::<32>();
    let now = now_unix();
    let scope = allowed.scope.to_string();
    db::oauth::insert(
        &state.db,
        db::oauth::NewCode {
            code_hash: &crypto::sha256(code.as_bytes()),
            client_id: allowed.client_id,
            redirect_uri: allowed.redirect_uri,
            user_id: allowed.user,
            scope: &scope,
            code_challenge: allowed.challenge,
            now,
            expires_at: now + CODE_TTL_SECS,
        },
    )
    .await?;
    metrics::counter!("tokenshop_oauth_codes_total").increment(1);
    Ok(code)
}

/// What the client presents at the token endpoint with a code.
pub struct Redemption<'a> {
    pub code: &'a str,
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub verifier: &'a str,
    pub user_agent: &'a str,
    /// The client's guest cart, merged into the account's when the grant includes `cart`.
    pub guest_cart: Option<CartId>,
    /// The key of the token request's DPoP proof: the grant's tokens are bound to it.
    pub key: Option<&'a str>,
}

/// Why a code was refused: each is RFC 6749's `invalid_grant`, said in words.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error("{0}")]
    Invalid(&'static str),
    #[error(transparent)]
    Shop(#[from] AppError),
}

impl From<sqlx::Error> for CodeError {
    fn from(err: sqlx::Error) -> Self {
        CodeError::Shop(err.into())
    }
}

impl From<AuthError> for CodeError {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::Shop(e) => CodeError::Shop(e),
            other => {
                tracing::error!(error = %other, "issuing a grant's tokens failed");
                CodeError::Shop(AppError::Internal)
            }
        }
    }
}

/// What a code is bound to (RFC 6749 §4.1.3, RFC 7636 §4.6): its lifetime, the client it was
/// issued to, the redirect URI it was sent to, and the challenge its verifier must hash to.
fn bound_to(row: &db::oauth::CodeRow, r: &Redemption<'_>, now: i64) -> Result<(), CodeError> {
    let invalid = |why| Err(CodeError::Invalid(why));
    if row.expires_at <= now {
        return invalid("The code expired: codes last 60 seconds. Start again.");
    }
    if row.client_id != r.client_id {
        return invalid("The code was issued to another client.");
    }
    if row.redirect_uri != r.redirect_uri {
        return invalid("redirect_uri is not the one the code was sent to.");
    }
    if !pkce::verifies(r.verifier, &row.code_challenge) {
        return invalid(
            "code_verifier does not match the code_challenge this code was issued for.",
        );
    }
    Ok(())
}

/// Trades a code for a token pair, in the order RFC 6749 §4.1.3 and RFC 7636 §4.6 check it. The
/// bindings are checked before the code is spent, so a guess without the verifier cannot burn the
/// real client's code; spending it is one conditional update, so of two racing redemptions one wins.
pub async fn redeem(state: &AppState, r: Redemption<'_>) -> Result<TokenResponse, CodeError> {
    let code_hash = crypto::sha256(r.code.as_bytes());
    let now = now_unix();
    let mut tx = state.db.begin().await?;
    let Some(row) = db::oauth::find(&mut tx, &code_hash).await? else {
        return Err(CodeError::Invalid("The code is unknown."));
    };
    if row.used_at.is_some() {
        drop(tx);
        return Err(replayed(state, &row, r.client_id).await?);
    }
    bound_to(&row, &r, now)?;
    let Some(row) = db::oauth::consume(&mut tx, &code_hash, now).await? else {
        return Err(CodeError::Invalid("The code was used a moment ago."));
    };
    let scope = Scopes::parse(&row.scope).map_err(|_| AppError::Internal)?;
    let grant = Grant {
        client_id: row.client_id.clone(),
        scope,
    };
    let (mut tokens, claims) =
        refresh::grant_family(state, &mut tx, row.user_id, &grant, r.user_agent, r.key).await?;
    let family = claims.sid.as_deref().unwrap_or_default();
    db::oauth::record_issued(&mut tx, &code_hash, family, &claims.jti, claims.exp).await?;
    tx.commit().await?;
    metrics::counter!("tokenshop_oauth_grants_total").increment(1);
    // The client's guest cart merges into the account's as at an API login (the shop's own
    // extension, not RFC 6749's), and only when the user allowed the client the cart.
    if let (Some(cart), true) = (r.guest_cart, grant.scope.contains(super::Scope::Cart)) {
        tokens.merged = shop::carts::merge_guest(state, cart, row.user_id)
            .await?
            .summary();
    }
    Ok(tokens)
}

/// RFC 6749 §4.1.2: a code presented twice is refused, and what it issued is revoked — the copy
/// presented first may have been an attacker's. The family is revoked and its access tokens denied.
async fn replayed(
    state: &AppState,
    row: &db::oauth::CodeRow,
    client_id: &str,
) -> Result<CodeError, CodeError> {
    if let Some(family) = row.family_id.as_deref() {
        let mut conn = state.db.acquire().await?;
        let reason = "authorization code reused";
        db::refresh::revoke_family(&mut conn, family, None, reason, now_unix()).await?;
        signins::deny_grant(state, family).await?;
    }
    tracing::warn!(
        client = client_id,
        "an authorization code was presented again: its grant is revoked"
    );
    metrics::counter!("tokenshop_oauth_code_reuse_total").increment(1);
    Ok(CodeError::Invalid(
        "This code was already used. Every token issued from it is now revoked.",
    ))
}
