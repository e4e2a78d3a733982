//! Stores → Attributes → Customer / Customer Address: custom attributes admins define
//! (spec §11, §12), their grids and editor, and their values in the customer and
//! address forms of the admin and the storefront.

pub mod api;
pub mod grid;
pub mod model;
pub mod rules;
pub mod system;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod defs;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
