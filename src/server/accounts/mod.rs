//! Accounts, whichever carrier signs them in: creating one, checking a password (throttled, in
//! the same time for unknown emails), the demo users, and an account's profile. Signing a browser
//! in is `cookie`'s business, signing an app in is `token`'s; both start here.

pub mod password;
pub mod practice;
pub mod signins;
pub mod throttle;

use crate::domain::{AppError, Email, Field, Password, UserId};
use crate::server::{clock::now_unix, db, AppState};
pub use throttle::{Client, DeviceToken};

/// Demo accounts created at start so a visitor can log in at once (documented in the README).
pub const DEMO_USERS: [(&str, &str); 2] = [
    ("alice@example.com", "alice-tokenshop"),
    ("bob@example.com", "bob-tokenshop"),
];

/// A demo account, whose password the README publishes.
pub fn is_demo_account(email: &Email) -> bool {
    DEMO_USERS.iter().any(|(demo, _)| *demo == email.as_str())
}

/// An account whose password is published: the demo accounts, and in practice mode the practice
/// accounts. Its failed logins count per address only (`throttle`): a per-account limit protects
/// nothing there, and would let one visitor (or one test worker) lock every other one out.
pub fn has_published_password(state: &AppState, email: &Email) -> bool {
    is_demo_account(email) || (state.config.practice_mode && practice::is_practice_account(email))
}

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
pub async fn create_lab_account(state: &AppState, client: &str) -> Result<LabAccount, AppError> {
    throttle::check_lab_account(state, client, now_unix()).await?;
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

/// A correct password: the account, its email, and the device cookie that now vouches for the
/// browser (see `throttle`).
pub struct Authenticated {
    pub user: UserId,
    pub email: Email,
    pub device: DeviceToken,
}

/// The credential check both sign-in mechanisms share: throttling that no shared address can turn
/// against an account's known browsers (`throttle`), argon2id against the stored hash or a decoy,
/// and one answer for every kind of failure.
pub async fn authenticate(
    state: &AppState,
    client: &Client<'_>,
    input: LoginInput,
) -> Result<Authenticated, AppError> {
    let email =
        Email::parse(&input.email).map_err(|e| AppError::validation(e).in_field(Field::Email))?;
    let attempt = Password::attempt(input.password).map_err(|_| AppError::InvalidCredentials)?;
    let now = now_unix();
    let device = throttle::known_device(state, client, &email, now).await?;
    throttle::check(state, &email, client, device.as_deref(), now).await?;
    let user = db::users::find_by_email(&state.db, &email).await?;
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| (*state.dummy_hash).clone());
    let matches = state.passwords.verify(attempt, hash).await?;
    match user {
        // Only the right password learns that the account is locked.
        Some(user) if matches && user.locked => Err(AppError::AccountLocked),
        Some(user) if matches => {
            let (address, known) = (client.address, device.as_deref());
            db::throttle::clear_own_failures(&state.db, email.as_str(), address, known).await?;
            let device = throttle::remember(state, client, &email, now).await?;
            Ok(Authenticated {
                user: user.id,
                email,
                device,
            })
        }
        _ => {
            let (address, email) = (client.address, email.as_str());
            db::throttle::record_failure(&state.db, email, address, device.as_deref(), now).await?;
            Err(AppError::InvalidCredentials)
        }
    }
}

pub struct RegisterInput {
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

/// A new account from a sign-up form or the API, by the rules every carrier shares; sign-ups are
/// counted per client address (each costs a password hash).
pub async fn register(
    state: &AppState,
    client: &str,
    input: RegisterInput,
) -> Result<(UserId, Email), AppError> {
    // Each refusal names its field, so the form can mark the input it is about.
    let email =
        Email::parse(&input.email).map_err(|e| AppError::validation(e).in_field(Field::Email))?;
    if input.password != input.password_confirm {
        return Err(AppError::PasswordsDiffer.in_field(Field::PasswordConfirm));
    }
    let pass = Password::new_password(input.password)
        .map_err(|e| AppError::validation(e).in_field(Field::Password))?;
    throttle::check_signup(state, client, now_unix()).await?;
    // Only "that email is taken" is about the email field.
    let user = create_with(state, &email, pass)
        .await
        .map_err(|e| match e {
            AppError::EmailTaken => e.in_field(Field::Email),
            other => other,
        })?;
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

/// Whether `email` names a live Learn lab account: the only kind a lab's short sign-in takes.
/// Anything else, an unknown email included, is just "no", so it tells nothing of who has an account.
pub async fn is_lab_email(state: &AppState, email: &str) -> Result<bool, AppError> {
    let Ok(email) = Email::parse(email) else {
        return Ok(false);
    };
    Ok(match db::users::find_by_email(&state.db, &email).await? {
        Some(user) => db::users::is_live_lab_account(&state.db, user.id).await?,
        None => false,
    })
}

/// Whether an account is a live Learn lab account: the only kind a lab's deliberately weak target
/// may change (the forged-request lab).
pub async fn is_lab_account(
    state: &AppState,
    user: crate::domain::UserId,
) -> Result<bool, AppError> {
    Ok(db::users::is_live_lab_account(&state.db, user).await?)
}
