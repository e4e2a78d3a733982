//! The storefront's frame: header with store switcher, footer, home page.

pub mod ui;
