//! Who makes a change the action log records.

use crate::auth::model::AdminView;

/// Who makes a change: an admin from an address, or the system (the command line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub admin_id: Option<i64>,
    pub name: String,
    pub ip: String,
    /// The admin acts in the storefront through Login as Customer: that session's log
    /// entry (each change names it).
    pub assisting: Option<i64>,
}

impl Actor {
    /// The signed-in admin `admin`, calling from `ip`.
    pub fn admin(admin: &AdminView, ip: &str) -> Actor {
        Actor {
            admin_id: Some(admin.id),
            name: admin.name.clone(),
            ip: kept_ip(ip),
            assisting: None,
        }
    }

    /// An admin (`admin_id`, `name`; `None` once deleted) signed in to the storefront
    /// as a customer through Login as Customer (log entry `log_id`), from `ip`.
    pub fn assisting(admin_id: Option<i64>, name: &str, ip: &str, log_id: i64) -> Actor {
        Actor {
            admin_id,
            name: name.to_string(),
            ip: kept_ip(ip),
            assisting: Some(log_id),
        }
    }

    /// A change made outside the admin (the command line, a setup step).
    pub fn system(name: &str) -> Actor {
        Actor {
            admin_id: None,
            name: name.to_string(),
            ip: String::new(),
            assisting: None,
        }
    }
}

/// The address as the log keeps it (at most 64 characters).
fn kept_ip(ip: &str) -> String {
    ip.chars().take(64).collect()
}
