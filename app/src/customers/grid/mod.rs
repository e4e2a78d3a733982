//! Customers → All Customers: the grid index, its queries, and the page.

pub mod actions;
pub mod api;
pub mod columns;
#[cfg(feature = "ssr")]
pub mod download;
#[cfg(feature = "ssr")]
pub mod export;
pub mod format;
pub mod model;
#[cfg(feature = "ssr")]
pub mod printed;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod fts_build;
#[cfg(feature = "ssr")]
pub mod index;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settle;
#[cfg(feature = "ssr")]
pub mod slots;
pub mod sort_key;
#[cfg(feature = "ssr")]
pub mod words;
