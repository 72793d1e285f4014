//! Server functions: the pages' adapters. Each turns the cookie session into an owner or a user
//! (`context`), calls `server::shop`, `server::accounts` or `server::cookie`, and says where the
//! browser goes next. No shop logic lives here.

pub mod auth;
pub mod cart;
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod context;
pub mod info;
pub mod orders;
