//! The admin area's frame: layout, menu, dashboard.

pub mod ui;
