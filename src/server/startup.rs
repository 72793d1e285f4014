//! Building the application: state from config, the router (testable without a socket), and serving
//! (stopped gracefully by `shutdown`) with a supervised clean-up task.

use super::{
    accounts::{self, password},
    api, background,
    cookie::{self, store::GuardedStore},
    db, oauth, shutdown,
    state::Shared,
    token::{denylist, dpop::Dpop, keys::Keyring},
    web::{assets, observe, page_cache, security},
    AppState, Config,
};
use crate::app::{shell, App};
use crate::learn;
use axum::http::{HeaderName, HeaderValue};
use axum::{extract::DefaultBodyLimit, middleware, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::{net::SocketAddr, sync::Arc};
use tower::ServiceBuilder;
use tower_http::{
    compression::{CompressionLayer, CompressionLevel},
    request_id::{PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("could not open the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not create the demo users")]
    Seed,
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

// mimalloc's option numbers (mimalloc.h, `mi_option_e`), the same in v2 and in v3, which
// libmimalloc-sys builds by default; the Rust bindings lack these two.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's defaults favour speed over memory: it commits arenas up front and keeps freed memory
/// for a second (v3's default; v2's was 10 ms). Committing on demand keeps the server under 64 MiB
/// (bench/run: 121 MiB peak before). Freed memory goes back to the system after 100 ms: at once
/// (0 ms), a page render spent a quarter of its CPU giving pages back with madvise and zeroing fresh
/// ones (perf), and the signed-in cart page took 3,900 req/s against 5,200 at 100 ms, with the same
/// peak RSS (45 MiB). mimalloc purges only when it next runs, so a shop idle right after a burst
/// still holds what the burst freed (bench/README.md).
pub fn tune_allocator() {
    // SAFETY: plain integer options, set before any thread is started.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 100);
    }
}

/// The options of the bundle most pages load; `assets::Bundles` has every bundle's.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let base = LeptosOptions::builder()
        .output_name("tokenshop")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.listen_addr)
        .build();
    assets::bundle_options(&base, &config.site_root, crate::site::Bundle::Shop)
}

/// Opens the database, migrates it, prepares the session table and the demo users.
pub async fn build_state(config: Config) -> Result<AppState, StartupError> {
    let db = db::Db::connect(&config.database_url, config.db_timeouts).await?;
    let sessions = GuardedStore::new(&db);
    let passwords = password::Hasher::for_this_machine(config.hash_queue_max);
    let dummy_hash = passwords
        .dummy_hash()
        .await
        .map_err(|_| StartupError::Seed)?;
    let keys = Keyring::load(&config, &db).await?;
    let denylist = denylist::Denylist::default();
    denylist.reload(&db).await?;
    let dpop = Dpop::load(&db).await?;
    let state = AppState::new(Shared {
        leptos_options: leptos_options(&config),
        db,
        sessions,
        config: Arc::new(config),
        dummy_hash: Arc::new(dummy_hash),
        keys: Arc::new(keys),
        denylist: Arc::new(denylist),
        passwords: Arc::new(passwords),
        learn: Arc::default(),
        dpop: Arc::new(dpop),
        catalog: Arc::default(),
        page_cache: Arc::default(),
    });
    if state.config.seed_demo_users {
        accounts::seed_demo_users(&state)
            .await
            .map_err(|_| StartupError::Seed)?;
    }
    if state.config.practice_mode {
        accounts::practice::seed(&state)
            .await
            .map_err(|_| StartupError::Seed)?;
    }
    Ok(state)
}

pub fn build_router(state: AppState) -> Router {
    let config = state.config.clone();
    let sessions = cookie::layer(&state);

    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        let paths = assets::paths(&config.site_root);
        move || {
            provide_context(state.clone());
            provide_context(paths.clone());
            provide_context(cookie::AccountRead::default());
            security::provide_request_nonce();
        }
    };
    // Each page's shell loads the bundle that holds its islands.
    let bundles = assets::Bundles::new(&state.leptos_options, &config.site_root);
    let page_shell = move || shell(bundles.for_this_request());
    // The pages and server functions: cookie sessions, so cross-site mutations are refused.
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), page_shell.clone())
        // The authorization endpoint is a page of the shop's site: the same session and checks.
        .merge(oauth::page_routes())
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, move |_: LeptosOptions| page_shell()))
        // Outermost first: these run in this order on the way in.
        .layer(
            ServiceBuilder::new()
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    page_cache::serve,
                ))
                .layer(middleware::from_fn(security::refuse_cross_site))
                .layer(middleware::from_fn(cookie::store::save_failures))
                .layer(sessions)
                .layer(middleware::from_fn(security::server_fn_error_status)),
        );
    if config.metrics {
        observe::recorder();
    }
    let router = Router::new()
        .merge(observe::main_routes(&config))
        .merge(assets::routes(&config.site_root))
        .merge(api::router(&state))
        .merge(oauth::router(&state))
        .merge(learn::server::routes(&state))
        .merge(pages)
        // Every shared layer as one stack, outermost first. Router::layer wraps each route in a
        // boxed service per call, and a middleware clones what it wraps for every request: twelve
        // separate layers made that a deep clone of the whole chain at each level (A/B: GET
        // /api/v1/me took 83 us of CPU before, 77 after; bench/README.md).
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                // br or gzip for whatever is not compressed yet (pages, JSON), fast enough per
                // response; static files and shared pages come compressed already and are left.
                .layer(
                    CompressionLayer::new()
                        .br(true)
                        .gzip(true)
                        .quality(CompressionLevel::Precise(4)),
                )
                .layer(middleware::from_fn(security::security_headers))
                .layer(middleware::from_fn({
                    let max = config.max_body_bytes;
                    move |req, next| security::limit_body(max, api::too_large, req, next)
                }))
                .layer(DefaultBodyLimit::max(config.max_body_bytes))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    learn::inspector::server::record,
                )),
        );
    observed(router, state)
}

/// The outermost layers: the access log and request ids (outside everything else, so every answer
/// is logged and carries its id), and the instance header.
fn observed(router: Router<AppState>, state: AppState) -> Router {
    let instance = state.config.instance_id.clone();
    let router = router
        .layer(
            ServiceBuilder::new()
                .layer(middleware::from_fn(observe::sanitize_request_id))
                .layer(SetRequestIdLayer::x_request_id(observe::MakeId))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    observe::access_log,
                )),
        )
        .with_state(state);
    match instance.as_deref().map(HeaderValue::from_str) {
        Some(Ok(id)) => router.layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static(INSTANCE_HEADER),
            id,
        )),
        _ => router,
    }
}

/// Which instance answered, when `INSTANCE_ID` is set.
pub const INSTANCE_HEADER: &str = "x-tokenshop-instance";

/// `tokenshop rotate-key`: a new signing key in the database; running instances pick it up.
pub async fn rotate_key(config: Config) -> Result<String, StartupError> {
    let db = db::Db::connect(&config.database_url, config.db_timeouts).await?;
    let keys = Keyring::load(&config, &db).await?;
    let kid = keys.rotate(&db).await?;
    db.close().await;
    Ok(kid)
}

pub async fn serve(config: Config) -> Result<(), StartupError> {
    let addr = config.listen_addr;
    let state = build_state(config).await?;
    background::start(&state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind { addr, source })?;
    let partner = match state.config.partner_addr {
        Some(addr) => {
            let what = format!(
                "partner site (another origin) on {}",
                state.config.partner_origin
            );
            let app = crate::partner::router(&state, learn::server::partner_routes());
            Some(serve_beside(addr, app, &what).await?)
        }
        None => None,
    };
    let ops = match state.config.ops_addr {
        Some(addr) => {
            let app = observe::ops_routes(&state.config).with_state(state.clone());
            Some(serve_beside(addr, app, "metrics and health").await?)
        }
        None => None,
    };
    let grace = state.config.shutdown_grace;
    let app = build_router(state);
    tracing::info!("Tokenshop listening on http://{addr}");
    shutdown::serve(listener, app, grace)
        .await
        .map_err(StartupError::Serve)?;
    for task in [partner, ops].into_iter().flatten() {
        task.abort();
    }
    Ok(())
}

/// A second listener beside the shop's own (the partner site, the metrics), stopped with it.
async fn serve_beside(
    addr: SocketAddr,
    app: Router,
    what: &str,
) -> Result<tokio::task::JoinHandle<std::io::Result<()>>, StartupError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind { addr, source })?;
    tracing::info!("{what} listening at http://{addr}");
    Ok(tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown::signal())
        .await
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers in `tune_allocator` must name the options its comment says: if a mimalloc
    /// upgrade renumbered them, those two calls would quietly change other settings. Read before
    /// any change (only `main` calls `tune_allocator`), each shows its documented default.
    #[test]
    fn the_allocator_options_set_at_start_are_the_ones_meant() {
        // SAFETY: reading an integer option has no preconditions.
        let (eager, purge) = unsafe {
            (
                libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT),
                libmimalloc_sys::mi_option_get(PURGE_DELAY),
            )
        };
        if std::env::var_os("MIMALLOC_ARENA_EAGER_COMMIT").is_none() {
            assert_eq!(eager, 2, "option 4 should be arena_eager_commit, default 2");
        }
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(
                purge, 1000,
                "option 15 should be purge_delay, v3's default 1 s"
            );
        }
        tune_allocator();
        // SAFETY: as above.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 100);
    }
}
