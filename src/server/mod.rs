//! Everything that only runs on the server, declared once behind `ssr`. ARCHITECTURE.md at the
//! root is the map; in short: `shop` knows owners, `cookie` and `token` are the two carriers, `api`
//! and the server functions are adapters, `db` is storage.

pub mod accounts;
pub mod api;
pub mod background;
pub mod clock;
pub mod config;
pub mod cookie;
pub mod crypto;
pub mod db;
pub mod error;
pub mod oauth;
pub mod shop;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod token;
pub mod web;

pub use config::Config;
pub use state::AppState;
