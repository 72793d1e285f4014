//! "Claims, tested": statements often made about cookies and JWTs, each checked by an experiment
//! on this shop's real code paths, with the result and the evidence.

use super::super::{stateless_verdict, ClaimResult, Verdict, VerifyCost};
use crate::domain::AppError;
use crate::server::{
    clock::now_unix,
    token::{
        bearer::verify_access,
        refresh::{deny, logged_out_sample},
        AuthError,
    },
    AppState,
};
use tower_sessions::{session::Id, SessionStore};

/// Forged session ids: without a signature, can a made-up cookie value get in?
async fn forged_cookie(state: &AppState) -> Result<ClaimResult, AppError> {
    let store = &state.sessions;
    let tries = 200;
    let mut found = 0;
    for _ in 0..tries {
        if store.load(&Id::default()).await?.is_some() {
            found += 1;
        }
    }
    Ok(ClaimResult {
        claim: "A session cookie has no signature, so anyone can forge one.".into(),
        verdict: if found == 0 { Verdict::DoesNotHoldHere } else { Verdict::Holds },
        evidence: format!(
            "{tries} made-up session ids were looked up just now; {found} matched a session. The cookie is a 128-bit random id \
             whose meaning lives in the database: guessing one is as hopeless as forging a signature, and tower-sessions adds no signature because it needs none."
        ),
    })
}

/// Statelessness: is checking a JWT cheaper than a session lookup, and is it really stateless?
/// Decided by the page's own measurement, so the verdict and the table never disagree.
fn stateless(cost: &VerifyCost) -> ClaimResult {
    let (session, jwt) = (&cost.session_lookup, &cost.jwt_verify);
    ClaimResult {
        claim: "JWTs scale better because checking one needs no shared state.".into(),
        verdict: stateless_verdict(jwt.median_us, session.median_us),
        evidence: format!(
            "Measured here for this page (median of {} runs; the middle 80 % in brackets): signature and claims {} ({}), a session lookup {} ({}), the revoke-now denylist lookup {} (an in-memory copy). \
             Refresh, logout and revoke-now still need the database, every instance must know the keys, and the denylist must reach every instance: by PostgreSQL NOTIFY within milliseconds, or at the next reload within a second.",
            cost.samples,
            jwt.median(),
            jwt.spread(),
            session.median(),
            session.spread(),
            cost.denylist_lookup.median()
        ),
    }
}

/// Revocation: after logout, does the access token still work, and does the denylist stop it?
async fn after_revocation(state: &AppState) -> Result<ClaimResult, AppError> {
    let sample = logged_out_sample(state).await?;
    let (token, claims) = (sample.token.clone(), sample.claims.clone());
    let after_logout = verify_access(state, &token).await.is_ok();
    let denylisted = if state.config.access_denylist {
        deny(state, &claims).await?;
        Some(matches!(
            verify_access(state, &token).await,
            Err(AuthError::TokenRevoked)
        ))
    } else {
        None
    };
    sample.forget(state).await?;
    let verdict = match (after_logout, denylisted) {
        (true, Some(true)) => Verdict::HoldsWithCaveat,
        (true, _) => Verdict::Holds,
        (false, _) => Verdict::DoesNotHoldHere,
    };
    let denylist = match denylisted {
        Some(true) => "Put on the denylist, the same token was refused at once, at the price of a lookup on every request.",
        Some(false) => "Put on the denylist, it was still accepted: that would be a bug.",
        None => "The denylist is off on this server, so nothing can stop it early.",
    };
    Ok(ClaimResult {
        claim: "A JWT stays valid after the user logs out.".into(),
        verdict,
        evidence: format!(
            "A token was issued and its sign-in revoked just now; the API then {} it, with {} s left until exp. {denylist}",
            if after_logout { "still accepted" } else { "refused" },
            claims.exp - now_unix()
        ),
    })
}

/// Domains: the cookie is host-only and never sent cross-site; the partner must use tokens.
fn one_domain(state: &AppState) -> ClaimResult {
    let c = &state.config;
    ClaimResult {
        claim: "Session cookies only work on one domain.".into(),
        verdict: Verdict::HoldsWithCaveat,
        evidence: format!(
            "This shop's cookie {} has no Domain attribute (host-only) and SameSite=Lax, so the browser keeps it to {}; the partner site at {} \
             never receives it and uses bearer tokens instead. A shop could share a cookie across its own subdomains with Domain=, but never with another site.",
            c.session_cookie_name(),
            c.public_origin,
            c.partner_origin
        ),
    }
}

/// The experiments, with `cost` the measurement the page already took.
pub async fn run(state: &AppState, cost: &VerifyCost) -> Result<Vec<ClaimResult>, AppError> {
    Ok(vec![
        forged_cookie(state).await?,
        stateless(cost),
        one_domain(state),
        after_revocation(state).await?,
    ])
}
