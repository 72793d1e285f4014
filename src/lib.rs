//! Tokenshop: a demo shop that teaches session cookies and JWTs by using both on the same catalog.
//!
//! # Layout
//! - `app`: HTML shell and router; `actions`: the shop-wide actions and their notices.
//! - `pages`: one routed page per file; `components`: reusable views.
//! - `domain`: types shared by server and browser (money, quantity, email, cart, orders, errors).
//! - `server_fns`: Leptos server functions, thin adapters over `server`.
//! - `server` (ssr only): the shop by owner, the two carriers (cookie, token), the API, Learn,
//!   storage and startup. ARCHITECTURE.md is the map.

pub mod actions;
pub mod app;
pub mod components;
pub mod domain;
pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets end-to-end tests wait for interactivity instead of guessing with timeouts.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
