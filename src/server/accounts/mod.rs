//! Register, log in, log out: the cookie side of the lesson.

pub mod password;
pub mod signins;

use crate::domain::{AppError, CurrentUser, Email, MergeReport, Password};
use crate::server::{cookie::session::ShopSession, db, now_unix, AppState};

/// Demo accounts created at start so a visitor can log in at once (documented in the README).
pub const DEMO_USERS: [(&str, &str); 2] = [
    ("alice@example.com", "alice-tokenshop"),
    ("bob@example.com", "bob-tokenshop"),
];

pub async fn seed_demo_users(state: &AppState) -> Result<(), AppError> {
    for (email, pass) in DEMO_USERS {
        let email = Email::parse(email).map_err(|_| AppError::Internal)?;
        if db::users::find_by_email(&state.db, &email).await?.is_none() {
            let hash = state
                .passwords
                .hash(Password::new_password(pass.to_string()).map_err(AppError::validation)?)
                .await?;
            match db::users::insert(&state.db, &email, &hash).await {
                Ok(_) | Err(AppError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

pub struct LoginInput {
    pub email: String,
    pub password: String,
}

/// Checks the throttle, then the password (in similar time whether or not the email exists), then
/// signs the session in and merges the guest cart.
pub async fn login(
    state: &AppState,
    session: &ShopSession,
    client: &str,
    input: LoginInput,
) -> Result<MergeReport, AppError> {
    let user_id = authenticate(state, client, input).await?;
    sign_in(state, session, user_id).await
}

/// The credential check both sign-in mechanisms share: per-account and per-address throttling,
/// argon2id against the stored hash or a decoy, and one answer for every kind of failure.
pub async fn authenticate(
    state: &AppState,
    client: &str,
    input: LoginInput,
) -> Result<i64, AppError> {
    let email = Email::parse(&input.email).map_err(AppError::validation)?;
    let attempt = Password::attempt(input.password).map_err(|_| AppError::InvalidCredentials)?;
    let now = now_unix();
    let window = state.config.login_window.as_secs() as i64;
    let since = now - window;
    let max = i64::from(state.config.login_max_failures);
    let by_email =
        db::throttle::failures_since(&state.db, db::throttle::Key::Email(email.as_str()), since)
            .await?;
    let by_client =
        db::throttle::failures_since(&state.db, db::throttle::Key::Client(client), since).await?;
    let blocked_until = [by_email, by_client]
        .iter()
        .filter(|f| f.count >= max)
        .filter_map(|f| f.oldest)
        .max();
    if let Some(oldest) = blocked_until {
        let retry_after_secs = (oldest + window - now).max(1) as u64;
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }

    let user = db::users::find_by_email(&state.db, &email).await?;
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| (*state.dummy_hash).clone());
    let matches = state.passwords.verify(attempt, hash).await?;
    match user {
        Some(user) if matches => {
            db::throttle::clear_for_email(&state.db, email.as_str()).await?;
            Ok(user.id)
        }
        _ => {
            db::throttle::record_failure(&state.db, email.as_str(), client, now).await?;
            Err(AppError::InvalidCredentials)
        }
    }
}

pub struct RegisterInput {
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

pub async fn register(
    state: &AppState,
    session: &ShopSession,
    input: RegisterInput,
) -> Result<MergeReport, AppError> {
    let email = Email::parse(&input.email).map_err(AppError::validation)?;
    if input.password != input.password_confirm {
        return Err(AppError::Validation(
            "The two passwords do not match.".into(),
        ));
    }
    let pass = Password::new_password(input.password).map_err(AppError::validation)?;
    let hash = state.passwords.hash(pass).await?;
    let user_id = db::users::insert(&state.db, &email, &hash).await?;
    sign_in(state, session, user_id).await
}

async fn sign_in(
    state: &AppState,
    session: &ShopSession,
    user_id: i64,
) -> Result<MergeReport, AppError> {
    let report = match session.guest_cart_id().await? {
        Some(guest_cart) => {
            db::carts::merge_guest_into_user(&state.db, guest_cart, user_id).await?
        }
        None => MergeReport::default(),
    };
    session.sign_in(user_id).await?;
    Ok(report)
}

pub async fn logout(session: &ShopSession) -> Result<(), AppError> {
    session.sign_out().await
}

pub async fn current_user(
    state: &AppState,
    session: &ShopSession,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(user_id) = session.user_id().await? else {
        return Ok(None);
    };
    match db::users::find_by_id(&state.db, user_id).await? {
        Some(u) => Ok(Some(CurrentUser {
            id: u.id,
            email: u.email,
        })),
        // The account is gone: the session must not keep pretending.
        None => {
            session.sign_out().await?;
            Ok(None)
        }
    }
}

pub async fn require_user(
    state: &AppState,
    session: &ShopSession,
) -> Result<CurrentUser, AppError> {
    current_user(state, session)
        .await?
        .ok_or(AppError::LoginRequired)
}
