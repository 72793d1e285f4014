//! Which form field an error is about, so a page can mark that field invalid and point it at the
//! error's sentence (`aria-invalid`, `aria-describedby`), with or without JavaScript: the error
//! crosses the no-JavaScript round trip in the URL whole, field included.

use super::{AppError, ErrorKind, ProductId};
#[cfg(feature = "ssr")]
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "ssr", derive(Serialize, Deserialize))]
pub enum Field {
    Email,
    Password,
    PasswordConfirm,
    /// The quantity of this product: the product page's field, or its line's in the cart.
    Quantity(ProductId),
}

impl AppError {
    /// Ties an error about what was typed to `field`. Only refusals of the input itself are tied
    /// (invalid, or in conflict with the stock or an existing account); a server fault, a missing
    /// login or a throttle is about the request, not the field, and is returned as it is.
    pub fn in_field(self, field: Field) -> AppError {
        if matches!(self, AppError::InField { .. }) {
            return self;
        }
        match self.kind() {
            ErrorKind::Validation | ErrorKind::Conflict => AppError::InField {
                field,
                error: Box::new(self),
            },
            _ => self,
        }
    }

    /// Whether this error is about `field`. A failed login is about both fields of the form, as
    /// the answer must not say which of the two was wrong.
    pub fn concerns(&self, field: Field) -> bool {
        match self {
            AppError::InField { field: f, .. } => *f == field,
            AppError::InvalidCredentials => matches!(field, Field::Email | Field::Password),
            AppError::PasswordsDiffer => field == Field::PasswordConfirm,
            AppError::EmailTaken => field == Field::Email,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_tied_to_a_field_keeps_its_sentence_and_status() {
        let e = AppError::validation("Quantity must be at least 1.")
            .in_field(Field::Quantity(ProductId(3)));
        assert_eq!(e.to_string(), "Quantity must be at least 1.");
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert!(e.concerns(Field::Quantity(ProductId(3))));
        assert!(!e.concerns(Field::Quantity(ProductId(4))));
        let taken = AppError::EmailTaken.in_field(Field::Email);
        assert_eq!(taken.kind(), ErrorKind::Conflict);
        assert!(taken.concerns(Field::Email) && !taken.concerns(Field::Password));
    }

    #[test]
    fn faults_and_throttles_are_not_any_fields() {
        for e in [
            AppError::Internal,
            AppError::LoginRequired,
            AppError::TooManyAttempts {
                retry_after_secs: 1,
            },
        ] {
            let tied = e.clone().in_field(Field::Email);
            assert_eq!(tied, e);
            assert!(!tied.concerns(Field::Email));
        }
    }

    #[test]
    fn a_failed_login_is_about_both_fields_and_a_mismatch_about_the_repeat() {
        assert!(AppError::InvalidCredentials.concerns(Field::Email));
        assert!(AppError::InvalidCredentials.concerns(Field::Password));
        assert!(AppError::PasswordsDiffer.concerns(Field::PasswordConfirm));
        assert!(!AppError::PasswordsDiffer.concerns(Field::Password));
    }
}
