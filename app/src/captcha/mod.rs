//! The storefront CAPTCHA (Stores → Configuration → Customer Configuration → CAPTCHA):
//! self-hosted, no third-party service. A form the configuration selects shows a
//! picture of a few symbols and asks for them; the login form only after the number of
//! failed sign-ins the configuration sets (or always, by its Displaying Mode).
//!
//! [`model`] is shared with the browser; the pictures ([`image`], from the outlines in
//! `glyphs`), the rules ([`service`]) and the picture's route ([`picture`]) run on the
//! server only; [`ui`] is the field the forms show.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
mod glyphs;
#[cfg(feature = "ssr")]
pub mod image;
#[cfg(feature = "ssr")]
pub mod over_limit;
#[cfg(feature = "ssr")]
pub mod picture;
#[cfg(feature = "ssr")]
pub mod service;
