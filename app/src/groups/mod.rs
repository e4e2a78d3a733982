//! Customers → Customer Groups: the grid, the group form and its rules, and the
//! customer tax classes groups choose from.

pub mod api;
pub mod form;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
