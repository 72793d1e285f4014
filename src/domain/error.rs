//! The one error type of the server-function boundary. It crosses the wire as JSON, so the browser
//! shows the same message the server chose; internal detail never leaves the server.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input that fails validation; the message says what to fix.
    #[error("{0}")]
    Validation(String),
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("Please log in to continue.")]
    LoginRequired,
    /// Identical for an unknown email and a wrong password, so neither can be told apart.
    #[error("Email or password is incorrect.")]
    InvalidCredentials,
    #[error("Too many failed logins. Try again in {retry_after_secs} seconds.")]
    TooManyAttempts { retry_after_secs: u64 },
    /// The request is valid but the shop's state does not allow it (stock ran out, email taken).
    #[error("{0}")]
    Conflict(String),
    #[error("This request came from another site and was refused.")]
    CrossSite,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The browser could not reach the server or read its answer.
    #[error("Could not reach the shop: {0}")]
    Transport(String),
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Validation(_) => 422,
            AppError::NotFound(_) => 404,
            AppError::LoginRequired | AppError::InvalidCredentials => 401,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Conflict(_) => 409,
            AppError::CrossSite => 403,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
        }
    }

    pub fn validation(err: impl std::fmt::Display) -> Self {
        AppError::Validation(err.to_string())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Malformed or missing form fields: the client's fault, said plainly.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::Validation(
                "The form was incomplete or malformed. Please reload the page and try again."
                    .into(),
            ),
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Deserialization(msg) => {
                AppError::Transport(msg)
            }
            _ => AppError::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_mistakes_are_4xx_and_only_internal_faults_are_5xx() {
        assert_eq!(AppError::Validation("x".into()).status_code(), 422);
        assert_eq!(
            AppError::TooManyAttempts {
                retry_after_secs: 3
            }
            .status_code(),
            429
        );
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Args("bad".into())).status_code(),
            422
        );
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::ServerError("db".into())),
            AppError::Internal
        );
    }

    #[test]
    fn wrong_password_and_unknown_email_read_the_same() {
        assert_eq!(
            AppError::InvalidCredentials.to_string(),
            "Email or password is incorrect."
        );
    }
}
