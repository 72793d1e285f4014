//! One typed configuration, read from the environment at start. Every variable is documented in
//! `.env.example`; an invalid value stops the start with a message naming the variable.

pub mod clients;
mod read;
#[cfg(test)]
mod tests;

use read::{origin, Vars};
use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

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
    /// A shop for test suites (`PRACTICE_MODE`): practice accounts for parallel workers, limits a
    /// suite does not run into, and the operator's reset. Off by default: see `practice`.
    pub practice_mode: bool,
    pub login_max_failures: u32,
    pub login_window: Duration,
    /// Sign-ups allowed per client address within `signup_window`.
    pub signup_max: u32,
    /// Learn lab accounts allowed per client address within `signup_window`, counted apart.
    pub lab_account_max: u32,
    pub signup_window: Duration,
    /// How long a device cookie vouches for a browser that signed in.
    pub device_ttl: Duration,
    pub max_body_bytes: usize,
    /// Read the client address from the last `X-Forwarded-For` entry (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    pub seed_demo_users: bool,
    /// This shop's own origin as browsers see it (`http://localhost:3000`); the `iss` of its JWTs.
    pub public_origin: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub cart_token_ttl: Duration,
    /// Check every access token's `jti` against the "revoke now" denylist (a lookup in the copy
    /// each instance keeps in memory).
    pub access_denylist: bool,
    /// Require a server nonce in every DPoP proof (RFC 9449 §8): a proof cannot be made ahead of
    /// time. Off by default: a client then needs no extra round trip.
    pub dpop_nonce_required: bool,
    /// Exact origins allowed to call the JSON API from a browser (the partner's is added to these).
    pub cors_origins: Vec<String>,
    /// Where the partner site (a second origin) listens; `None` when turned off.
    pub partner_addr: Option<SocketAddr>,
    pub partner_origin: String,
    /// The partner's server under the shop's own host name: the same site as the shop, another
    /// origin (`read::same_site_twin`). Its pages work there (the CORS list has it) and say, from
    /// what the browser sent them, that they are on the shop's site.
    pub partner_same_site_origin: Option<String>,
    /// Enables `POST /api/v1/admin/rotate-key` for whoever presents it as a bearer token.
    pub admin_token: Option<Secret>,
    /// Names this instance in an `X-Tokenshop-Instance` response header, when several run behind a
    /// load balancer: which one answered is then visible to people and tests.
    pub instance_id: Option<String>,
    /// Serve `/metrics` (Prometheus text format).
    pub metrics: bool,
    /// Where `/metrics`, `/health/live` and `/health/ready` are served instead of the main
    /// listener, when set (`/health` stays on the main listener for load balancers).
    pub ops_addr: Option<SocketAddr>,
    /// How long a request may wait on the database before it is answered 503 with Retry-After.
    pub db_timeouts: DbTimeouts,
    /// The most password checks that may wait for a hashing thread; past it, 503 at once.
    pub hash_queue_max: usize,
    /// How long requests in flight may run on after SIGTERM or Ctrl-C before the process exits.
    pub shutdown_grace: Duration,
}

/// The bounded waits on the database: past any of them a request gets 503 with `Retry-After`
/// instead of holding its connection (SQLite's default busy wait was 10 s, then a 500).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DbTimeouts {
    /// SQLite: how long a statement waits for another process's write lock.
    pub busy: Duration,
    /// Both: how long a request waits for a pooled connection, including opening one.
    pub acquire: Duration,
    /// PostgreSQL: the longest any one statement may run, lock waits included.
    pub statement: Duration,
}

impl Default for DbTimeouts {
    fn default() -> Self {
        DbTimeouts {
            busy: Duration::from_millis(1000),
            acquire: Duration::from_millis(1000),
            statement: Duration::from_millis(1000),
        }
    }
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

/// Limits in practice mode, where one machine runs test suites all day from one address: still
/// bounded (every sign-up costs a password hash; every failure a row), but past what a suite with
/// a worker per core, run again and again, reaches in an hour. Explicitly set limits still win.
pub const PRACTICE_SIGNUP_MAX: &str = "10000";
pub const PRACTICE_LOGIN_MAX_FAILURES: &str = "1000";

/// Where the shop listens and which origins it is seen at and talks to.
struct Origins {
    listen_addr: SocketAddr,
    public_origin: String,
    partner_addr: Option<SocketAddr>,
    partner_origin: String,
    partner_same_site_origin: Option<String>,
    cors_origins: Vec<String>,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads through `lookup` so tests can supply variables without touching the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let vars = Vars(lookup);
        let demo_mode = vars.bool("DEMO_MODE", false)?;
        let practice_mode = vars.bool("PRACTICE_MODE", false)?;
        let (session_idle, session_absolute) = session_lifetimes(&vars, demo_mode)?;
        let (access_ttl, refresh_ttl) = token_lifetimes(&vars, demo_mode)?;
        let origins = origins(&vars)?;
        Ok(Config {
            listen_addr: origins.listen_addr,
            public_origin: origins.public_origin,
            partner_addr: origins.partner_addr,
            partner_origin: origins.partner_origin,
            partner_same_site_origin: origins.partner_same_site_origin,
            cors_origins: origins.cors_origins,
            access_ttl,
            refresh_ttl,
            cart_token_ttl: vars.secs("CART_TOKEN_TTL_SECS", Duration::from_secs(7 * 24 * 3600))?,
            access_denylist: vars.bool("ACCESS_DENYLIST", true)?,
            dpop_nonce_required: vars.bool("DPOP_NONCE_REQUIRED", false)?,
            instance_id: instance_id(&vars)?,
            admin_token: admin_token(&vars)?,
            database_url: database_url(&vars)?,
            site_root: PathBuf::from(
                vars.get("LEPTOS_SITE_ROOT")
                    .unwrap_or_else(|| "target/site".into()),
            ),
            cookie_secure: vars.bool("COOKIE_SECURE", false)?,
            session_idle,
            session_absolute,
            demo_mode,
            practice_mode,
            login_max_failures: login_max_failures(&vars, practice_mode)?,
            login_window: vars.secs("LOGIN_WINDOW_SECS", Duration::from_secs(15 * 60))?,
            signup_max: vars.parse(
                "SIGNUP_MAX_PER_ADDRESS",
                if practice_mode {
                    PRACTICE_SIGNUP_MAX
                } else {
                    "20"
                },
                "a whole number",
            )?,
            signup_window: vars.secs("SIGNUP_WINDOW_SECS", Duration::from_secs(3600))?,
            lab_account_max: vars.parse("LAB_ACCOUNT_MAX_PER_ADDRESS", "200", "a whole number")?,
            device_ttl: vars.secs(
                "DEVICE_COOKIE_TTL_SECS",
                Duration::from_secs(180 * 24 * 3600),
            )?,
            max_body_bytes: vars.parse("MAX_BODY_BYTES", "65536", "a number of bytes")?,
            trust_forwarded_for: vars.bool("TRUST_FORWARDED_FOR", false)?,
            seed_demo_users: vars.bool("SEED_DEMO_USERS", true)?,
            metrics: vars.bool("METRICS", true)?,
            db_timeouts: db_timeouts(&vars)?,
            hash_queue_max: vars.parse(
                "HASH_QUEUE_MAX",
                "64",
                "a whole number of waiting checks",
            )?,
            ops_addr: match vars.get("METRICS_ADDR") {
                None => None,
                Some(_) => {
                    Some(vars.parse("METRICS_ADDR", "", "an address like 127.0.0.1:9100")?)
                }
            },
            shutdown_grace: vars.secs("SHUTDOWN_GRACE_SECS", Duration::from_secs(10))?,
        })
    }

    /// The device cookie's name, with the same prefix rule as the session cookie's.
    pub fn device_cookie_name(&self) -> &'static str {
        if self.cookie_secure {
            "__Host-tokenshop_device"
        } else {
            "tokenshop_device"
        }
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

type Read<T> = Result<T, ConfigError>;

/// (idle, absolute): demo mode shortens both unless they are set; the absolute one is the longer.
fn session_lifetimes<F: Fn(&str) -> Option<String>>(
    vars: &Vars<F>,
    demo_mode: bool,
) -> Read<(Duration, Duration)> {
    let (idle_default, absolute_default) = if demo_mode {
        (DEMO_SESSION_IDLE, DEMO_SESSION_ABSOLUTE)
    } else {
        (
            Duration::from_secs(30 * 60),
            Duration::from_secs(12 * 60 * 60),
        )
    };
    let idle = vars.secs("SESSION_IDLE_SECS", idle_default)?;
    let absolute = vars.secs("SESSION_ABSOLUTE_SECS", absolute_default)?;
    if absolute < idle {
        return Err(ConfigError {
            var: "SESSION_ABSOLUTE_SECS",
            value: absolute.as_secs().to_string(),
            expected: "a lifetime at least as long as SESSION_IDLE_SECS",
        });
    }
    Ok((idle, absolute))
}

/// (access, refresh) token lifetimes, shortened in demo mode unless they are set.
fn token_lifetimes<F: Fn(&str) -> Option<String>>(
    vars: &Vars<F>,
    demo_mode: bool,
) -> Read<(Duration, Duration)> {
    let (access_default, refresh_default) = if demo_mode {
        (DEMO_ACCESS_TTL, DEMO_REFRESH_TTL)
    } else {
        (
            Duration::from_secs(5 * 60),
            Duration::from_secs(14 * 24 * 3600),
        )
    };
    Ok((
        vars.secs("ACCESS_TOKEN_TTL_SECS", access_default)?,
        vars.secs("REFRESH_TOKEN_TTL_SECS", refresh_default)?,
    ))
}

fn database_url<F: Fn(&str) -> Option<String>>(vars: &Vars<F>) -> Read<String> {
    let url = vars
        .get("DATABASE_URL")
        .unwrap_or_else(|| "sqlite://data/tokenshop.db".to_string());
    if ["sqlite:", "postgres:", "postgresql:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
    {
        Ok(url)
    } else {
        Err(ConfigError {
            var: "DATABASE_URL",
            value: url,
            expected: "a sqlite: or postgres:// URL",
        })
    }
}

/// The listener, the shop's own origin, the partner site's, and the CORS allow-list (which always
/// includes the partner's when the partner site runs).
fn origins<F: Fn(&str) -> Option<String>>(vars: &Vars<F>) -> Read<Origins> {
    let listen_addr: SocketAddr = vars.parse(
        "LISTEN_ADDR",
        "127.0.0.1:3000",
        "an address like 127.0.0.1:3000",
    )?;
    let public_origin = origin(
        vars.get("PUBLIC_ORIGIN")
            .unwrap_or_else(|| format!("http://localhost:{}", listen_addr.port())),
        "PUBLIC_ORIGIN",
    )?;
    let partner_addr: Option<SocketAddr> = match vars.get("PARTNER_ADDR").as_deref() {
        Some("off") => None,
        _ => Some(vars.parse(
            "PARTNER_ADDR",
            "127.0.0.1:3001",
            "an address like 127.0.0.1:3001, or off",
        )?),
    };
    let partner_origin = origin(
        vars.get("PARTNER_ORIGIN").unwrap_or_else(|| {
            let port = partner_addr.map_or(3001, |a| a.port());
            format!("http://127.0.0.1:{port}")
        }),
        "PARTNER_ORIGIN",
    )?;
    let mut cors_origins = match vars.get("CORS_ALLOWED_ORIGINS") {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(|o| origin(o.to_string(), "CORS_ALLOWED_ORIGINS"))
            .collect::<Result<_, _>>()?,
    };
    let partner_same_site_origin =
        partner_addr.and_then(|_| read::same_site_twin(&public_origin, &partner_origin));
    if partner_addr.is_some() {
        for o in std::iter::once(&partner_origin).chain(&partner_same_site_origin) {
            if !cors_origins.contains(o) {
                cors_origins.push(o.clone());
            }
        }
    }
    Ok(Origins {
        listen_addr,
        public_origin,
        partner_addr,
        partner_origin,
        partner_same_site_origin,
        cors_origins,
    })
}

fn db_timeouts<F: Fn(&str) -> Option<String>>(vars: &Vars<F>) -> Read<DbTimeouts> {
    let default = DbTimeouts::default();
    Ok(DbTimeouts {
        busy: vars.millis("DB_BUSY_TIMEOUT_MS", default.busy.as_millis() as u64)?,
        acquire: vars.millis("DB_ACQUIRE_TIMEOUT_MS", default.acquire.as_millis() as u64)?,
        statement: vars.millis(
            "DB_STATEMENT_TIMEOUT_MS",
            default.statement.as_millis() as u64,
        )?,
    })
}

fn instance_id<F: Fn(&str) -> Option<String>>(vars: &Vars<F>) -> Read<Option<String>> {
    match vars.get("INSTANCE_ID") {
        Some(id)
            if id.len() > 32
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) =>
        {
            Err(ConfigError {
                var: "INSTANCE_ID",
                value: id,
                expected: "at most 32 letters, digits, dots, dashes or underscores",
            })
        }
        id => Ok(id),
    }
}

fn admin_token<F: Fn(&str) -> Option<String>>(vars: &Vars<F>) -> Read<Option<Secret>> {
    match vars.get("ADMIN_TOKEN") {
        Some(t) if t.len() < 16 => Err(ConfigError {
            var: "ADMIN_TOKEN",
            value: "[redacted]".into(),
            expected: "at least 16 characters",
        }),
        t => Ok(t.map(Secret)),
    }
}

fn login_max_failures<F: Fn(&str) -> Option<String>>(
    vars: &Vars<F>,
    practice_mode: bool,
) -> Read<u32> {
    let default = if practice_mode {
        PRACTICE_LOGIN_MAX_FAILURES
    } else {
        "10"
    };
    match vars.parse("LOGIN_MAX_FAILURES", default, "a whole number")? {
        0 => Err(ConfigError {
            var: "LOGIN_MAX_FAILURES",
            value: "0".into(),
            expected: "at least 1",
        }),
        n => Ok(n),
    }
}
