//! Reusable views.

pub mod error_view;
pub mod layout;
pub mod product_card;
