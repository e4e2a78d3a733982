//! Customer addresses: rules, storage, the admin's server
//! functions and the form fields both the admin and the storefront use.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
