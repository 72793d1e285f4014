//! Reusable views.

pub mod error_view;
pub mod layout;
pub mod learn_demos;
pub mod product_card;
