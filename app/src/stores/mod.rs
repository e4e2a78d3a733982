//! Websites, store groups and store views, and which store view a storefront visitor
//! is looking at.

pub mod api;
pub mod model;

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
