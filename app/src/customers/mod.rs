//! Customers: the data rules every customer and address write obeys, and
//! the All Customers grid.

pub mod address;
pub mod domain;
pub mod edit;
pub mod grid;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod reset_throttle;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
mod seed_data;
#[cfg(feature = "ssr")]
pub mod service;
