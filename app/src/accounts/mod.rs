//! Storefront customer accounts (spec §8, §9, §16–18). So far: the rules shared by the
//! browser and the server (password rules, the strength meter, the lockout algorithm)
//! and the options they read.

pub mod rules;
#[cfg(feature = "ssr")]
pub mod settings;
