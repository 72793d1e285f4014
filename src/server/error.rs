//! How server-side failures become the boundary's `AppError`: detail is logged here, once, and the
//! client gets the generic message.

use crate::domain::AppError;

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        tracing::error!(error = %err, "session store error");
        AppError::Internal
    }
}

impl From<tower_sessions::session_store::Error> for AppError {
    fn from(err: tower_sessions::session_store::Error) -> Self {
        tracing::error!(error = %err, "session store error");
        AppError::Internal
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(err: tokio::task::JoinError) -> Self {
        tracing::error!(error = %err, "blocking task failed");
        AppError::Internal
    }
}
