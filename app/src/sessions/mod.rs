//! The session machinery admins and customers share: session tokens and cookies,
//! database sessions, per-address rate limits, password hashing, and the CSRF check on
//! every state-changing request (with the browser client that sends its header).

pub mod client;

#[cfg(feature = "ssr")]
pub mod csrf;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod token;
