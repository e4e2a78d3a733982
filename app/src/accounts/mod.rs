//! Storefront customer accounts (spec §8, §9, §16–18). So far: the rules shared by the
//! browser and the server (password rules, the strength meter, the lockout algorithm),
//! the options they read, and sign-in / sign-out with customer sessions.

#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settings;
