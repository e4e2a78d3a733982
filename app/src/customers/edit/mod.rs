//! Creating and editing a customer in the admin: the form's rules, its
//! storage, server functions and the page.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
