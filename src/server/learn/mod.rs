//! The Learn section on the server: the measured comparison, the claims experiments, the labs
//! and the request inspector.

pub mod csrf_lab;
pub mod drops;
pub mod elsewhere_lab;
pub mod experiments;
pub mod facts;
pub mod inspector;
pub mod lab;
pub mod replay;
pub mod xss_lab;
