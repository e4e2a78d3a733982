//! Store configuration ("Stores → Configuration → Customers"): option definitions,
//! built-in defaults, and the scoped, cached configuration service.

pub mod api;
pub mod editor;
pub mod model;
pub mod registry;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod screen;
#[cfg(feature = "ssr")]
pub mod service;
