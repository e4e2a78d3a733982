//! Wire types of the Outbox page.

use serde::{Deserialize, Serialize};

/// One message of the outbox transport.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub created_at: i64,
    pub to_email: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
    pub template: String,
}

/// The Outbox page: whether the outbox is the transport in use, and its newest messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// `false` when an SMTP server is configured (then nothing new lands here).
    pub active: bool,
    pub messages: Vec<OutboxMessage>,
}
