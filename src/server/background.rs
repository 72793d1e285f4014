//! What runs beside request handling for as long as the shop serves: the minute clean-up, the
//! reloads of keys and the denylist, on PostgreSQL the NOTIFY listener that hears other
//! instances' changes, and the metrics' upkeep.

use super::{clock::now_unix, db, token::denylist, AppState};
use std::time::Duration;
use tower_sessions::ExpiredDeletion;

/// Starts every background task; each keeps going after an error of its own.
pub fn start(state: &AppState) {
    tokio::spawn(clean_up_forever(state.clone()));
    tokio::spawn(sync_keys_forever(state.clone()));
    if state.config.access_denylist {
        tokio::spawn(sync_denylist_forever(state.clone()));
    }
    tokio::spawn(listen_forever(state.clone()));
    if state.config.metrics {
        tokio::spawn(super::web::observe::upkeep_forever());
    }
}

/// Deletes expired sessions, old login failures, abandoned guest carts and expired lab accounts.
/// Keeps going after an error (tower-sessions' own loop stops at the first one).
async fn clean_up_forever(state: AppState) {
    let store = state.sessions.clone();
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        let now = now_unix();
        if let Err(e) = store.delete_expired().await {
            tracing::error!(error = %e, "deleting expired sessions failed");
        }
        if let Err(e) = db::throttle::prune(
            &state.db,
            now - state.config.login_window.as_secs() as i64,
            now - state.config.signup_window.as_secs() as i64,
            now,
        )
        .await
        {
            tracing::error!(error = %e, "pruning login failures failed");
        }
        // A guest cart lives as long as the longer of its carriers: the session or the Cart-Token.
        let horizon = (state.config.session_absolute + state.config.session_idle)
            .max(state.config.cart_token_ttl)
            .as_secs() as i64;
        if let Err(e) = db::carts::delete_abandoned_guest_carts(&state.db, now - horizon).await {
            tracing::error!(error = %e, "deleting abandoned guest carts failed");
        }
        if let Err(e) = db::users::delete_expired_lab_accounts(&state.db, now).await {
            tracing::error!(error = %e, "deleting expired lab accounts failed");
        }
        if let Err(e) = db::refresh::prune(&state.db, now).await {
            tracing::error!(error = %e, "pruning refresh families failed");
        }
        if let Err(e) = db::oauth::prune(&state.db, now).await {
            tracing::error!(error = %e, "pruning authorization codes failed");
        }
        if let Err(e) = db::dpop::prune(&state.db, now).await {
            tracing::error!(error = %e, "pruning the DPoP proofs seen failed");
        }
        if let Err(e) = db::refresh::prune_denylist(&state.db, now).await {
            tracing::error!(error = %e, "pruning the access-token denylist failed");
        }
        if let Err(e) = state.keys.prune(&state.db).await {
            tracing::error!(error = %e, "pruning retired keys failed");
        }
    }
}

/// Picks up a key rotated by another instance or by `tokenshop rotate-key`, so new tokens are
/// signed with it and the JWKS shows it within seconds.
async fn sync_keys_forever(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        if let Err(e) = state.keys.sync(&state.db).await {
            tracing::error!(error = %e, "checking for a rotated signing key failed");
        }
    }
}

/// Picks up access tokens revoked by another instance (this one's own revocations count at once).
async fn sync_denylist_forever(state: AppState) {
    let mut tick = tokio::time::interval(denylist::RELOAD_EVERY);
    loop {
        tick.tick().await;
        if let Err(e) = state.denylist.reload(&state.db).await {
            tracing::error!(error = %e, "reloading the access-token denylist failed");
        }
    }
}

/// On PostgreSQL, hears other instances' revocations, key rotations and stock changes as they
/// happen (NOTIFY) rather than at the next reload. The reloads stay as the safety net: a
/// notification sent while this connection was down is lost, so every (re)connection starts by
/// reloading all three.
pub async fn listen_forever(state: AppState) {
    let db::Db::Postgres(pool) = &state.db else {
        return;
    };
    loop {
        if let Err(e) = listen(&state, pool).await {
            tracing::error!(error = %e, "listening for other instances' changes failed");
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn listen(state: &AppState, pool: &sqlx::PgPool) -> Result<(), sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
    // recv() reconnects by itself; it returns an error only when that fails.
    listener
        .listen_all([db::DENYLIST_CHANNEL, db::KEYS_CHANNEL, db::CATALOG_CHANNEL])
        .await?;
    state.denylist.reload(&state.db).await?;
    state.keys.reload(&state.db).await?;
    state.catalog.invalidate();
    loop {
        let notification = listener.recv().await?;
        match notification.channel() {
            db::DENYLIST_CHANNEL => state.denylist.reload(&state.db).await?,
            db::KEYS_CHANNEL => state.keys.reload(&state.db).await?,
            db::CATALOG_CHANNEL => state.catalog.invalidate(),
            _ => {}
        }
    }
}
