//! The Learn page's request inspector: for a browser that turned it on, the server notes each of
//! that browser's requests, which credentials came with it, what checking them found, and the
//! status it answered. Kept in memory, per instance, a short list per browser; a browser can only
//! ever read its own list, named by a random id the server issued.

mod describe;
mod routes;
mod store;

pub use routes::{record, router, INSPECTOR_COOKIE, INSPECTOR_HEADER};
pub use store::{Carrier, CredentialSeen, Inspector, RequestKind, SeenRequest};
