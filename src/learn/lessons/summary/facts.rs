//! The Learn section's comparison, every value of which is measured on the running shop.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LearnFacts {
    pub cookie_name: String,
    /// The session cookie this browser sent with this request (`name=value`), if it has one.
    pub your_cookie_bytes: Option<usize>,
    /// The size of any session cookie this shop sets (`name=value`; the id is 128 random bits).
    pub cookie_bytes: usize,
    /// An access token this server signs right now, measured.
    pub access_token_bytes: usize,
    /// The claim names inside it.
    pub access_claims: Vec<String>,
    pub access_ttl_secs: u64,
    pub session_idle_secs: u64,
    pub session_absolute_secs: u64,
    pub denylist_enabled: bool,
    pub stored: StoredCounts,
    pub cost: VerifyCost,
    /// The server's clock when measured, so countdowns do not depend on the visitor's clock.
    pub now: i64,
    /// This browser's session: when it ends if idle, and at the latest (Unix seconds).
    pub your_session_expiry: Option<(i64, i64)>,
    pub demo_mode: bool,
    /// "SQLite" or "PostgreSQL": what the sessions, refresh families and denylist live in here.
    pub database: String,
    /// This instance's `INSTANCE_ID`, when several run behind a load balancer.
    pub instance: Option<String>,
    /// The last recorded run of several instances behind a load balancer (scripts/multi-instance).
    pub scale_out: Option<ScaleOut>,
    /// The catalog page in the last recorded full benchmark run (bench/run): requests per second
    /// without a cookie (shared for a second) and with one (rendered for each request).
    pub catalog_rates: Option<(f64, f64)>,
    /// "Claims, tested", decided by experiments run for this same request and, where a claim is
    /// about cost, by `cost` above.
    pub claims: Vec<ClaimResult>,
}

/// What `scripts/multi-instance --test --record` measured: several instances, one database.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScaleOut {
    pub date: String,
    pub machine: String,
    pub setup: String,
    pub checks: Vec<ScaleOutCheck>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScaleOutCheck {
    pub id: String,
    pub claim: String,
    pub result: String,
    /// How long it took, where that is the point (a revocation or key reaching the others).
    #[serde(default)]
    pub ms: Option<f64>,
}

impl ScaleOut {
    /// The measured milliseconds of the check with this id, rounded for a sentence.
    pub fn ms(&self, id: &str) -> Option<u64> {
        self.checks
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.ms)
            .map(|ms| ms.round().max(0.0) as u64)
    }
}

/// Rows in the shop's database right now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCounts {
    /// Cookie sessions (guests with a cart and signed-in browsers).
    pub sessions: i64,
    pub signed_in_sessions: i64,
    /// API sign-ins (refresh token families) and their tokens, used ones kept for reuse detection.
    pub refresh_families: i64,
    pub refresh_tokens: i64,
    pub denylisted_access_tokens: i64,
}

/// One timed operation: the median of its runs and the range the middle 80 % of them fell in, so a
/// reader sees how much a single run can differ from the figure the verdicts use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub median_us: f64,
    pub p10_us: f64,
    pub p90_us: f64,
}

impl Timing {
    pub fn of(mut samples: Vec<f64>) -> Timing {
        samples.sort_by(f64::total_cmp);
        let at = |q: f64| match samples.len() {
            0 => 0.0,
            n => samples[((n - 1) as f64 * q).round() as usize],
        };
        // Kept to 0.01 µs: a sample is whole nanoseconds, so a figure like 375.35 sits exactly on
        // the rounding edge of the one decimal shown, and read back from JSON it showed 375.4 where
        // the server's verdict had written 375.3 (CI). Two decimals survive JSON, so the table and
        // the verdicts show the same figure.
        let cents = |v: f64| (v * 100.0).round() / 100.0;
        Timing {
            p10_us: cents(at(0.1)),
            p90_us: cents(at(0.9)),
            median_us: cents(median_us(samples)),
        }
    }

    /// "35.5 µs": the figure the table and every verdict show.
    pub fn median(&self) -> String {
        us(self.median_us)
    }

    /// "28.1–41.0 µs": where the middle 80 % of the runs fell.
    pub fn spread(&self) -> String {
        format!("{}–{}", number(self.p10_us), us(self.p90_us))
    }
}

fn number(v: f64) -> String {
    if v < 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1}")
    }
}

fn us(v: f64) -> String {
    format!("{} µs", number(v))
}

/// Per-request verification work, timed on this server once per page load: the comparison table and
/// the "claims, tested" verdicts all read this one measurement.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VerifyCost {
    pub samples: u32,
    /// When it was measured (Unix seconds): every load of the page within a minute shares it.
    pub measured_at: i64,
    /// Loading a session record from the database by its id.
    pub session_lookup: Timing,
    /// Checking an access token's signature and claims (no I/O).
    pub jwt_verify: Timing,
    /// The extra denylist lookup when "revoke now" is on.
    pub denylist_lookup: Timing,
}

/// A whole number with thousands separators: 29523.4 → "29,523".
pub fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.max(0.0));
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Median of measured durations in microseconds; 0 for no samples.
pub fn median_us(mut samples: Vec<f64>) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.sort_by(f64::total_cmp);
    let mid = samples.len() / 2;
    if samples.len().is_multiple_of(2) {
        (samples[mid - 1] + samples[mid]) / 2.0
    } else {
        samples[mid]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_with_thousands_separators() {
        assert_eq!(thousands(29_523.4), "29,523");
        assert_eq!(thousands(1_000.0), "1,000");
        assert_eq!(thousands(999.6), "1,000");
        assert_eq!(thousands(42.0), "42");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
    }

    #[test]
    fn the_median_is_the_middle_value_or_the_mean_of_the_two() {
        assert_eq!(median_us(vec![]), 0.0);
        assert_eq!(median_us(vec![5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median_us(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn a_timing_shows_its_median_and_the_middle_80_percent() {
        let t = Timing::of((1..=11).rev().map(f64::from).collect());
        assert_eq!((t.median_us, t.p10_us, t.p90_us), (6.0, 2.0, 10.0));
        assert_eq!(t.median(), "6.0 µs");
        assert_eq!(t.spread(), "2.0–10.0 µs");
        assert_eq!(Timing::of(vec![0.25]).spread(), "0.25–0.25 µs");
    }
}

/// A common statement about cookies or JWTs, and what an experiment on this shop made of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimResult {
    pub claim: String,
    pub verdict: Verdict,
    /// What the experiment did and measured, in a sentence or two.
    pub evidence: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Holds,
    HoldsWithCaveat,
    DoesNotHoldHere,
    /// The measurements are too close, or too few, to decide.
    TooClose,
}

impl Verdict {
    /// The same word serde writes, for styling and tests.
    pub fn slug(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::HoldsWithCaveat => "holds_with_caveat",
            Verdict::DoesNotHoldHere => "does_not_hold_here",
            Verdict::TooClose => "too_close",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::HoldsWithCaveat => "holds, with a caveat",
            Verdict::DoesNotHoldHere => "does not hold here",
            Verdict::TooClose => "too close to call here",
        }
    }
}

/// "Checking a JWT is cheaper than looking up a session": decided by the two measured costs, and
/// only when they are clearly apart — the middle 80 % of one's runs entirely below the other's.
/// When the ranges overlap the verdict is "too close to call here", not a coin toss on noise.
pub fn stateless_verdict(jwt: &Timing, session: &Timing) -> Verdict {
    if jwt.p90_us < session.p10_us {
        // Cheaper per request, but refresh, logout and revoke-now still need the database.
        Verdict::HoldsWithCaveat
    } else if jwt.p10_us > session.p90_us {
        Verdict::DoesNotHoldHere
    } else {
        Verdict::TooClose
    }
}

#[cfg(test)]
mod claim_tests {
    use super::*;

    #[test]
    fn the_scaling_verdict_follows_the_measurements_and_needs_a_margin() {
        let t = |p10_us, median_us, p90_us| Timing {
            median_us,
            p10_us,
            p90_us,
        };
        let session = t(50.0, 60.0, 70.0);
        assert_eq!(
            stateless_verdict(&t(8.0, 10.0, 12.0), &session),
            Verdict::HoldsWithCaveat
        );
        assert_eq!(
            stateless_verdict(&t(75.0, 80.0, 90.0), &session),
            Verdict::DoesNotHoldHere
        );
        // Medians apart, ranges overlapping: noise could swap them, so no verdict either way.
        assert_eq!(
            stateless_verdict(&t(45.0, 55.0, 65.0), &session),
            Verdict::TooClose
        );
        assert_eq!(
            stateless_verdict(&t(55.0, 65.0, 75.0), &session),
            Verdict::TooClose
        );
    }

    #[test]
    fn the_slug_is_what_serde_writes() {
        for v in [
            Verdict::Holds,
            Verdict::HoldsWithCaveat,
            Verdict::DoesNotHoldHere,
            Verdict::TooClose,
        ] {
            assert_eq!(
                serde_json::to_string(&v).unwrap(),
                format!("\"{}\"", v.slug())
            );
        }
    }
}
