//! Marketing → Email Templates: an admin's own subject and body for each account
//! email, chosen per store view in the configuration (Create New Account, Password and
//! Account Information options), with the sender identity of Store Email Addresses.
//! [`service::personalize`] applies both to every account email before it is sent.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
