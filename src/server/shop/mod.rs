//! The shop itself: the catalog, carts, checkout and orders, as plain async functions over the
//! state and an owner (a guest cart or an account). Nothing here knows how the owner was carried:
//! the pages' server functions read it from the session cookie, the API from a bearer token or a
//! Cart-Token, and both call the same functions and get the same errors.

pub mod carts;
pub mod catalog;
pub mod orders;
