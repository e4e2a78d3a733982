//! Customers → Now Online (spec §6): who is on the storefront right now, customers and
//! visitors, updating live; how their activity is recorded; and the purge of old rows.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod activity;
#[cfg(feature = "ssr")]
pub mod cookie;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod throttle;
