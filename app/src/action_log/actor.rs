//! Who makes a change the action log records.

use crate::auth::model::AdminView;

/// Who makes a change: an admin from an address, or the system (the command line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub admin_id: Option<i64>,
    pub name: String,
    pub ip: String,
}

impl Actor {
    /// The signed-in admin `admin`, calling from `ip`.
    pub fn admin(admin: &AdminView, ip: &str) -> Actor {
        Actor {
            admin_id: Some(admin.id),
            name: admin.name.clone(),
            ip: ip.chars().take(64).collect(),
        }
    }

    /// A change made outside the admin (the command line, a setup step).
    pub fn system(name: &str) -> Actor {
        Actor {
            admin_id: None,
            name: name.to_string(),
            ip: String::new(),
        }
    }
}
