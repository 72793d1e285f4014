//! Server functions: thin adapters that fetch the request context, call `server::*`, and say where
//! the browser goes next. The logic lives in `server::shop` and `server::accounts`.

pub mod api_docs;
pub mod auth;
pub mod cart;
pub mod catalog;
pub mod learn;
pub mod orders;
