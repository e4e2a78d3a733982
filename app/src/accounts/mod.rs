//! Storefront customer accounts: create an account and confirm
//! it, sign in and out with the lockout algorithm, recover a password, and My Account.
//! The rules run in the browser (instantly) and on the server (authoritatively).

#[cfg(feature = "ssr")]
pub mod addresses;
pub mod api;
#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
pub mod information;
pub mod model;
#[cfg(feature = "ssr")]
pub mod posted;
#[cfg(feature = "ssr")]
pub mod recovery;
#[cfg(feature = "ssr")]
pub mod register;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settings;
pub mod ui;
