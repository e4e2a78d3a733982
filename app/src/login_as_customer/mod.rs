//! Login as Customer (spec §10): an admin assists a shopper who allowed it by opening
//! the storefront signed in as them, with every attempt logged; and the log's grid.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
