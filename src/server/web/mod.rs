//! The HTTP layer: what every request passes through before it reaches an adapter, and what every
//! adapter reads off a request the same way. Request ids, the access log and /metrics (`observe`);
//! security headers, the CSP nonce, body limits and the refusal of cross-site mutations
//! (`security`); the built site's files (`assets`); catalog pages shared between visitors without
//! cookies (`page_cache`, with `gzip_join`); the client's address and its cookies (`request`).
//! Nothing here knows an owner, a cart or a token's claims.

pub mod assets;
pub mod gzip_join;
pub mod observe;
pub mod page_cache;
pub mod request;
pub mod security;
