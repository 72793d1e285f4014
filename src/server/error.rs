//! How server-side failures become the boundary's `AppError`: detail is logged here, once, and the
//! client gets the generic message — or, when the database is locked, unreachable or failing, a
//! 503 that says to try again shortly (a client cannot tell "try again" from a bug in a 500).

use crate::domain::AppError;

/// What a client is told to wait before trying again while the database is unavailable.
pub const RETRY_AFTER_SECS: u64 = 2;

/// Prefix of a session-store error whose cause was an unavailable database: the store's error type
/// carries only a message, so the kind travels in it.
pub const UNAVAILABLE_PREFIX: &str = "database unavailable: ";

pub use crate::server::db::is_unavailable;

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if is_unavailable(&err) {
            tracing::warn!(error = %err, "database unavailable");
            metrics::counter!("tokenshop_database_unavailable_total").increment(1);
            return AppError::Unavailable {
                retry_after_secs: RETRY_AFTER_SECS,
            };
        }
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

fn from_store(err: &tower_sessions::session_store::Error) -> AppError {
    use tower_sessions::session_store::Error;
    if let Error::Backend(msg) = err {
        if msg.starts_with(UNAVAILABLE_PREFIX) {
            tracing::warn!(error = %msg, "session store: database unavailable");
            return AppError::Unavailable {
                retry_after_secs: RETRY_AFTER_SECS,
            };
        }
    }
    tracing::error!(error = %err, "session store error");
    AppError::Internal
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        match &err {
            tower_sessions::session::Error::Store(e) => from_store(e),
            _ => {
                tracing::error!(error = %err, "session error");
                AppError::Internal
            }
        }
    }
}

impl From<tower_sessions::session_store::Error> for AppError {
    fn from(err: tower_sessions::session_store::Error) -> Self {
        from_store(&err)
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(err: tokio::task::JoinError) -> Self {
        tracing::error!(error = %err, "blocking task failed");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Status;

    #[test]
    fn a_pool_timeout_is_unavailable_and_a_decode_error_is_internal() {
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
        assert_eq!(AppError::from(sqlx::Error::PoolClosed).status_code(), 503);
        assert_eq!(AppError::from(sqlx::Error::RowNotFound), AppError::Internal);
    }

    #[test]
    fn a_store_error_marked_unavailable_is_a_503() {
        let err = tower_sessions::session_store::Error::Backend(format!(
            "{UNAVAILABLE_PREFIX}pool timed out"
        ));
        assert_eq!(AppError::from(err).status_code(), 503);
        let other = tower_sessions::session_store::Error::Decode("bad".into());
        assert_eq!(AppError::from(other), AppError::Internal);
    }
}
