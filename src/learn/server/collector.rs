//! The XSS lab's attacker, served by this shop for this machine only: the collector on the
//! partner origin that takes what an injected script sends, and the attacker's machine that
//! replays it against the shop's API (`replay`). Nothing is ever sent to an outside host.

use super::{drops::Loot, replay};
use crate::domain::{AppError, LabRefusal};
use crate::server::web::security;
use crate::server::{api::error::ApiError, AppState};
use axum::{
    extract::{ConnectInfo, Path, Query, State},
    http::header,
    middleware,
    response::{Html, IntoResponse},
    routing::{get, post},
    Json, Router,
};
use serde::Deserialize;
use std::net::SocketAddr;

/// What the attacker's collector received for this drop.
async fn loot(State(state): State<AppState>, Path(drop): Path<String>) -> Json<Vec<Loot>> {
    Json(state.learn.loot.get(&drop))
}

/// The attacker's machine uses the loot: each stolen token against the real API, over HTTP.
async fn replay_drop(
    State(state): State<AppState>,
    Path(drop): Path<String>,
) -> Result<Json<Vec<replay::Outcome>>, ApiError> {
    let loot = state.learn.loot.get(&drop);
    Ok(Json(replay::run(&state, &loot).await))
}

#[derive(Deserialize)]
struct Collected {
    items: Vec<Loot>,
}

/// The collector on the partner origin: takes what an injected script sends (`text/plain`, the
/// kind of POST a script may send anywhere without asking). From this machine only, so a shop
/// on the internet is nobody's drop box.
async fn collect(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(drop): Path<String>,
    body: String,
) -> Result<impl IntoResponse, ApiError> {
    let refused = || ApiError::from(AppError::Lab(LabRefusal::CollectorRefused));
    if !peer.ip().is_loopback() || !super::drops::valid_name(&drop) || body.len() > 16 * 1024 {
        return Err(refused());
    }
    let collected: Collected = serde_json::from_str(&body).map_err(|_| refused())?;
    state.learn.loot.add(
        &drop,
        collected.items.into_iter().filter(Loot::fits).collect(),
    );
    Ok(([(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], "received"))
}

#[derive(Deserialize)]
struct NavigatedLoot {
    items: String,
}

/// The collector reached by navigation: the injected script, its fetch refused by the page's
/// `connect-src`, opened a window here with the loot in the URL. CSP governs what a page may
/// fetch, not where it may navigate (`navigate-to` never shipped), so under the strictest policy
/// this still arrives. Same checks as `collect`; the window shows what the attacker received.
async fn collect_by_navigation(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(drop): Path<String>,
    Query(query): Query<NavigatedLoot>,
) -> Result<impl IntoResponse, ApiError> {
    let refused = || ApiError::from(AppError::Lab(LabRefusal::CollectorRefused));
    if !peer.ip().is_loopback() || !super::drops::valid_name(&drop) || query.items.len() > 16 * 1024
    {
        return Err(refused());
    }
    let items: Vec<Loot> = serde_json::from_str(&query.items).map_err(|_| refused())?;
    let kept: Vec<Loot> = items.into_iter().filter(Loot::fits).collect();
    let count = kept.len();
    state.learn.loot.add(&drop, kept);
    Ok(Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>The attacker's collector</title>\
         <p>The attacker's collector received {count} items by navigation: the loot came in this window's URL, \
         which the page's CSP does not govern. The lab closes this window in a moment.</p></html>"
    )))
}

/// What the lab page reads back on the shop's origin: the drop, and its replay from elsewhere.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/learn/lab/xss/attacker/{drop}", get(loot))
        .route("/learn/lab/xss/attacker/{drop}/replay", post(replay_drop))
        .layer(middleware::from_fn(security::refuse_cross_site))
}

/// The collector itself, on the partner origin.
pub fn partner_router() -> Router<AppState> {
    Router::new().route(
        "/attacker/collect/{drop}",
        post(collect).get(collect_by_navigation),
    )
}
