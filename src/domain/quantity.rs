//! A cart quantity: a whole number from 1 to 99, parsed once at the edge.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Quantity(u8);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("Quantity must be a whole number.")]
    NotANumber,
    #[error("Quantity must be at least 1.")]
    TooSmall,
    #[error("Quantity can be at most 99.")]
    TooLarge,
}

impl Quantity {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 99;
    pub const ONE: Quantity = Quantity(1);

    pub fn new(n: i64) -> Result<Self, QuantityError> {
        if n < i64::from(Self::MIN) {
            Err(QuantityError::TooSmall)
        } else if n > i64::from(Self::MAX) {
            Err(QuantityError::TooLarge)
        } else {
            Ok(Quantity(n as u8))
        }
    }

    /// Parses what a form sent: surrounding spaces are forgiven, fractions and words are not.
    pub fn parse(input: &str) -> Result<Self, QuantityError> {
        let trimmed = input.trim();
        let digits = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(QuantityError::NotANumber);
        }
        match trimmed.parse::<i64>() {
            Ok(n) => Self::new(n),
            // all digits but too long for i64: certainly more than 99 (or less than 1)
            Err(_) if trimmed.starts_with('-') => Err(QuantityError::TooSmall),
            Err(_) => Err(QuantityError::TooLarge),
        }
    }

    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Quantity {
    type Error = QuantityError;
    fn try_from(n: i64) -> Result<Self, Self::Error> {
        Self::new(n)
    }
}

impl From<Quantity> for i64 {
    fn from(q: Quantity) -> i64 {
        i64::from(q.0)
    }
}

/// So a quantity reads as the number it is: `line.quantity == 3`.
impl PartialEq<u8> for Quantity {
    fn eq(&self, other: &u8) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_one_to_ninety_nine() {
        assert_eq!(Quantity::parse("1").map(Quantity::get), Ok(1));
        assert_eq!(Quantity::parse(" 99 ").map(Quantity::get), Ok(99));
        assert_eq!(Quantity::parse("+5").map(Quantity::get), Ok(5));
    }

    #[test]
    fn rejects_out_of_range_values_with_a_clear_reason() {
        assert_eq!(Quantity::parse("0"), Err(QuantityError::TooSmall));
        assert_eq!(Quantity::parse("-3"), Err(QuantityError::TooSmall));
        assert_eq!(Quantity::parse("100"), Err(QuantityError::TooLarge));
        assert_eq!(
            Quantity::parse("99999999999999999999999"),
            Err(QuantityError::TooLarge)
        );
        assert_eq!(
            Quantity::parse("-99999999999999999999999"),
            Err(QuantityError::TooSmall)
        );
    }

    #[test]
    fn rejects_things_that_are_not_whole_numbers() {
        for bad in ["", "  ", "abc", "1.5", "2e3", "1 2", "--1", "٣"] {
            assert_eq!(
                Quantity::parse(bad),
                Err(QuantityError::NotANumber),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn deserializing_enforces_the_same_range() {
        assert!(Quantity::try_from(0).is_err());
        assert!(Quantity::try_from(100).is_err());
        assert_eq!(i64::from(Quantity::try_from(42).unwrap()), 42);
    }
}
