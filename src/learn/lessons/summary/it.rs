//! The summary's values come from the running server: change the data, the values change.
//! (Compiled into `tests/it`.)

use crate::common::*;
use axum::http::StatusCode;
use tokenshop::learn::lessons::summary::{LearnFacts, Verdict};

async fn facts(app: &TestApp, cookie: Option<&str>) -> LearnFacts {
    let res = app.post("/fn/learn-facts", &[], cookie).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

#[tokio::test]
async fn stored_rows_follow_sign_ins_and_sizes_match_real_credentials() {
    let app = spawn_app().await;
    let before = facts(&app, None).await;
    assert_eq!(before.stored.signed_in_sessions, 0);
    assert_eq!(before.stored.refresh_families, 0);
    assert_eq!(before.your_cookie_bytes, None);

    let mut browser = app.browser();
    browser.login(ALICE.0, ALICE.1).await;
    let tokens = app.api_login(ALICE).await;
    app.api_login(BOB).await;

    let cookie = browser.cookie.clone().unwrap();
    let after = facts(&app, Some(&cookie)).await;
    assert_eq!(after.stored.signed_in_sessions, 1);
    assert_eq!(after.stored.sessions, before.stored.sessions + 1);
    assert_eq!(after.stored.refresh_families, 2);
    assert_eq!(after.stored.refresh_tokens, 2);
    assert_eq!(after.your_cookie_bytes, Some(cookie.len()));
    assert_eq!(
        after.cookie_bytes,
        cookie.len(),
        "every session cookie has one size"
    );
    let alice_token = tokens["access_token"].as_str().unwrap();
    assert_eq!(
        after.access_token_bytes,
        alice_token.len(),
        "user 1's token size"
    );
    for claim in [
        "iss", "aud", "sub", "iat", "nbf", "exp", "jti", "kind", "sid",
    ] {
        assert!(after.access_claims.iter().any(|c| c == claim), "{claim}");
    }
    assert!(after.cost.samples > 0);
    for t in [
        after.cost.session_lookup,
        after.cost.jwt_verify,
        after.cost.denylist_lookup,
    ] {
        assert!(t.median_us > 0.0);
        assert!(t.p10_us <= t.median_us && t.median_us <= t.p90_us, "{t:?}");
    }

    // Logging out through the API revokes a family: the count drops.
    app.api_as("POST", "/api/v1/auth/logout", None, &bearer(alice_token))
        .await;
    assert_eq!(facts(&app, None).await.stored.refresh_families, 1);
}

#[tokio::test]
async fn lifetimes_shown_are_the_configured_ones() {
    let app = spawn_app_with(&[
        ("ACCESS_TOKEN_TTL_SECS", "77"),
        ("SESSION_IDLE_SECS", "300"),
        ("ACCESS_DENYLIST", "false"),
    ])
    .await;
    let f = facts(&app, None).await;
    assert_eq!(f.access_ttl_secs, 77);
    assert_eq!(f.session_idle_secs, 300);
    assert!(!f.denylist_enabled);
    assert_eq!(
        f.your_session_expiry, None,
        "no cookie, no session to count down"
    );

    let mut browser = app.browser();
    browser.login(ALICE.0, ALICE.1).await;
    let f = facts(&app, browser.cookie.as_deref()).await;
    let (idle, absolute) = f.your_session_expiry.expect("this browser's session");
    // A few seconds of slack: a loaded CI machine may take that long between login and facts.
    assert!((290..=300).contains(&(idle - f.now)), "{} s", idle - f.now);
    assert!((43_190..=43_200).contains(&(absolute - f.now)));
}

#[tokio::test]
async fn demo_mode_makes_every_lifetime_a_matter_of_seconds() {
    let app = spawn_app_with(&[("DEMO_MODE", "true")]).await;
    let f = facts(&app, None).await;
    assert!(f.demo_mode);
    assert!(f.access_ttl_secs <= 30 && f.session_idle_secs <= 60 && f.session_absolute_secs <= 120);
}

#[tokio::test]
async fn the_learn_page_renders_the_measured_values() {
    let app = spawn_app().await;
    let res = app.get("/learn/summary", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body.contains("data-testid=\"cost-session\""),
        "{}",
        res.body
    );
    assert!(res.body.contains(" µs"));
    assert!(res.body.contains("tokenshop_session"));
}

#[tokio::test]
async fn the_claims_are_decided_by_experiments_that_leave_nothing_behind() {
    use tokenshop::learn::lessons::summary::{ClaimResult, Verdict};
    let app = spawn_app().await;
    let f = facts(&app, None).await;
    let claims: Vec<ClaimResult> = f.claims.clone();
    assert_eq!(claims.len(), 5);
    let about = |word: &str| {
        claims
            .iter()
            .find(|c| c.claim.contains(word))
            .unwrap()
            .clone()
    };
    let forged = about("forge");
    assert_eq!(forged.verdict, Verdict::DoesNotHoldHere);
    assert!(forged.evidence.contains("0 matched"), "{}", forged.evidence);
    let revoked = about("logs out");
    assert_eq!(
        revoked.verdict,
        Verdict::HoldsWithCaveat,
        "{}",
        revoked.evidence
    );
    assert!(revoked.evidence.contains("still accepted"));
    // "A stolen JWT works anywhere": measured on the API's own check, true for a bearer token,
    // false for one bound by DPoP (RFC 9449 §7.1), whichever way the thief sends it.
    let stolen = about("stolen JWT");
    assert_eq!(
        stolen.verdict,
        Verdict::HoldsWithCaveat,
        "{}",
        stolen.evidence
    );
    for said in [
        "A bearer token, sent by anyone: accepted",
        "sent by a thief as a bearer token: refused",
        "with a proof of the thief's own key: refused",
        "with a proof of the key it is bound to: accepted",
    ] {
        assert!(
            stolen.evidence.contains(said),
            "{said} not in {}",
            stolen.evidence
        );
    }
    // The cost claim reads the table's own measurement: the same figures, the verdict they imply.
    let scale = about("scale");
    let (session, jwt) = (&f.cost.session_lookup, &f.cost.jwt_verify);
    for figure in [
        session.median(),
        session.spread(),
        jwt.median(),
        jwt.spread(),
    ] {
        assert!(
            scale.evidence.contains(&figure),
            "{figure} not in {}",
            scale.evidence
        );
    }
    assert_eq!(
        scale.verdict,
        tokenshop::learn::lessons::summary::stateless_verdict(jwt, session)
    );
    for table in ["refresh_families", "revoked_access_tokens"] {
        let n = app.scalar(&format!("SELECT COUNT(*) FROM {table}")).await;
        assert_eq!(n, 0, "{table}");
    }

    // Without the denylist nothing can stop the token early: the claim simply holds.
    let app = spawn_app_with(&[("ACCESS_DENYLIST", "false")]).await;
    let claims = facts(&app, None).await.claims;
    let revoked = claims
        .iter()
        .find(|c| c.claim.contains("logs out"))
        .unwrap();
    assert_eq!(revoked.verdict, Verdict::Holds);
}

#[tokio::test]
async fn the_several_instances_row_names_this_database_and_the_recorded_run() {
    let app = spawn_app_with(&[("INSTANCE_ID", "shop-9")]).await;
    let f = facts(&app, None).await;
    let expected = if app.state.db.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    assert_eq!(f.database, expected);
    assert_eq!(f.instance.as_deref(), Some("shop-9"));
    let run = f.scale_out.expect("a recorded multi-instance run");
    let ids: Vec<&str> = run.checks.iter().map(|c| c.id.as_str()).collect();
    for id in [
        "round-robin",
        "cookie-session",
        "cookie-logout",
        "jwt-verifies",
        "jwt-revoke-now",
        "key-rotation",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(run.ms("jwt-revoke-now").is_some());
    let (shared, own) = f
        .catalog_rates
        .expect("the last benchmark run's catalog rates");
    assert!(shared > 0.0 && own > 0.0);
    let page = app.get("/learn/summary", None).await;
    assert!(page
        .body
        .contains("This page was rendered by instance shop-9"));
    assert!(page.body.contains(r##"href="#instances""##));
}

/// The claim "JWTs scale better" over 20 loads of the page: one shared measurement, so the same
/// figures and the same verdict every time (it flipped on one load in about twenty when each load
/// measured on its own), and the verdict given only with a margin (`stateless_verdict`).
#[tokio::test]
async fn the_scaling_verdict_and_its_figures_hold_still_over_twenty_loads() {
    let app = spawn_app().await;
    let first = facts(&app, None).await;
    let scale = |f: &LearnFacts| {
        f.claims
            .iter()
            .find(|c| c.claim.contains("scale"))
            .map(|c| (c.verdict, c.evidence.clone()))
            .expect("the scaling claim")
    };
    assert!(
        first.cost.samples >= 200,
        "a longer window: {}",
        first.cost.samples
    );
    for load in 1..20 {
        let again = facts(&app, None).await;
        assert_eq!(again.cost, first.cost, "load {load}: the same measurement");
        assert_eq!(scale(&again), scale(&first), "load {load}");
    }
    let (verdict, evidence) = scale(&first);
    assert_eq!(
        verdict,
        tokenshop::learn::lessons::summary::stateless_verdict(
            &first.cost.jwt_verify,
            &first.cost.session_lookup
        )
    );
    assert!(evidence.contains("shared by every load"), "{evidence}");
}

/// "Session cookies only work on one domain", measured from lesson 6's experiment as browsers ran
/// it here, not read from configuration: no run, no verdict; a cross-site run without the Lax
/// cookie and a same-site one with it, the caveat (cookies do not separate by port).
#[tokio::test]
async fn the_one_domain_claim_comes_from_what_browsers_sent() {
    let app = spawn_app().await;
    let domain = |f: &LearnFacts| {
        f.claims
            .iter()
            .find(|c| c.claim.contains("one domain"))
            .cloned()
            .expect("the one-domain claim")
    };
    let before = domain(&facts(&app, None).await);
    assert_eq!(before.verdict, Verdict::TooClose, "{}", before.evidence);
    assert!(
        before.evidence.contains("Not measured yet"),
        "{}",
        before.evidence
    );

    let attempt = "0123456789abcdef0123456789abcdef";
    let lax = format!("tokenshop_lab_elsewhere_lax={attempt}");
    let check = format!("/learn/lab/elsewhere/check/{attempt}");
    app.api("GET", &check, None, &[("sec-fetch-site", "cross-site")])
        .await;
    app.api(
        "GET",
        &check,
        None,
        &[("sec-fetch-site", "same-site"), ("cookie", &lax)],
    )
    .await;
    let after = domain(&facts(&app, None).await);
    assert_eq!(
        after.verdict,
        Verdict::HoldsWithCaveat,
        "{}",
        after.evidence
    );
    assert!(
        after.evidence.contains("of 1 requests from another site"),
        "{}",
        after.evidence
    );
    assert!(after.evidence.contains("0 carried"), "{}", after.evidence);
    assert!(
        after.evidence.contains("1 of 1 carried it"),
        "{}",
        after.evidence
    );
}
