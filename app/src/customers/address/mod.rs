//! Customer addresses (spec §2.3, §5.4): rules, storage and the admin's server functions.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
