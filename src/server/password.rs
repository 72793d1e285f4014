//! Password hashing with argon2id (the crate's defaults are OWASP's: 19 MiB, 2 passes, 1 lane),
//! always on the blocking pool so a login storm cannot stall the async runtime.

use crate::domain::{AppError, Password};
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use std::fmt;

/// A PHC-format hash string. Deliberately not `Serialize`, and `Debug` hides it.
#[derive(Clone)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_stored(phc: String) -> Self {
        PasswordHash(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash([redacted])")
    }
}

fn hash_blocking(password: &str) -> Result<PasswordHash, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| PasswordHash(h.to_string()))
        .map_err(|err| {
            tracing::error!(error = %err, "password hashing failed");
            AppError::Internal
        })
}

pub async fn hash(password: Password) -> Result<PasswordHash, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(password.expose())).await?
}

/// True when the password matches. A malformed stored hash is logged and treated as no match.
pub async fn verify(password: Password, hash: PasswordHash) -> Result<bool, AppError> {
    let ok = tokio::task::spawn_blocking(move || match argon2::PasswordHash::new(hash.as_str()) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.expose().as_bytes(), &parsed)
            .is_ok(),
        Err(err) => {
            tracing::error!(error = %err, "stored password hash is malformed");
            false
        }
    })
    .await?;
    Ok(ok)
}

/// A hash of a random password, used as the decoy for unknown emails.
pub async fn dummy_hash() -> Result<PasswordHash, AppError> {
    let random = SaltString::generate(&mut OsRng);
    tokio::task::spawn_blocking(move || hash_blocking(random.as_str())).await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let h = hash(Password::new_password("correct horse".into()).unwrap())
            .await
            .unwrap();
        assert!(h.as_str().starts_with("$argon2id$"));
        assert!(verify(
            Password::attempt("correct horse".into()).unwrap(),
            h.clone()
        )
        .await
        .unwrap());
        assert!(
            !verify(Password::attempt("wrong horse".into()).unwrap(), h.clone())
                .await
                .unwrap()
        );
        assert!(!format!("{h:?}").contains("argon2"));
    }

    #[tokio::test]
    async fn a_malformed_hash_never_matches() {
        let bad = PasswordHash::from_stored("not-a-hash".into());
        assert!(!verify(Password::attempt("anything".into()).unwrap(), bad)
            .await
            .unwrap());
    }
}
