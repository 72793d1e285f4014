//! Reusable views. The islands — the only parts of a page that ship to the browser and become
//! interactive there — are `nav`, `notices`, `add_to_cart`, `cart_table`, `account_forms` and
//! `signins`; everything else is rendered on the server only.

pub mod account_forms;
pub mod add_to_cart;
pub mod cart_table;
pub mod error_view;
pub mod layout;
pub mod nav;
pub mod notices;
pub mod product_card;
pub mod signins;
