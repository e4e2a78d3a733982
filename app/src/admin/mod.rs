//! The admin area's frame: layout, menu, dashboard.

pub mod dashboard;
pub mod ui;
