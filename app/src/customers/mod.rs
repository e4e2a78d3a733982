//! Customers (spec §2–§5): the data rules every customer and address write obeys. The
//! grid, the create/edit pages and the repository arrive with the rest of issue 3.

pub mod domain;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
mod seed_data;
