//! The JWT side, with no HTTP in it: keys and the JWKS, signing and verifying, bearer tokens,
//! refresh families, the revoke-now denylist and introspection. Takes strings and bytes, returns
//! its own types and [`AuthError`]; the API and the labs put them on the wire.

pub mod bearer;
pub mod claims;
pub mod denylist;
pub mod dpop;
pub mod eddsa;
pub mod error;
pub mod grants;
pub mod introspect;
pub mod keys;
pub mod logout;
pub mod pkce;
pub mod refresh;
pub mod sample;
pub mod scope;

pub use claims::{Claims, Grant, TokenKind};
pub use error::{AuthError, TokenError};
pub use scope::{Scope, Scopes};
