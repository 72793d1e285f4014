//! How the shop's errors travel over HTTP, for the pages' server functions and the JSON API alike:
//! the status each kind of error is answered with, the stable name of the API's problem type, and
//! the JSON a server function answers an error with (read back by the browser, and by the tests).
//! The vocabulary itself (`domain::AppError`) holds no HTTP; this is its only translation.

use crate::domain::{AppError, ErrorKind};
use leptos::server_fn::{
    error::{FromServerFnError, ServerFnErrorErr},
    Bytes, ContentType, Decodes, Encodes, Format, FormatType,
};
use serde::{Deserialize, Serialize};

/// An error's HTTP status and the API's name for it.
pub trait Status {
    fn status_code(&self) -> u16;
    /// The stable name API clients branch on (the end of a problem's `type`).
    fn problem_slug(&self) -> &'static str;
}

impl Status for ErrorKind {
    fn status_code(&self) -> u16 {
        match self {
            ErrorKind::Validation => 422,
            ErrorKind::NotFound => 404,
            ErrorKind::Unauthenticated | ErrorKind::InvalidCredentials => 401,
            ErrorKind::TooManyAttempts => 429,
            ErrorKind::Conflict => 409,
            ErrorKind::Forbidden => 403,
            ErrorKind::Internal => 500,
            ErrorKind::Transport => 502,
            ErrorKind::Unavailable => 503,
        }
    }

    fn problem_slug(&self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::NotFound => "not-found",
            ErrorKind::Unauthenticated => "missing-token",
            ErrorKind::InvalidCredentials => "invalid-credentials",
            ErrorKind::TooManyAttempts => "too-many-attempts",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::Internal | ErrorKind::Transport => "internal",
            ErrorKind::Unavailable => "unavailable",
        }
    }
}

impl Status for AppError {
    fn status_code(&self) -> u16 {
        self.kind().status_code()
    }

    fn problem_slug(&self) -> &'static str {
        self.kind().problem_slug()
    }
}

/// An error on the wire: the error itself, which the server and the tests decode back into an
/// `AppError`, and its sentence, which is all the browser reads (into `AppError::Said`).
#[cfg(feature = "ssr")]
#[derive(Serialize)]
struct WireOut<'a> {
    error: &'a AppError,
    message: String,
}

#[cfg(feature = "ssr")]
#[derive(Deserialize)]
struct WireIn {
    error: AppError,
}

#[cfg(not(feature = "ssr"))]
#[derive(Serialize, Deserialize)]
struct Sentence {
    message: String,
}

impl AppError {
    /// The JSON a server function (or a refusal before one) answers with.
    pub fn to_wire(&self) -> Result<Vec<u8>, serde_json::Error> {
        #[cfg(feature = "ssr")]
        let wire = WireOut {
            error: self,
            message: self.to_string(),
        };
        #[cfg(not(feature = "ssr"))]
        let wire = Sentence {
            message: self.to_string(),
        };
        serde_json::to_vec(&wire)
    }

    pub fn from_wire(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        #[cfg(feature = "ssr")]
        return serde_json::from_slice::<WireIn>(bytes).map(|w| w.error);
        #[cfg(not(feature = "ssr"))]
        return serde_json::from_slice::<Sentence>(bytes).map(|w| AppError::Said(w.message));
    }
}

/// JSON as [`AppError::to_wire`] writes it.
pub struct WireEncoding;

impl ContentType for WireEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for WireEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl Encodes<AppError> for WireEncoding {
    type Error = serde_json::Error;

    fn encode(error: &AppError) -> Result<Bytes, Self::Error> {
        error.to_wire().map(Bytes::from)
    }
}

impl Decodes<AppError> for WireEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<AppError, Self::Error> {
        AppError::from_wire(&bytes)
    }
}

impl FromServerFnError for AppError {
    type Encoder = WireEncoding;

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
    use crate::domain::StockProblem;

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
        assert_eq!(AppError::EmailTaken.status_code(), 409);
        assert_eq!(AppError::CartEmpty.status_code(), 409);
        let limit = AppError::Stock(StockProblem::CartLimit {
            name: "Tea".into(),
            in_cart: 90,
        });
        assert_eq!(limit.status_code(), 409);
        let down = AppError::Unavailable {
            retry_after_secs: 2,
        };
        assert_eq!((down.status_code(), down.retry_after()), (503, Some(2)));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_wire_carries_the_error_and_its_sentence() {
        let err = AppError::Stock(StockProblem::NotEnough {
            name: "Key".into(),
            stock: 1,
        });
        let wire = String::from_utf8(err.to_wire().unwrap()).unwrap();
        assert!(wire.contains("Only 1 of Key in stock."), "{wire}");
        assert_eq!(AppError::from_wire(wire.as_bytes()).unwrap(), err);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_field_survives_the_wire() {
        use crate::domain::{Field, ProductId};
        let e = AppError::validation("x").in_field(Field::Quantity(ProductId(7)));
        let back = AppError::from_wire(&e.to_wire().unwrap()).unwrap();
        assert!(back.concerns(Field::Quantity(ProductId(7))));
    }
}
