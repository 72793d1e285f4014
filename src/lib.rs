//! Tokenshop: a demo shop that teaches session cookies and JWTs by using both on the same catalog.
//!
//! # Layout
//! - `app`: HTML shell and router; `actions`: how islands announce what their actions did.
//! - `pages`: one routed page per file; `components`: reusable views.
//! - `site`: the built assets' URLs and the browser bundles.
//! - `domain`: types shared by server and browser (money, quantity, email, cart, orders, errors).
//! - `server_fns`: Leptos server functions, thin adapters over `server`.
//! - `server` (ssr only): the shop by owner, the two carriers (cookie, token), the API, Learn,
//!   storage and startup. ARCHITECTURE.md is the map.

pub mod actions;
pub mod api_reference;
pub mod app;
pub mod components;
pub mod domain;
pub mod learn;
pub mod pages;
pub mod server_fns;
pub mod site;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod partner;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Only the islands hydrate; `components::notices::HydrationMark`, the last of them on every
    // page, marks the body when they all have, so end-to-end tests can wait for interactivity.
    leptos::mount::hydrate_islands();
}
