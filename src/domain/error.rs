//! The one error vocabulary of the shop: every sentence a shopper can be shown is written here,
//! once, whichever carrier (page or API) the request came by. What an error is (`ErrorKind`) is
//! decided here; what HTTP makes of it — the status, the JSON a server function answers with — is
//! `crate::wire`'s, so the vocabulary holds no HTTP.

use super::{human_duration, Field};
use serde::{Deserialize, Serialize};

// The browser never needs an error's structure, only its sentence (see `WireEncoding`): deriving
// serde for these enums in the browser bundle would cost it about a tenth of its size.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(Serialize, Deserialize))]
pub enum AppError {
    /// Input that fails validation; the message (from the input's own type) says what to fix.
    #[error("{0}")]
    Validation(String),
    /// An error about what was typed into one form field (see `Field`): the form marks that field.
    #[error("{error}")]
    InField { field: Field, error: Box<AppError> },
    #[error("{0} was not found.")]
    NotFound(Missing),
    #[error("Please log in to continue.")]
    LoginRequired,
    /// Identical for an unknown email and a wrong password, so neither can be told apart.
    #[error("Email or password is incorrect.")]
    InvalidCredentials,
    // Every wait is said in human units ("Try again in 52 min"); `Retry-After` carries the seconds.
    #[error("Too many failed logins. Try again in {}.", human_duration(*.retry_after_secs))]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("Too many accounts were created from your address. Try again in {}.", human_duration(*.retry_after_secs))]
    TooManySignUps { retry_after_secs: u64 },
    /// The account is locked by the shop's operator: the right password is refused too.
    #[error("This account is locked: it cannot sign in until the shop's operator unlocks it.")]
    AccountLocked,
    #[error("The two passwords do not match.")]
    PasswordsDiffer,
    #[error("An account with this email already exists. Log in instead.")]
    EmailTaken,
    #[error("Your cart is empty.")]
    CartEmpty,
    #[error("That order is too large.")]
    OrderTooLarge,
    /// A quantity the stock or the cart limit does not allow.
    #[error("{0}")]
    Stock(StockProblem),
    /// A Learn lab that cannot do what was asked right now.
    #[error("{0}")]
    Lab(LabRefusal),
    #[error("This request came from another site and was refused.")]
    CrossSite,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The database is locked, unreachable or failing: nothing was done, and trying again shortly
    /// is the right thing (HTTP 503 with `Retry-After`).
    #[error("The shop cannot reach its database right now; nothing was changed. Please try again in {}.", human_duration(*.retry_after_secs))]
    Unavailable { retry_after_secs: u64 },
    /// Too many passwords are waiting to be checked (each costs a core for tens of milliseconds):
    /// refused at once (503 with `Retry-After`) rather than queued without end.
    #[error("The shop is busy checking passwords; nothing was changed. Please try again in {}.", human_duration(*.retry_after_secs))]
    Busy { retry_after_secs: u64 },
    /// The browser could not reach the server or read its answer.
    #[error("Could not reach the shop: {0}")]
    Transport(String),
    /// An error as the browser received it: the server's sentence, without the structure it was
    /// made from. Never made on the server.
    #[error("{0}")]
    Said(String),
}

/// What was looked for and not found: "That product", "The category “tea”"…
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(Serialize, Deserialize))]
pub enum Missing {
    #[error("That page")]
    Page,
    #[error("That product")]
    Product,
    #[error("The category “{0}”")]
    Category(String),
    #[error("That cart")]
    Cart,
    #[error("That cart line")]
    CartLine,
    #[error("That order")]
    Order,
    #[error("That sign-in")]
    SignIn,
    #[error("That API endpoint")]
    Endpoint,
}

/// Why a quantity cannot go into a cart, or an order cannot be placed, with the numbers as they are
/// now.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(Serialize, Deserialize))]
pub enum StockProblem {
    #[error("{name} is out of stock.")]
    OutOfStock { name: String },
    #[error("A cart can hold at most {max} of {name}; you already have {in_cart}.", max = super::Quantity::MAX)]
    CartLimit { name: String, in_cart: i64 },
    #[error("Only {stock} of {name} in stock, and your cart already has {in_cart}.")]
    NotEnoughBesides {
        name: String,
        stock: i64,
        in_cart: i64,
    },
    #[error("Only {stock} of {name} in stock.")]
    NotEnough { name: String, stock: i64 },
    #[error("{name} sold out before you checked out. Remove it from your cart to continue.")]
    SoldOutAtCheckout { name: String },
    #[error(
        "Only {stock} of {name} left; your cart has {wanted}. Lower the quantity to continue."
    )]
    ShortAtCheckout {
        name: String,
        stock: i64,
        wanted: i64,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(Serialize, Deserialize))]
pub enum LabRefusal {
    #[error("This lab cookie is already signed in: there is no guest cart left to merge.")]
    AlreadySignedIn,
    #[error("This lab's sign-in is gone (signed out, expired or never made): sign in again.")]
    NotSignedIn,
    #[error("This lab signs in only the throwaway lab accounts the Learn pages make.")]
    NotALabAccount,
    #[error("The attacker's collector takes drops only from this machine (loopback), and only lab-sized ones.")]
    CollectorRefused,
    /// The address's lab accounts for the window are spent (a budget for a few classrooms).
    #[error("This address has made {max} lab accounts in the last hour, the most this shop makes for one address. Try again in {}; a lab account this browser already has keeps working until it expires.", human_duration(*.retry_after_secs))]
    TooManyLabAccounts { retry_after_secs: u64, max: u32 },
    #[error("The key was rotated {} ago; the lab rotates at most every {}. Try again in {}.", human_duration(*.age as u64), human_duration(*.every as u64), human_duration((.every - .age).max(1) as u64))]
    RotatedRecently { age: i64, every: i64 },
}

/// The kind of an error: what went wrong, as a client must tell it apart (`crate::wire` gives each
/// its HTTP status and the API's problem type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Validation,
    NotFound,
    Unauthenticated,
    InvalidCredentials,
    TooManyAttempts,
    Conflict,
    Forbidden,
    Internal,
    Unavailable,
    Transport,
}

impl AppError {
    pub fn kind(&self) -> ErrorKind {
        use StockProblem::*;
        match self {
            AppError::Validation(_) | AppError::PasswordsDiffer => ErrorKind::Validation,
            // Refused for what the cart holds now, not for what the request says: a conflict with
            // the resource's state (409), like every other stock problem, not invalid input (422).
            AppError::CartEmpty | AppError::OrderTooLarge | AppError::Stock(CartLimit { .. }) => {
                ErrorKind::Conflict
            }
            AppError::NotFound(_) => ErrorKind::NotFound,
            AppError::LoginRequired => ErrorKind::Unauthenticated,
            AppError::InvalidCredentials => ErrorKind::InvalidCredentials,
            AppError::TooManyAttempts { .. } | AppError::TooManySignUps { .. } => {
                ErrorKind::TooManyAttempts
            }
            AppError::EmailTaken | AppError::Stock(_) => ErrorKind::Conflict,
            AppError::Lab(LabRefusal::CollectorRefused | LabRefusal::NotALabAccount)
            | AppError::CrossSite
            | AppError::AccountLocked => ErrorKind::Forbidden,
            AppError::Lab(LabRefusal::NotSignedIn) => ErrorKind::Unauthenticated,
            AppError::Lab(
                LabRefusal::RotatedRecently { .. } | LabRefusal::TooManyLabAccounts { .. },
            ) => ErrorKind::TooManyAttempts,
            AppError::Lab(_) => ErrorKind::Conflict,
            AppError::Internal | AppError::Said(_) => ErrorKind::Internal,
            AppError::Unavailable { .. } | AppError::Busy { .. } => ErrorKind::Unavailable,
            AppError::Transport(_) => ErrorKind::Transport,
            AppError::InField { error, .. } => error.kind(),
        }
    }

    pub fn validation(err: impl std::fmt::Display) -> Self {
        AppError::Validation(err.to_string())
    }

    /// Seconds to wait before trying again, for the `Retry-After` header.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyAttempts { retry_after_secs }
            | AppError::TooManySignUps { retry_after_secs }
            | AppError::Unavailable { retry_after_secs }
            | AppError::Busy { retry_after_secs } => Some(*retry_after_secs),
            AppError::Lab(LabRefusal::RotatedRecently { age, every }) => {
                Some((every - age).max(1) as u64)
            }
            AppError::Lab(LabRefusal::TooManyLabAccounts {
                retry_after_secs, ..
            }) => Some(*retry_after_secs),
            AppError::InField { error, .. } => error.retry_after(),
            _ => None,
        }
    }
}

/// In the browser an error is its sentence (resources in server-rendered pages need serde; their
/// code never ships, as those pages are not hydrated).
#[cfg(not(feature = "ssr"))]
impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

#[cfg(not(feature = "ssr"))]
impl<'de> Deserialize<'de> for AppError {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(AppError::Said)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_password_and_unknown_email_read_the_same() {
        assert_eq!(
            AppError::InvalidCredentials.to_string(),
            "Email or password is incorrect."
        );
    }

    #[test]
    fn every_wait_is_said_in_human_units() {
        let login = AppError::TooManyAttempts {
            retry_after_secs: 3114,
        };
        assert_eq!(
            login.to_string(),
            "Too many failed logins. Try again in 51 min 54 s."
        );
        let signups = AppError::TooManySignUps {
            retry_after_secs: 3600,
        };
        assert!(
            signups.to_string().ends_with("Try again in 1 h."),
            "{signups}"
        );
        let down = AppError::Unavailable {
            retry_after_secs: 2,
        };
        assert!(
            down.to_string().ends_with("Please try again in 2 s."),
            "{down}"
        );
        for e in [login, signups, down] {
            assert!(!e.to_string().contains("seconds"), "{e}");
        }
    }

    #[test]
    fn stock_sentences_carry_the_numbers() {
        let limit = AppError::Stock(StockProblem::CartLimit {
            name: "Tea".into(),
            in_cart: 90,
        });
        assert_eq!(
            limit.to_string(),
            "A cart can hold at most 99 of Tea; you already have 90."
        );
        assert_eq!(limit.kind(), ErrorKind::Conflict);
        let short = AppError::Stock(StockProblem::NotEnough {
            name: "Key".into(),
            stock: 1,
        });
        assert_eq!(short.to_string(), "Only 1 of Key in stock.");
        assert_eq!(short.kind(), ErrorKind::Conflict);
        assert_eq!(
            AppError::NotFound(Missing::Category("x".into())).to_string(),
            "The category “x” was not found."
        );
        let wait = AppError::Lab(LabRefusal::RotatedRecently { age: 3, every: 10 });
        assert!(wait.to_string().ends_with("Try again in 7 s."), "{wait}");
    }
}
