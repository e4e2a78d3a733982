//! Wire types of admin authentication.

use serde::{Deserialize, Serialize};

/// What the browser knows about the signed-in admin. Never holds secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub locale: String,
    pub role: String,
    pub all_resources: bool,
    pub resources: Vec<String>,
}

impl AdminView {
    /// May this admin use `resource`?
    pub fn can(&self, resource: &str) -> bool {
        self.all_resources || self.resources.iter().any(|r| r == resource)
    }
}
