//! Who may try a password, and how often, without the throttle becoming a lockout weapon (OWASP's
//! "device cookies"). What is counted where:
//! - a browser that signed in to an account before holds a device cookie for it; its failures for
//!   that account count against that device alone, and neither the account's nor the address's
//!   count can stop it;
//! - any other client (no device cookie for the account) is counted per account and per address,
//!   and blocked by either once it has `LOGIN_MAX_FAILURES` within `LOGIN_WINDOW_SECS`; the demo
//!   accounts (and in practice mode the practice accounts), whose passwords are published, are
//!   counted per address only — a per-account limit protects nothing there and would let one
//!   visitor lock every other one out;
//! - sign-ups, which cost a password hash each, are counted per address; so are Learn lab
//!   accounts, apart from sign-ups and with a budget sized for a classroom behind one address.

use crate::domain::{AppError, Email, LabRefusal};
use crate::server::{crypto, db, AppState};
use db::throttle::{failures_since, Failures, Key};

/// Who is trying to sign in: the client's address and the device cookie its browser sent.
pub struct Client<'a> {
    pub address: &'a str,
    pub device: Option<&'a str>,
}

impl<'a> Client<'a> {
    /// An app or a lab without a device cookie.
    pub fn at(address: &'a str) -> Self {
        Client {
            address,
            device: None,
        }
    }
}

/// A device cookie's value to hand (back) to the browser after a successful sign-in.
pub struct DeviceToken(String);

impl DeviceToken {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceToken([redacted])")
    }
}

fn hash(token: &str) -> String {
    crypto::b64url(&crypto::sha256(token.as_bytes()))
}

/// The hash of this client's device cookie when it is known for `email`.
pub async fn known_device(
    state: &AppState,
    client: &Client<'_>,
    email: &Email,
    now: i64,
) -> Result<Option<String>, AppError> {
    let Some(token) = client.device.filter(|t| t.len() <= 64) else {
        return Ok(None);
    };
    let token_hash = hash(token);
    let known = db::throttle::is_known_device(&state.db, &token_hash, email.as_str(), now).await?;
    Ok(known.then_some(token_hash))
}

/// After a correct password: the browser's device cookie now vouches for it for `email` (its own
/// token, kept, or a new one).
pub async fn remember(
    state: &AppState,
    client: &Client<'_>,
    email: &Email,
    now: i64,
) -> Result<DeviceToken, AppError> {
    let token = match client.device.filter(|t| (32..=64).contains(&t.len())) {
        Some(t) => t.to_string(),
        None => crypto::random_token::<32>(),
    };
    let expires = now + state.config.device_ttl.as_secs() as i64;
    db::throttle::remember_device(&state.db, &hash(&token), email.as_str(), now, expires).await?;
    Ok(DeviceToken(token))
}

fn wait(f: &Failures, max: i64, window: i64, now: i64) -> Option<u64> {
    (f.count >= max)
        .then_some(f.oldest)
        .flatten()
        .map(|oldest| (oldest + window - now).max(1) as u64)
}

/// Too many recent failures for whatever counts this attempt (see the module documentation): wait
/// until the oldest of them leaves the window.
pub async fn check(
    state: &AppState,
    email: &Email,
    client: &Client<'_>,
    device: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let window = state.config.login_window.as_secs() as i64;
    let since = now - window;
    let max = i64::from(state.config.login_max_failures);
    let mut counts = Vec::with_capacity(2);
    match device {
        Some(d) => counts.push(failures_since(&state.db, Key::Device(d), since).await?),
        None => {
            if !super::has_published_password(state, email) {
                counts.push(failures_since(&state.db, Key::Email(email.as_str()), since).await?);
            }
            counts.push(failures_since(&state.db, Key::Client(client.address), since).await?);
        }
    }
    match counts
        .iter()
        .filter_map(|f| wait(f, max, window, now))
        .max()
    {
        Some(retry_after_secs) => Err(AppError::TooManyAttempts { retry_after_secs }),
        None => Ok(()),
    }
}

/// Counts a sign-up from this address, refusing it past the limit.
pub async fn check_signup(state: &AppState, client: &str, now: i64) -> Result<(), AppError> {
    let window = state.config.signup_window.as_secs() as i64;
    let max = i64::from(state.config.signup_max);
    let recent = db::throttle::signups_since(&state.db, client, now - window, false).await?;
    if let Some(retry_after_secs) = wait(&recent, max, window, now) {
        return Err(AppError::TooManySignUps { retry_after_secs });
    }
    db::throttle::record_signup(&state.db, client, now, false).await?;
    Ok(())
}

/// Counts a Learn lab account from this address, apart from sign-ups (a classroom behind one
/// address makes many: `LAB_ACCOUNT_MAX_PER_ADDRESS`), refusing it past the limit.
pub async fn check_lab_account(state: &AppState, client: &str, now: i64) -> Result<(), AppError> {
    let window = state.config.signup_window.as_secs() as i64;
    let max = i64::from(state.config.lab_account_max);
    let recent = db::throttle::signups_since(&state.db, client, now - window, true).await?;
    if let Some(retry_after_secs) = wait(&recent, max, window, now) {
        return Err(AppError::Lab(LabRefusal::TooManyLabAccounts {
            retry_after_secs,
            max: state.config.lab_account_max,
        }));
    }
    db::throttle::record_signup(&state.db, client, now, true).await?;
    Ok(())
}
