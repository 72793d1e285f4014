//! One routed page per file.

pub mod account;
pub mod cart;
pub mod catalog;
pub mod login;
pub mod not_found;
pub mod order;
pub mod orders;
pub mod playground;
pub mod product;
pub mod register;
