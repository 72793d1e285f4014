//! Reading one variable at a time: each reader says what it expected when a value does not parse,
//! naming the variable, so a bad setting stops the start with a message that says what to fix.

use super::ConfigError;
use std::{str::FromStr, time::Duration};

/// The variables, read through a lookup (the environment, or a test's map); blank means unset.
pub struct Vars<F>(pub F);

impl<F: Fn(&str) -> Option<String>> Vars<F> {
    pub fn get(&self, var: &'static str) -> Option<String> {
        (self.0)(var)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// A whole number of seconds greater than 0.
    pub fn secs(&self, var: &'static str, default: Duration) -> Result<Duration, ConfigError> {
        match self.get(var) {
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
    }

    /// A whole number of milliseconds greater than 0.
    pub fn millis(&self, var: &'static str, default_ms: u64) -> Result<Duration, ConfigError> {
        match self.get(var) {
            None => Ok(Duration::from_millis(default_ms)),
            Some(v) => match v.parse::<u64>() {
                Ok(n) if n > 0 => Ok(Duration::from_millis(n)),
                _ => Err(ConfigError {
                    var,
                    value: v,
                    expected: "a whole number of milliseconds greater than 0",
                }),
            },
        }
    }

    pub fn parse<T: FromStr>(
        &self,
        var: &'static str,
        default: &str,
        expected: &'static str,
    ) -> Result<T, ConfigError> {
        let raw = self.get(var).unwrap_or_else(|| default.to_string());
        raw.parse::<T>().map_err(|_| ConfigError {
            var,
            value: raw,
            expected,
        })
    }

    pub fn bool(&self, var: &'static str, default: bool) -> Result<bool, ConfigError> {
        let value = self.get(var);
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
}

/// An exact browser origin: scheme, host and optional port, nothing after.
pub fn origin(value: String, var: &'static str) -> Result<String, ConfigError> {
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

/// The partner's server under the shop's host name (`http://localhost:3001` beside
/// `http://localhost:3000`): another origin, but the *same site*, since a site is the scheme and the
/// registrable host name, never the port (RFC 6265bis §5.2 "same-site"; cookies do not separate by
/// port, RFC 6265 §8.5). The labs open it on purpose (lesson 5's same-site attacker), and a learner
/// may type it. None when the shop and the partner already share a host name.
pub fn same_site_twin(public_origin: &str, partner_origin: &str) -> Option<String> {
    let public: axum::http::Uri = public_origin.parse().ok()?;
    let partner: axum::http::Uri = partner_origin.parse().ok()?;
    let (shop_host, partner_host) = (public.host()?, partner.host()?);
    if shop_host.eq_ignore_ascii_case(partner_host) {
        return None;
    }
    let port = partner
        .port_u16()
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    Some(format!("{}://{shop_host}{port}", partner.scheme_str()?))
}
