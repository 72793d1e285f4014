//! The session cookie: the typed session over tower-sessions and its store.

pub mod session;
