//! The integration tests, one binary: the real router on a fresh database per test (see `common`).

mod api_auth;
mod api_docs;
mod api_register;
mod api_resources;
mod api_tokens;
mod assets;
mod auth;
mod cart;
mod catalog;
mod cli;
mod common;
mod instances;
mod learn;
mod learn_csrf;
mod learn_labs;
mod learn_xss;
mod observe;
mod orders;
mod security;
mod shutdown;
mod signins;
mod throttle;
mod unavailable;
