//! The Learn section on the server: every lab's routes and in-memory state, assembled here so the
//! composition root (`server::startup`) merges Learn with one call for the shop's origin and one
//! for the partner's.

pub mod collector;
pub mod drops;
pub mod lab;
pub mod replay;

use super::inspector::server as inspector;
use super::lessons::{
    cookie_on_another_site, forge_a_request, guest_carts, let_another_site_in, rotate_the_key,
    summary, tamper, where_to_keep_it,
};
use crate::server::AppState;
use axum::{
    http::header,
    response::{Html, IntoResponse},
    routing::get,
    Router,
};
use drops::{Drops, Loot};

/// What the labs keep in memory, per instance: each part bounded and short-lived.
#[derive(Default)]
pub struct Labs {
    /// The request inspector's lists, for browsers that turned it on.
    pub inspector: inspector::Inspector,
    /// What the XSS lab's injected scripts sent to the attacker's collector.
    pub loot: Drops<Loot>,
    /// What the forged-request lab's targets received, per attempt.
    pub forgeries: Drops<forge_a_request::server::Attempt>,
    /// What the cross-site cookie lab's requests carried, per attempt.
    pub cookie_trials: Drops<cookie_on_another_site::server::Trial>,
    /// What the delegation lab's partner, attacker and partner's server met, per attempt.
    pub delegations: Drops<let_another_site_in::server::Event>,
    /// The summary's verification costs: one measurement shared by every load for a minute.
    pub verify_cost: summary::server::SharedCost,
}

/// A lab's page on the partner origin: its HTML with the shop's origin filled in, attribute-escaped.
pub fn partner_page(template: &'static str, state: &AppState) -> Html<String> {
    let shop = state
        .config
        .public_origin
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    Html(template.replace("{{SHOP_ORIGIN}}", &shop))
}

/// A browser module served as it is in the source (the partner origin serves its own copies).
pub fn module(source: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript")], source)
}

/// Every lab's routes on the shop's own origin.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .merge(lab::router(state))
        .merge(inspector::router())
        .merge(collector::router())
        .merge(tamper::server::router())
        .merge(where_to_keep_it::server::router(state))
        .merge(forge_a_request::server::router(state))
        .merge(cookie_on_another_site::server::router())
        .merge(let_another_site_in::server::router())
        .merge(rotate_the_key::server::router())
        .merge(guest_carts::server::router(state))
}

/// What the labs serve on the partner origin: the attacker's collector, the forged-request,
/// cross-site cookie and delegation labs' pages there, and what their requests met, read back by those pages.
pub fn partner_routes() -> Router<AppState> {
    Router::new()
        .merge(collector::partner_router())
        .merge(forge_a_request::server::partner_router())
        .merge(cookie_on_another_site::server::partner_router())
        .merge(let_another_site_in::server::partner_router())
        .route(
            "/csrf-attempts/{attempt}",
            get(forge_a_request::server::attempts),
        )
        .route(
            "/cookie-trials/{attempt}",
            get(cookie_on_another_site::server::trials),
        )
}
