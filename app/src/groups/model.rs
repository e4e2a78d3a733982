//! Wire types for customer groups.

use serde::{Deserialize, Serialize};

/// One row of the Customer Groups grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerGroupRow {
    pub id: i64,
    pub code: String,
    pub tax_class: String,
}
