//! The JWT side: keys, signing and verifying, refresh families and the revoke-now denylist.

pub mod denylist;
pub mod keys;
pub mod refresh;
