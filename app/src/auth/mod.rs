//! Admin authentication and authorisation: sign-in with lockout, database sessions,
//! the ACL resource tree, and CSRF protection for every state-changing request.

pub mod acl;
pub mod api;
pub mod client;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod csrf;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
