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
    /// This shop's own origin as browsers see it (`http://localhost:3000`); the `iss` of its JWTs.
    pub public_origin: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub cart_token_ttl: Duration,
    /// Check every access token's `jti` against the "revoke now" denylist (a query per request).
    pub access_denylist: bool,
    /// Exact origins allowed to call the JSON API from a browser (the partner's is added to these).
    pub cors_origins: Vec<String>,
    /// Where the partner site (a second origin) listens; `None` when turned off.
    pub partner_addr: Option<SocketAddr>,
    pub partner_origin: String,
    /// Enables `POST /api/v1/admin/rotate-key` for whoever presents it as a bearer token.
    pub admin_token: Option<Secret>,
    /// Names this instance in an `X-Tokenshop-Instance` response header, when several run behind a
    /// load balancer: which one answered is then visible to people and tests.
    pub instance_id: Option<String>,
}

/// A configured secret: compared, never printed.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
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

/// Lifetimes used when DEMO_MODE is on: seconds, so a whole lesson on expiry fits in a minute or two.
pub const DEMO_SESSION_IDLE: Duration = Duration::from_secs(45);
pub const DEMO_SESSION_ABSOLUTE: Duration = Duration::from_secs(90);
/// In demo mode an access token lives long enough to use and short enough to watch it expire.
pub const DEMO_ACCESS_TTL: Duration = Duration::from_secs(20);
pub const DEMO_REFRESH_TTL: Duration = Duration::from_secs(120);

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
        if !["sqlite:", "postgres:", "postgresql:"]
            .iter()
            .any(|scheme| database_url.starts_with(scheme))
        {
            return Err(ConfigError {
                var: "DATABASE_URL",
                value: database_url,
                expected: "a sqlite: or postgres:// URL",
            });
        }
        let listen_addr: SocketAddr = parse(
            get("LISTEN_ADDR"),
            "LISTEN_ADDR",
            "127.0.0.1:3000",
            "an address like 127.0.0.1:3000",
        )?;
        let public_origin = origin(
            get("PUBLIC_ORIGIN")
                .unwrap_or_else(|| format!("http://localhost:{}", listen_addr.port())),
            "PUBLIC_ORIGIN",
        )?;
        let partner_addr: Option<SocketAddr> = match get("PARTNER_ADDR").as_deref() {
            Some("off") => None,
            other => Some(parse(
                other.map(String::from),
                "PARTNER_ADDR",
                "127.0.0.1:3001",
                "an address like 127.0.0.1:3001, or off",
            )?),
        };
        let partner_origin = origin(
            get("PARTNER_ORIGIN").unwrap_or_else(|| {
                let port = partner_addr.map_or(3001, |a| a.port());
                format!("http://127.0.0.1:{port}")
            }),
            "PARTNER_ORIGIN",
        )?;
        let mut cors_origins = match get("CORS_ALLOWED_ORIGINS") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(|o| origin(o.to_string(), "CORS_ALLOWED_ORIGINS"))
                .collect::<Result<_, _>>()?,
        };
        if partner_addr.is_some() && !cors_origins.contains(&partner_origin) {
            cors_origins.push(partner_origin.clone());
        }
        let (access_default, refresh_default) = if demo_mode {
            (DEMO_ACCESS_TTL, DEMO_REFRESH_TTL)
        } else {
            (
                Duration::from_secs(5 * 60),
                Duration::from_secs(14 * 24 * 3600),
            )
        };
        Ok(Config {
            listen_addr,
            public_origin,
            access_ttl: secs("ACCESS_TOKEN_TTL_SECS", access_default)?,
            refresh_ttl: secs("REFRESH_TOKEN_TTL_SECS", refresh_default)?,
            cart_token_ttl: secs("CART_TOKEN_TTL_SECS", Duration::from_secs(7 * 24 * 3600))?,
            access_denylist: parse_bool(get("ACCESS_DENYLIST"), "ACCESS_DENYLIST", true)?,
            cors_origins,
            partner_addr,
            partner_origin,
            instance_id: match get("INSTANCE_ID") {
                Some(id)
                    if id.len() > 32
                        || !id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) =>
                {
                    return Err(ConfigError {
                        var: "INSTANCE_ID",
                        value: id,
                        expected: "at most 32 letters, digits, dots, dashes or underscores",
                    })
                }
                id => id,
            },
            admin_token: match get("ADMIN_TOKEN") {
                Some(t) if t.len() < 16 => {
                    return Err(ConfigError {
                        var: "ADMIN_TOKEN",
                        value: "[redacted]".into(),
                        expected: "at least 16 characters",
                    })
                }
                t => t.map(Secret),
            },
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

/// An exact browser origin: scheme, host and optional port, nothing after.
fn origin(value: String, var: &'static str) -> Result<String, ConfigError> {
    let rest = value
        .strip_prefix("http://")
        .or_else(|| value.strip_prefix("https://"));
    match rest {
        Some(authority)
            if !authority.is_empty() && !authority.contains(['/', '?', '#', '@', ' ', '*']) =>
        {
            Ok(value)
        }
        _ => Err(ConfigError {
            var,
            value,
            expected: "an origin like http://localhost:3000 (scheme, host, port; no path)",
        }),
    }
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
        assert_eq!(c.cors_origins, vec!["http://127.0.0.1:3001".to_string()]);
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
}
