//! Admin authentication and authorisation: admin accounts and roles, sign-in with
//! lockout, the admin session, and the ACL resource tree. The session machinery it
//! shares with the storefront is in [`crate::sessions`].

pub mod acl;
pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
