//! One typed configuration, read from the environment at start. Every variable is documented in
//! `.env.example`; an invalid value stops the start with a message naming the variable.

use std::{fmt, net::SocketAddr, path::PathBuf, str::FromStr, time::Duration};

#[derive(Clone, Debug)]
pub struct Config {
    pub listen_addr: SocketAddr,
    pub database_url: String,
    /// Where the built site (wasm, js, css, images) is served from.
    pub site_root: PathBuf,
    /// Mark the session cookie `Secure` (and use the `__Host-` name prefix). Turn on behind https.
    pub cookie_secure: bool,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub demo_mode: bool,
    pub login_max_failures: u32,
    pub login_window: Duration,
    pub max_body_bytes: usize,
    /// Read the client address from the last `X-Forwarded-For` entry (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    pub seed_demo_users: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub var: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid configuration: {}={:?}: expected {}",
            self.var, self.value, self.expected
        )
    }
}

impl std::error::Error for ConfigError {}

/// Lifetimes used when DEMO_MODE is on, short enough to watch a session expire during a lesson.
pub const DEMO_SESSION_IDLE: Duration = Duration::from_secs(120);
pub const DEMO_SESSION_ABSOLUTE: Duration = Duration::from_secs(600);

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads through `lookup` so tests can supply variables without touching the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |var: &'static str| {
            lookup(var)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let demo_mode = parse_bool(get("DEMO_MODE"), "DEMO_MODE", false)?;
        let secs = |var: &'static str, default: Duration| -> Result<Duration, ConfigError> {
            match get(var) {
                None => Ok(default),
                Some(v) => match v.parse::<u64>() {
                    Ok(n) if n > 0 => Ok(Duration::from_secs(n)),
                    _ => Err(ConfigError {
                        var,
                        value: v,
                        expected: "a whole number of seconds greater than 0",
                    }),
                },
            }
        };
        let (idle_default, absolute_default) = if demo_mode {
            (DEMO_SESSION_IDLE, DEMO_SESSION_ABSOLUTE)
        } else {
            (
                Duration::from_secs(30 * 60),
                Duration::from_secs(12 * 60 * 60),
            )
        };
        let session_idle = secs("SESSION_IDLE_SECS", idle_default)?;
        let session_absolute = secs("SESSION_ABSOLUTE_SECS", absolute_default)?;
        if session_absolute < session_idle {
            return Err(ConfigError {
                var: "SESSION_ABSOLUTE_SECS",
                value: session_absolute.as_secs().to_string(),
                expected: "a lifetime at least as long as SESSION_IDLE_SECS",
            });
        }
        let database_url =
            get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/tokenshop.db".to_string());
        if !database_url.starts_with("sqlite:") {
            return Err(ConfigError {
                var: "DATABASE_URL",
                value: database_url,
                expected: "a sqlite: URL (PostgreSQL support is planned)",
            });
        }
        Ok(Config {
            listen_addr: parse(
                get("LISTEN_ADDR"),
                "LISTEN_ADDR",
                "127.0.0.1:3000",
                "an address like 127.0.0.1:3000",
            )?,
            database_url,
            site_root: PathBuf::from(
                get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            ),
            cookie_secure: parse_bool(get("COOKIE_SECURE"), "COOKIE_SECURE", false)?,
            session_idle,
            session_absolute,
            demo_mode,
            login_max_failures: parse(
                get("LOGIN_MAX_FAILURES"),
                "LOGIN_MAX_FAILURES",
                "10",
                "a whole number",
            )
            .and_then(|n: u32| {
                if n == 0 {
                    Err(ConfigError {
                        var: "LOGIN_MAX_FAILURES",
                        value: "0".into(),
                        expected: "at least 1",
                    })
                } else {
                    Ok(n)
                }
            })?,
            login_window: secs("LOGIN_WINDOW_SECS", Duration::from_secs(15 * 60))?,
            max_body_bytes: parse(
                get("MAX_BODY_BYTES"),
                "MAX_BODY_BYTES",
                "65536",
                "a number of bytes",
            )?,
            trust_forwarded_for: parse_bool(
                get("TRUST_FORWARDED_FOR"),
                "TRUST_FORWARDED_FOR",
                false,
            )?,
            seed_demo_users: parse_bool(get("SEED_DEMO_USERS"), "SEED_DEMO_USERS", true)?,
        })
    }

    /// The session cookie's name; `__Host-` makes browsers insist on Secure, Path=/ and no Domain.
    pub fn session_cookie_name(&self) -> &'static str {
        if self.cookie_secure {
            "__Host-tokenshop_session"
        } else {
            "tokenshop_session"
        }
    }
}

fn parse<T: FromStr>(
    value: Option<String>,
    var: &'static str,
    default: &str,
    expected: &'static str,
) -> Result<T, ConfigError> {
    let raw = value.unwrap_or_else(|| default.to_string());
    raw.parse::<T>().map_err(|_| ConfigError {
        var,
        value: raw,
        expected,
    })
}

fn parse_bool(
    value: Option<String>,
    var: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match value.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(_) => Err(ConfigError {
            var,
            value: value.unwrap_or_default(),
            expected: "true or false",
        }),
    }
}

#[cfg(test)]
mod tests {
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
    fn secure_cookies_use_the_host_prefix() {
        assert_eq!(
            config(&[("COOKIE_SECURE", "true")])
                .unwrap()
                .session_cookie_name(),
            "__Host-tokenshop_session"
        );
    }
}
