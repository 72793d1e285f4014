//! An email address, normalised (trimmed, lower-cased) so one person has one account.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter your email address.")]
    Empty,
    #[error("That email address is too long.")]
    TooLong,
    #[error("Enter a valid email address, like name@example.com.")]
    Invalid,
}

impl Email {
    /// The longest address SMTP can carry (RFC 5321), in bytes.
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let normalized = input.trim().to_lowercase();
        if normalized.is_empty() {
            return Err(EmailError::Empty);
        }
        if normalized.len() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = normalized.split_once('@').ok_or(EmailError::Invalid)?;
        let valid = !local.is_empty()
            && local.len() <= 64
            && !domain.contains('@')
            && domain.contains('.')
            && domain.split('.').all(|label| !label.is_empty())
            && !normalized
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c));
        if valid {
            Ok(Email(normalized))
        } else {
            Err(EmailError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_surrounding_spaces() {
        assert_eq!(
            Email::parse("  Alice@Example.COM ").unwrap().as_str(),
            "alice@example.com"
        );
    }

    #[test]
    fn rejects_malformed_addresses() {
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        for bad in [
            "alice",
            "alice@",
            "@example.com",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@b..com",
            "a@.com",
            "<a>@b.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "bob@example.com",
            "first.last+tag@shop.example.co.uk",
            "x@y.io",
        ] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
    }
}
