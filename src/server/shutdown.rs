//! Stopping under load: on SIGTERM or Ctrl-C the listener closes at once (new connections are
//! refused, so a balancer moves on), requests in flight finish, and after the grace period
//! (`SHUTDOWN_GRACE_SECS`) the process stops waiting for the ones that have not.
//!
//! Nothing acknowledged is lost by giving up: a write is answered only after its transaction
//! committed, and a transaction cut off by the exit is rolled back by the database.

use axum::Router;
use std::{future::IntoFuture, net::SocketAddr, time::Duration};
use tokio::net::TcpListener;

/// Serves `app` until the process is asked to stop, then for at most `grace` more.
pub async fn serve(listener: TcpListener, app: Router, grace: Duration) -> std::io::Result<()> {
    let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        signal().await;
        let _ = stopping.send(());
    })
    .into_future();
    let deadline = async move {
        match stopped.await {
            Ok(()) => tokio::time::sleep(grace).await,
            // The server ended by itself: the other branch has its result.
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        served = serving => served,
        () = deadline => {
            tracing::warn!(
                grace_secs = grace.as_secs(),
                "requests still running at the end of the grace period (SHUTDOWN_GRACE_SECS): stopping anyway"
            );
            Ok(())
        }
    }
}

/// Resolves when the process is asked to stop: Ctrl-C, or SIGTERM from a service manager.
pub async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: no new connections, finishing the requests in flight");
}
