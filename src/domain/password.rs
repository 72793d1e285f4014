//! A password as typed by the user. It never serializes and never prints.

use std::fmt;

pub struct Password(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Password must be at least 8 characters.")]
    TooShort,
    #[error("Password can be at most 128 characters.")]
    TooLong,
}

impl Password {
    pub const MIN_CHARS: usize = 8;
    /// Bounded so nobody can make the server hash a megabyte.
    pub const MAX_CHARS: usize = 128;

    /// Rules for a new password (registration).
    pub fn new_password(input: String) -> Result<Self, PasswordError> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            Err(PasswordError::TooShort)
        } else if chars > Self::MAX_CHARS {
            Err(PasswordError::TooLong)
        } else {
            Ok(Password(input))
        }
    }

    /// A login attempt: checked against the hash whatever its length, except absurd ones.
    pub fn attempt(input: String) -> Result<Self, PasswordError> {
        if input.chars().count() > Self::MAX_CHARS {
            Err(PasswordError::TooLong)
        } else {
            Ok(Password(input))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_passwords_need_eight_to_128_characters() {
        assert_eq!(
            Password::new_password("short".into()).err(),
            Some(PasswordError::TooShort)
        );
        // counted in characters, not bytes
        assert_eq!(
            Password::new_password("ééééééé".into()).err(),
            Some(PasswordError::TooShort)
        );
        assert!(Password::new_password("long enough".into()).is_ok());
        assert_eq!(
            Password::new_password("x".repeat(129)).err(),
            Some(PasswordError::TooLong)
        );
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let p = Password::attempt("hunter22secret".into()).unwrap();
        assert!(!format!("{p:?}").contains("hunter22"));
    }
}
