//! System → Action Log (issue 15): every change an admin makes, recorded with who, when,
//! from where and the changed fields before and after, in the transaction that makes
//! it; the grid, a customer's History tab, the export and the purge.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod actor;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
