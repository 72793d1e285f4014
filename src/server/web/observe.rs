//! What an operator sees: a request id on every request (taken from `x-request-id` when it is a
//! sane one, else made here; echoed in the response and in problem documents), one access-log line
//! per request, `/metrics` in Prometheus text format, and the health routes.

use crate::server::{
    crypto,
    token::bearer::{self, Scheme},
    web::request,
    AppState,
};
use axum::{
    extract::{MatchedPath, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::{sync::OnceLock, time::Instant};
use tower_http::request_id::{MakeRequestId, RequestId};

pub const REQUEST_ID: &str = "x-request-id";

/// Request ids this server makes: 96 random bits, base64url.
#[derive(Clone, Copy, Default)]
pub struct MakeId;

impl MakeRequestId for MakeId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&crypto::random_token::<12>())
            .ok()
            .map(RequestId::new)
    }
}

/// A caller's own id is kept only when it is short and plain, so logs cannot be forged with it.
pub async fn sanitize_request_id(mut req: Request, next: Next) -> Response {
    let sane = req.headers().get(REQUEST_ID).is_some_and(|v| {
        let b = v.as_bytes();
        (1..=64).contains(&b.len())
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || b"-_.:".contains(c))
    });
    if !sane {
        req.headers_mut().remove(REQUEST_ID);
    }
    next.run(req).await
}

tokio::task_local! {
    /// This request's id, for the problem documents written deep inside the handlers. A task-local
    /// rather than a parameter: every error path would otherwise need the request.
    static CURRENT: String;
}

/// The id of the request being handled, if any (a problem document adds it).
pub fn current_request_id() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

/// Which credentials a request carried, by kind only (never a value).
fn credential_kind(state: &AppState, headers: &HeaderMap) -> &'static str {
    let cookie = request::cookie_value(headers, state.config.session_cookie_name()).is_some();
    // The API's own reading of the scheme (case-insensitive, RFC 9110 §11.1); a sender-constrained
    // token (RFC 9449 §7.1) is counted apart from a bearer one.
    let auth = headers.get(header::AUTHORIZATION).map(|v| v.as_bytes());
    let token = match bearer::presented(auth) {
        Ok(Some((Scheme::Bearer, _))) => Some("bearer"),
        Ok(Some((Scheme::Dpop, _))) => Some("dpop"),
        _ => None,
    };
    let cart = headers.contains_key("cart-token");
    match (cookie, token, cart) {
        (false, None, false) => "none",
        (true, None, false) => "session-cookie",
        (false, Some(kind), false) => kind,
        (false, None, true) => "cart-token",
        (_, Some("dpop"), true) => "dpop+cart-token",
        (_, Some(_), true) => "bearer+cart-token",
        (true, _, _) => "session-cookie+token",
    }
}

/// One line per request at `info` (method, route, status, latency, credential kind) and the
/// request counters and latency histogram by route and credential kind.
pub async fn access_log(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let credential = credential_kind(&state, req.headers());
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let res = CURRENT.scope(id.clone(), next.run(req)).await;
    let status = res.status().as_u16();
    let latency = started.elapsed();
    tracing::info!(
        target: "tokenshop::access",
        request_id = %id,
        method = %method,
        route = %route,
        status,
        latency_ms = latency.as_secs_f64() * 1000.0,
        credential,
        "request"
    );
    metrics::histogram!(
        "tokenshop_http_request_duration_seconds",
        "route" => route.clone(),
        "credential" => credential,
    )
    .record(latency.as_secs_f64());
    metrics::counter!(
        "tokenshop_http_requests_total",
        "route" => route,
        "method" => method.to_string(),
        "status" => status.to_string(),
        "credential" => credential,
    )
    .increment(1);
    res
}

/// The process-wide recorder. The `metrics` facade is global by design (every crate records into
/// the one installed recorder), so its handle is too; a second `AppState` in one process (the
/// tests) reuses it.
pub fn recorder() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| match PrometheusBuilder::new().install_recorder() {
            Ok(handle) => Some(handle),
            Err(e) => {
                tracing::error!(error = %e, "no metrics recorder: /metrics will be empty");
                None
            }
        })
        .as_ref()
}

/// Drains the histograms' recorded samples into their summaries every second. The exporter keeps
/// every sample until then, and `install_recorder` leaves that upkeep to its caller: without it the
/// shop's memory grew with every request it served (bench/soak: 67 -> 91 MiB in 10 min), and at
/// 5 s the samples of a busy second or five still added megabytes to the peak (bench/run).
pub async fn upkeep_forever() {
    let Some(handle) = recorder() else { return };
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        tick.tick().await;
        handle.run_upkeep();
    }
}

async fn metrics_text(State(state): State<AppState>) -> Response {
    let Some(handle) = recorder() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    metrics::gauge!("tokenshop_denylist_size").set(state.denylist.size() as f64);
    metrics::gauge!("tokenshop_hashing_queue_depth").set(state.passwords.queued() as f64);
    match crate::server::db::live_sessions(&state.db).await {
        Ok(n) => metrics::gauge!("tokenshop_live_sessions").set(n as f64),
        Err(e) => tracing::warn!(error = %e, "could not count live sessions for /metrics"),
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}

/// Ready when the database answers within a second; otherwise 503 with `Retry-After`.
async fn ready(State(state): State<AppState>) -> Response {
    let ping = tokio::time::timeout(
        std::time::Duration::from_secs(1),
        crate::server::db::ping(&state.db),
    )
    .await;
    match ping {
        Ok(Ok(())) => "ready".into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "not ready: the database failed");
            unavailable()
        }
        Err(_) => {
            tracing::warn!("not ready: the database did not answer within 1 s");
            unavailable()
        }
    }
}

fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "5")],
        "the database is unavailable",
    )
        .into_response()
}

/// `/health/live` (the process answers), `/health/ready` (and so does its database), and
/// `/metrics` unless turned off (`METRICS=false`).
pub fn ops_routes(config: &crate::server::Config) -> Router<AppState> {
    let router = Router::new()
        .route("/health/live", get(|| async { "ok" }))
        .route("/health/ready", get(ready));
    if config.metrics {
        router.route("/metrics", get(metrics_text))
    } else {
        router
    }
}

/// The main listener's: `/health` for load balancers always, and the ops routes unless they were
/// moved to their own address (`METRICS_ADDR`).
pub fn main_routes(config: &crate::server::Config) -> Router<AppState> {
    let router = Router::new().route("/health", get(|| async { "ok" }));
    match config.ops_addr {
        None => router.merge(ops_routes(config)),
        Some(_) => router,
    }
}
