//! Customer groups. This release lists them; the editor comes later.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod repo;
