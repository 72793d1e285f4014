//! Accounts, whichever carrier signs them in: creating one, checking a password (throttled, in
//! the same time for unknown emails), the demo users, and an account's profile. Signing a browser
//! in is `cookie`'s business, signing an app in is `token`'s; both start here.

pub mod password;
pub mod signins;

use crate::domain::{AppError, Email, Field, Password, UserId};
use crate::server::{clock::now_unix, db, AppState};

/// Demo accounts created at start so a visitor can log in at once (documented in the README).
pub const DEMO_USERS: [(&str, &str); 2] = [
    ("alice@example.com", "alice-tokenshop"),
    ("bob@example.com", "bob-tokenshop"),
];

pub async fn seed_demo_users(state: &AppState) -> Result<(), AppError> {
    for (email, pass) in DEMO_USERS {
        let email = Email::parse(email).map_err(|_| AppError::Internal)?;
        if db::users::find_by_email(&state.db, &email).await?.is_none() {
            let pass = Password::new_password(pass.to_string()).map_err(AppError::validation)?;
            match create_with(state, &email, pass).await {
                Ok(_) | Err(AppError::EmailTaken) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// Hashes the password and creates the account; an email in use is `EmailTaken`.
pub async fn create_with(
    state: &AppState,
    email: &Email,
    password: Password,
) -> Result<UserId, AppError> {
    insert_account(state, email, password, None).await
}

/// Hashes and inserts; `lab_expires_at` is set for a lab's throwaway account alone.
async fn insert_account(
    state: &AppState,
    email: &Email,
    password: Password,
    lab_expires_at: Option<i64>,
) -> Result<UserId, AppError> {
    let hash = state.passwords.hash(password).await?;
    db::users::insert(&state.db, email, &hash, lab_expires_at)
        .await?
        .ok_or(AppError::EmailTaken)
}

/// How long a Learn lab's throwaway account lives: long enough for the whole path and a break.
pub const LAB_ACCOUNT_LIFETIME_SECS: i64 = 2 * 60 * 60;

/// A lab account as its learner's page receives it, once. The one credential the shop serializes
/// on purpose: a throwaway password made for that learner, kept by the page in its own tab
/// (sessionStorage) until `expires_at`. No `Debug`, so it never reaches a log.
#[derive(serde::Serialize)]
pub struct LabAccount {
    email: String,
    password: String,
    expires_at: i64,
}

/// A throwaway account for one learner's labs, so no lab ever signs in as, locks out or fills the
/// cart of a shared account. It cannot sign in after `expires_at`, and the cleanup then deletes it
/// with everything it made.
pub async fn create_lab_account(state: &AppState) -> Result<LabAccount, AppError> {
    let email = format!(
        "learner-{}@lab.example.com",
        crate::server::crypto::b64url(&crate::server::crypto::random_bytes::<6>()).to_lowercase()
    );
    let email = Email::parse(&email).map_err(AppError::validation)?;
    let password = crate::server::crypto::random_token::<12>();
    let secret = Password::new_password(password.clone()).map_err(AppError::validation)?;
    let expires_at = now_unix() + LAB_ACCOUNT_LIFETIME_SECS;
    insert_account(state, &email, secret, Some(expires_at)).await?;
    Ok(LabAccount {
        email: email.as_str().to_string(),
        password,
        expires_at,
    })
}

pub struct LoginInput {
    pub email: String,
    pub password: String,
}

/// The credential check both sign-in mechanisms share: per-account and per-address throttling,
/// argon2id against the stored hash or a decoy, and one answer for every kind of failure.
/// Returns the account and its email.
pub async fn authenticate(
    state: &AppState,
    client: &str,
    input: LoginInput,
) -> Result<(UserId, Email), AppError> {
    let email =
        Email::parse(&input.email).map_err(|e| AppError::validation(e).in_field(Field::Email))?;
    let attempt = Password::attempt(input.password).map_err(|_| AppError::InvalidCredentials)?;
    let now = now_unix();
    check_throttle(state, &email, client, now).await?;
    let user = db::users::find_by_email(&state.db, &email).await?;
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| (*state.dummy_hash).clone());
    let matches = state.passwords.verify(attempt, hash).await?;
    match user {
        Some(user) if matches => {
            db::throttle::clear_for_email(&state.db, email.as_str()).await?;
            Ok((user.id, email))
        }
        _ => {
            db::throttle::record_failure(&state.db, email.as_str(), client, now).await?;
            Err(AppError::InvalidCredentials)
        }
    }
}

/// Too many recent failures for this account or from this address: wait until the oldest of them
/// leaves the window.
async fn check_throttle(
    state: &AppState,
    email: &Email,
    client: &str,
    now: i64,
) -> Result<(), AppError> {
    use db::throttle::{failures_since, Key};
    let window = state.config.login_window.as_secs() as i64;
    let since = now - window;
    let max = i64::from(state.config.login_max_failures);
    let by_email = failures_since(&state.db, Key::Email(email.as_str()), since).await?;
    let by_client = failures_since(&state.db, Key::Client(client), since).await?;
    let blocked_until = [by_email, by_client]
        .iter()
        .filter(|f| f.count >= max)
        .filter_map(|f| f.oldest)
        .max();
    match blocked_until {
        Some(oldest) => Err(AppError::TooManyAttempts {
            retry_after_secs: (oldest + window - now).max(1) as u64,
        }),
        None => Ok(()),
    }
}

pub struct RegisterInput {
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

/// A new account from a sign-up form or the API, by the rules every carrier shares.
pub async fn register(state: &AppState, input: RegisterInput) -> Result<(UserId, Email), AppError> {
    // Each refusal names its field, so the form can mark the input it is about.
    let email =
        Email::parse(&input.email).map_err(|e| AppError::validation(e).in_field(Field::Email))?;
    if input.password != input.password_confirm {
        return Err(AppError::PasswordsDiffer.in_field(Field::PasswordConfirm));
    }
    let pass = Password::new_password(input.password)
        .map_err(|e| AppError::validation(e).in_field(Field::Password))?;
    let user = create_with(state, &email, pass)
        .await
        .map_err(|e| e.in_field(Field::Email))?;
    Ok((user, email))
}

/// An account as its owner sees it.
pub struct Profile {
    pub email: String,
    pub member_since: i64,
    pub order_count: i64,
}

/// None when the account is gone.
pub async fn profile(state: &AppState, user: UserId) -> Result<Option<Profile>, AppError> {
    let Some(record) = db::users::find_by_id(&state.db, user).await? else {
        return Ok(None);
    };
    Ok(Some(Profile {
        email: record.email,
        member_since: record.created_at,
        order_count: db::users::order_count(&state.db, user).await?,
    }))
}

/// The account's email as the database has it (tokens signed before the email claim existed).
pub async fn email_of(state: &AppState, user: UserId) -> Result<Option<String>, AppError> {
    Ok(db::users::find_by_id(&state.db, user)
        .await?
        .map(|u| u.email))
}

/// Whether an account is a live Learn lab account: the only kind a lab's deliberately weak target
/// may change (the forged-request lab).
pub async fn is_lab_account(
    state: &AppState,
    user: crate::domain::UserId,
) -> Result<bool, AppError> {
    Ok(db::users::is_live_lab_account(&state.db, user).await?)
}
