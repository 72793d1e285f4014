//! "Claims, tested": statements often made about cookies and JWTs, each checked by an experiment
//! on this shop's real code paths, with the result and the evidence.

use super::super::{stateless_verdict, ClaimResult, Verdict, VerifyCost};
use crate::domain::AppError;
use crate::server::{
    clock::now_unix,
    token::{
        bearer::{verify_access, verify_presented, Scheme},
        dpop::{self, proof::OwnKey},
        logout::deny,
        sample::{logged_out_sample, sample_user},
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

/// "14:05:31": a moment as a 24-hour clock in UTC, for evidence read on any machine.
fn utc_clock(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix).map_or_else(
        |_| unix.to_string(),
        |t| format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()),
    )
}

/// Statelessness: is checking a JWT cheaper than a session lookup, and is it really stateless?
/// Decided by the page's own measurement, so the verdict and the table never disagree.
fn stateless(cost: &VerifyCost) -> ClaimResult {
    let (session, jwt) = (&cost.session_lookup, &cost.jwt_verify);
    ClaimResult {
        claim: "JWTs scale better because checking one needs no shared state.".into(),
        verdict: stateless_verdict(jwt, session),
        evidence: format!(
            "Measured on this instance at {} UTC, one measurement shared by every load of this page for a minute (median of {} runs; the middle 80 % in brackets): signature and claims {} ({}), a session lookup {} ({}), the revoke-now denylist lookup {} (an in-memory copy). \
             A verdict is given only when the two middle-80 % ranges do not overlap; otherwise it is too close to call. \
             Refresh, logout and revoke-now still need the database, every instance must know the keys, and the denylist must reach every instance: by PostgreSQL NOTIFY within milliseconds, or at the next reload within a second.",
            utc_clock(cost.measured_at),
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

/// Domains: measured from what browsers sent in lesson 6's experiment on this instance (its
/// `SameSite=Lax` cookie is set as this shop's session cookie is: host-only, HttpOnly, Lax), not
/// read from configuration. A site is the scheme and registrable host name, never the port
/// (RFC 6265 §8.5: cookies do not isolate by port), so the same-site rows are the caveat.
fn one_domain(state: &AppState) -> ClaimResult {
    let checks: Vec<_> = state
        .learn
        .cookie_trials
        .all()
        .into_iter()
        .filter(|t| t.step == "check")
        .collect();
    let tally = |site: &str| {
        let from: Vec<_> = checks.iter().filter(|t| t.site == site).collect();
        let with_lax = from
            .iter()
            .filter(|t| t.arrived.contains(&"SameSite=Lax"))
            .count();
        (from.len(), with_lax)
    };
    let (cross, cross_lax) = tally("cross-site");
    let (same, same_lax) = tally("same-site");
    let claim = "Session cookies only work on one domain.".to_string();
    let cookie = state.config.session_cookie_name();
    if cross == 0 {
        return ClaimResult {
            claim,
            verdict: Verdict::TooClose,
            evidence: format!(
                "Not measured yet on this instance: no browser has run lesson 6's experiment from another site in the last {} min. \
                 Run it (“A cookie on another site”) and this verdict is drawn from what your browser sent. \
                 Until then, configuration only: {cookie} is host-only and SameSite=Lax.",
                crate::learn::server::drops::LIFETIME_SECS / 60
            ),
        };
    }
    let same_text = if same == 0 {
        "No request came from the same site on another port (open the partner under the shop's host name to try it).".to_string()
    } else {
        format!("From the same site on another port (Sec-Fetch-Site: same-site), {same_lax} of {same} carried it: cookies do not separate by port, so a page at the shop's host name under another port is the shop's site.")
    };
    ClaimResult {
        claim,
        verdict: if cross_lax == 0 {
            Verdict::HoldsWithCaveat
        } else {
            Verdict::DoesNotHoldHere
        },
        evidence: format!(
            "Measured from lesson 6's experiment as browsers ran it on this instance in the last {} min: of {cross} requests from another site (Sec-Fetch-Site: cross-site), \
             {cross_lax} carried the SameSite=Lax cookie, set as {cookie} is (host-only, HttpOnly, Lax). {same_text} \
             So it is one site rather than one domain: sibling subdomains could share a cookie set with Domain=, another port on the same host name gets it anyway, and another site never does.",
            crate::learn::server::drops::LIFETIME_SECS / 60
        ),
    }
}

/// Theft: does a copied access token work for whoever sends it? Measured on the API's own check
/// (`verify_presented`) with two tokens made now for the same account — a bearer one, and one bound
/// to a key the shop made for this experiment (DPoP, RFC 9449) — each sent as a thief would: as a
/// bearer token, and with a proof of the thief's own key.
async fn stolen_token(state: &AppState) -> Result<ClaimResult, AppError> {
    let user = sample_user(state).await?;
    let owner = OwnKey::generate();
    let thief = OwnKey::generate();
    let sign = |key: Option<&str>| {
        state
            .keys
            .sign_granted(user, None, None, None, key, state.config.access_ttl)
            .map(|(token, _)| token)
            .map_err(|e| {
                tracing::error!(error = %e, "signing the theft experiment's tokens failed");
                AppError::Internal
            })
    };
    let (plain, bound) = (sign(None)?, sign(Some(&owner.thumbprint()))?);
    let me = "/api/v1/me";
    let htu = format!("{}{me}", state.config.public_origin);
    let present = |scheme: Scheme, token: String, proof: Option<String>| async move {
        let request = dpop::Request {
            method: "GET",
            path: me,
            proof: proof.as_deref(),
        };
        verify_presented(state, scheme, &token, &request)
            .await
            .is_ok()
    };
    let bearer_works = present(Scheme::Bearer, plain.clone(), None).await;
    let bound_as_bearer = present(Scheme::Bearer, bound.clone(), None).await;
    let thief_proof = thief.proof("GET", &htu, Some(&bound));
    let bound_with_own_key = present(Scheme::Dpop, bound.clone(), Some(thief_proof)).await;
    let owner_proof = owner.proof("GET", &htu, Some(&bound));
    let bound_with_the_key = present(Scheme::Dpop, bound, Some(owner_proof)).await;
    let word = |ok: bool| if ok { "accepted" } else { "refused" };
    Ok(ClaimResult {
        claim: "A stolen JWT works anywhere until it expires.".into(),
        verdict: match (bearer_works, bound_as_bearer || bound_with_own_key, bound_with_the_key) {
            (true, false, true) => Verdict::HoldsWithCaveat,
            (true, true, _) => Verdict::Holds,
            _ => Verdict::DoesNotHoldHere,
        },
        evidence: format!(
            "Two access tokens for the same account were made just now and checked by the API's own code. A bearer token, sent by anyone: {}.              A token bound to a key by DPoP (RFC 9449), sent by a thief as a bearer token: {}; with a proof of the thief's own key: {};              with a proof of the key it is bound to: {}. So it holds for bearer tokens and not for bound ones — though a script inside the victim's page can still ask the page's key to sign (lesson 4).",
            word(bearer_works),
            word(bound_as_bearer),
            word(bound_with_own_key),
            word(bound_with_the_key),
        ),
    })
}

/// The experiments, with `cost` the measurement the page already took.
pub async fn run(state: &AppState, cost: &VerifyCost) -> Result<Vec<ClaimResult>, AppError> {
    Ok(vec![
        forged_cookie(state).await?,
        stateless(cost),
        one_domain(state),
        after_revocation(state).await?,
        stolen_token(state).await?,
    ])
}
