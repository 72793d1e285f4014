//! The Learn section's comparison, measured on this server at the moment it is asked: sizes from
//! real credentials, row counts from the database, verification costs timed here.

mod experiments;

use super::{LearnFacts, ScaleOut, StoredCounts, Timing, VerifyCost};
use crate::domain::{AppError, UserId};
use crate::server::{accounts, clock::now_unix, crypto, token::TokenKind, AppState};
use std::time::Instant;
use tower_sessions::SessionStore;

/// Runs per measurement: enough for a stable median and 10th/90th percentiles; a measurement
/// takes a few tens of milliseconds, and is shared (`SharedCost`).
const SAMPLES: u32 = 201;
/// How long one measurement serves every load of the page. Measured per load, the figures changed
/// on every reload and the close verdict flipped on one load in about twenty (a learner's report):
/// one shared measurement over a longer window, shown with its spread and its time, does not.
const MEASURE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// The verification costs, measured at most once per `MEASURE_EVERY` per instance and shared by
/// every load of the summary in between. Held in `AppState` (the Learn section's state).
#[derive(Default)]
pub struct SharedCost {
    last: tokio::sync::Mutex<Option<(Instant, VerifyCost)>>,
}

impl SharedCost {
    /// The current measurement, or a new one when it is older than `MEASURE_EVERY`. Loads that
    /// arrive while it is being taken wait for it rather than measure at the same time.
    pub async fn get(
        &self,
        state: &AppState,
        token: &str,
        jti: &str,
    ) -> Result<VerifyCost, AppError> {
        let mut last = self.last.lock().await;
        if let Some((at, cost)) = last.as_ref() {
            if at.elapsed() < MEASURE_EVERY {
                return Ok(cost.clone());
            }
        }
        let fresh = cost(state, token, jti).await?;
        *last = Some((Instant::now(), fresh.clone()));
        Ok(fresh)
    }
}

async fn stored(state: &AppState) -> Result<StoredCounts, AppError> {
    let rows = accounts::signins::stored(state).await?;
    Ok(StoredCounts {
        sessions: rows.sessions,
        signed_in_sessions: rows.signed_in_sessions,
        refresh_families: rows.refresh_families,
        refresh_tokens: rows.refresh_tokens,
        denylisted_access_tokens: rows.denylisted_access_tokens,
    })
}

/// Times the work each mechanism does per request: a session record loaded by id, an access
/// token's signature and claims checked, and the denylist lookup "revoke now" adds.
pub async fn cost(state: &AppState, token: &str, jti: &str) -> Result<VerifyCost, AppError> {
    let store = &state.sessions;
    let id = store.any_id().await?;
    let (mut lookups, mut verifies, mut denials) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..SAMPLES {
        let t = Instant::now();
        store.load(&id).await?;
        lookups.push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        let verified = state.keys.verify(token, TokenKind::Access, &state.db).await;
        verifies.push(t.elapsed().as_secs_f64() * 1e6);
        if verified.is_err() {
            tracing::error!("a token signed a moment ago did not verify");
            return Err(AppError::Internal);
        }
        let t = Instant::now();
        std::hint::black_box(state.denylist.contains(jti));
        denials.push(t.elapsed().as_secs_f64() * 1e6);
    }
    Ok(VerifyCost {
        samples: SAMPLES,
        measured_at: now_unix(),
        session_lookup: Timing::of(lookups),
        jwt_verify: Timing::of(verifies),
        denylist_lookup: Timing::of(denials),
    })
}

/// The last recorded multi-instance run, built into the binary (`bench/results/multi-instance.json`,
/// rewritten by `scripts/multi-instance --test --record`).
pub fn scale_out() -> Option<ScaleOut> {
    serde_json::from_str(include_str!(
        "../../../../../bench/results/multi-instance.json"
    ))
    .inspect_err(|e| tracing::error!(error = %e, "the multi-instance result does not parse"))
    .ok()
}

/// The catalog page's requests per second, shared and rendered per request, from the last full
/// benchmark run built into the binary (`bench/results/latest.json`, written by `bench/run`): the
/// median of its rounds.
pub fn catalog_rates() -> Option<(f64, f64)> {
    let run: serde_json::Value =
        serde_json::from_str(include_str!("../../../../../bench/results/latest.json")).ok()?;
    let rps = |id: &str| {
        let mut all: Vec<f64> = run["scenarios"]
            .as_array()?
            .iter()
            .filter(|s| s["id"] == id)
            .filter_map(|s| s["rps"].as_f64())
            .collect();
        all.sort_by(f64::total_cmp);
        all.get(all.len() / 2).copied()
    };
    Some((rps("c")?, rps("c0")?))
}

/// `your_cookie`: the `name=value` of the session cookie this request carried, if any.
pub async fn facts(
    state: &AppState,
    your_cookie: Option<String>,
    your_session_expiry: Option<(i64, i64)>,
) -> Result<LearnFacts, AppError> {
    let c = &state.config;
    // A real access token, shaped like one for user 1 (subject digits change its size by a byte).
    let (token, claims) = state
        .keys
        .sign_access(
            UserId(1),
            Some(crypto::random_token::<16>()),
            Some("alice@example.com"),
        )
        .map_err(|e| {
            tracing::error!(error = %e, "signing a sample token failed");
            AppError::Internal
        })?;
    let access_claims = serde_json::to_value(&claims)
        .ok()
        .and_then(|v| v.as_object().map(|o| o.keys().cloned().collect()))
        .unwrap_or_default();
    // tower-sessions ids are 128 random bits, written as 22 base64url characters.
    let cookie_bytes = c.session_cookie_name().len() + 1 + 22;
    // One shared measurement: the table and the claims' verdicts read the same figures, and so
    // does every load of the page for a minute.
    let cost = state
        .learn
        .verify_cost
        .get(state, &token, &claims.jti)
        .await?;
    let tested = experiments::run(state, &cost).await?;
    Ok(LearnFacts {
        cookie_name: c.session_cookie_name().to_string(),
        your_cookie_bytes: your_cookie.map(|v| v.len()),
        cookie_bytes,
        access_token_bytes: token.len(),
        access_claims,
        access_ttl_secs: c.access_ttl.as_secs(),
        session_idle_secs: c.session_idle.as_secs(),
        session_absolute_secs: c.session_absolute.as_secs(),
        denylist_enabled: c.access_denylist,
        stored: stored(state).await?,
        cost,
        now: now_unix(),
        your_session_expiry,
        demo_mode: c.demo_mode,
        database: state.db.name().to_string(),
        instance: c.instance_id.clone(),
        scale_out: scale_out(),
        catalog_rates: catalog_rates(),
        claims: tested,
    })
}
