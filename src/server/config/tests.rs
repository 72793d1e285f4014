//! The configuration's rules, each with the variable it names.

use super::*;
use std::collections::HashMap;

fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(|k| map.get(k).cloned())
}

#[test]
fn defaults_are_safe_and_documented() {
    let c = config(&[]).unwrap();
    assert_eq!(c.listen_addr.to_string(), "127.0.0.1:3000");
    assert_eq!(c.database_url, "sqlite://data/tokenshop.db");
    assert_eq!(c.session_idle, Duration::from_secs(1800));
    assert_eq!(c.session_absolute, Duration::from_secs(43_200));
    assert_eq!(c.login_max_failures, 10);
    assert!(!c.cookie_secure);
    assert_eq!(c.session_cookie_name(), "tokenshop_session");
}

#[test]
fn demo_mode_shortens_lifetimes_unless_they_are_set() {
    let c = config(&[("DEMO_MODE", "true")]).unwrap();
    assert_eq!(c.session_idle, DEMO_SESSION_IDLE);
    let c = config(&[("DEMO_MODE", "1"), ("SESSION_IDLE_SECS", "30")]).unwrap();
    assert_eq!(c.session_idle, Duration::from_secs(30));
}

#[test]
fn practice_mode_relaxes_the_limits_a_test_suite_meets_unless_they_are_set() {
    let normal = config(&[]).unwrap();
    assert!(!normal.practice_mode);
    assert_eq!((normal.signup_max, normal.login_max_failures), (20, 10));
    let practice = config(&[("PRACTICE_MODE", "true")]).unwrap();
    assert!(practice.practice_mode);
    assert_eq!(
        (practice.signup_max, practice.login_max_failures),
        (10_000, 1_000)
    );
    let set = config(&[("PRACTICE_MODE", "true"), ("LOGIN_MAX_FAILURES", "5")]).unwrap();
    assert_eq!(set.login_max_failures, 5);
}

#[test]
fn invalid_values_name_the_variable() {
    let err = config(&[("SESSION_IDLE_SECS", "soon")]).unwrap_err();
    assert_eq!(err.var, "SESSION_IDLE_SECS");
    assert!(err.to_string().contains("SESSION_IDLE_SECS=\"soon\""));
    assert_eq!(
        config(&[("COOKIE_SECURE", "maybe")]).unwrap_err().var,
        "COOKIE_SECURE"
    );
    assert_eq!(
        config(&[("LISTEN_ADDR", "localhost")]).unwrap_err().var,
        "LISTEN_ADDR"
    );
    assert_eq!(
        config(&[("LOGIN_MAX_FAILURES", "0")]).unwrap_err().var,
        "LOGIN_MAX_FAILURES"
    );
    assert_eq!(
        config(&[("DATABASE_URL", "mysql://x")]).unwrap_err().var,
        "DATABASE_URL"
    );
    assert_eq!(
        config(&[("INSTANCE_ID", "a b")]).unwrap_err().var,
        "INSTANCE_ID"
    );
    assert_eq!(
        config(&[("INSTANCE_ID", "shop-2")])
            .unwrap()
            .instance_id
            .as_deref(),
        Some("shop-2")
    );
    for url in [
        "sqlite://data/x.db",
        "postgres://shop@db/tokenshop",
        "postgresql://shop@db/tokenshop",
    ] {
        assert_eq!(config(&[("DATABASE_URL", url)]).unwrap().database_url, url);
    }
    assert_eq!(
        config(&[
            ("SESSION_IDLE_SECS", "100"),
            ("SESSION_ABSOLUTE_SECS", "50")
        ])
        .unwrap_err()
        .var,
        "SESSION_ABSOLUTE_SECS"
    );
}

#[test]
fn the_partner_origin_is_allowed_and_origins_must_be_exact() {
    let c = config(&[]).unwrap();
    assert_eq!(c.public_origin, "http://localhost:3000");
    // The partner, and the same partner server under the shop's host name (the same site, another
    // origin: lesson 5's same-site attacker page calls the API from there).
    assert_eq!(
        c.cors_origins,
        ["http://127.0.0.1:3001", "http://localhost:3001"]
    );
    assert_eq!(
        c.partner_same_site_origin.as_deref(),
        Some("http://localhost:3001")
    );
    let c = config(&[
        ("PARTNER_ADDR", "off"),
        (
            "CORS_ALLOWED_ORIGINS",
            "https://a.example, http://b.example:8080",
        ),
    ])
    .unwrap();
    assert_eq!(c.partner_addr, None);
    assert_eq!(
        c.cors_origins,
        ["https://a.example", "http://b.example:8080"]
    );
    for bad in [
        "*",
        "null",
        "https://a.example/",
        "a.example",
        "https://*.example",
    ] {
        assert_eq!(
            config(&[("CORS_ALLOWED_ORIGINS", bad)]).unwrap_err().var,
            "CORS_ALLOWED_ORIGINS",
            "{bad}"
        );
    }
}

#[test]
fn token_lifetimes_have_defaults_and_demo_values() {
    let c = config(&[]).unwrap();
    assert_eq!(c.access_ttl, Duration::from_secs(300));
    assert_eq!(c.refresh_ttl, Duration::from_secs(14 * 24 * 3600));
    assert!(c.access_denylist);
    assert_eq!(
        config(&[("DEMO_MODE", "on")]).unwrap().access_ttl,
        DEMO_ACCESS_TTL
    );
    assert_eq!(
        config(&[("ADMIN_TOKEN", "short")]).unwrap_err().var,
        "ADMIN_TOKEN"
    );
    let c = config(&[("ADMIN_TOKEN", "a-long-enough-admin-token")]).unwrap();
    assert!(!format!("{c:?}").contains("a-long-enough"));
}

#[test]
fn secure_cookies_use_the_host_prefix() {
    assert_eq!(
        config(&[("COOKIE_SECURE", "true")])
            .unwrap()
            .session_cookie_name(),
        "__Host-tokenshop_session"
    );
}

#[test]
fn the_example_env_file_shows_the_defaults() {
    // Uncommenting every line of .env.example must change nothing: its values are the defaults.
    let example: Vec<(&str, &str)> = include_str!("../../../.env.example")
        .lines()
        .filter_map(|l| l.trim_start_matches('#').trim().split_once('='))
        .filter(|(name, value)| {
            !value.is_empty()
                && !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    assert!(example.len() > 20, "the example's variables: {example:?}");
    let uncommented = config(&example).unwrap();
    assert_eq!(
        format!("{uncommented:?}"),
        format!("{:?}", config(&[]).unwrap())
    );
}

#[test]
fn the_shutdown_grace_period_defaults_to_ten_seconds_and_must_be_positive() {
    assert_eq!(config(&[]).unwrap().shutdown_grace, Duration::from_secs(10));
    let c = config(&[("SHUTDOWN_GRACE_SECS", "3")]).unwrap();
    assert_eq!(c.shutdown_grace, Duration::from_secs(3));
    for bad in ["0", "-1", "soon"] {
        let err = config(&[("SHUTDOWN_GRACE_SECS", bad)]).unwrap_err();
        assert_eq!(err.var, "SHUTDOWN_GRACE_SECS");
    }
}

/// RFC 6265 §8.5: cookies do not provide isolation by port, so the partner's port under the shop's
/// host name is the shop's site; under another host name it is another site, with no twin to add.
#[test]
fn the_partner_under_the_shops_host_name_is_the_same_site() {
    let c = config(&[("PARTNER_ORIGIN", "http://localhost:3001")]).unwrap();
    assert_eq!(c.partner_same_site_origin, None);
    assert_eq!(c.cors_origins, ["http://localhost:3001"]);
    let c = config(&[
        ("PUBLIC_ORIGIN", "https://shop.example"),
        ("PARTNER_ORIGIN", "https://partner.example:8443"),
    ])
    .unwrap();
    assert_eq!(
        c.partner_same_site_origin.as_deref(),
        Some("https://shop.example:8443")
    );
    let c = config(&[("PARTNER_ADDR", "off")]).unwrap();
    assert_eq!(c.partner_same_site_origin, None);
}
