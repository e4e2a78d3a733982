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
    /// The sender identity it went out as (empty: the server's sender).
    pub from_name: String,
    pub from_email: String,
}

/// The Outbox page: whether the outbox is the transport in use, and its newest messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// `false` when an SMTP server is configured (then nothing new lands here).
    pub active: bool,
    pub messages: Vec<OutboxMessage>,
}

/// A message body with the secret of every link hidden: the value of each `token=` or
/// `key=` parameter becomes `…`. Shown to admins who may read the outbox but not take
/// over the accounts its links open.
pub fn redact_links(body: &str) -> String {
    const SECRETS: [&str; 2] = ["token=", "key="];
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    loop {
        let next = SECRETS
            .iter()
            .filter_map(|name| rest.find(name).map(|at| (at, name.len())))
            .min();
        let Some((at, len)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at + len]);
        rest = &rest[at + len..];
        let secret = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        if secret > 0 {
            out.push('…');
        }
        rest = &rest[secret..];
    }
}

#[cfg(test)]
mod tests {
    use super::redact_links;

    #[test]
    fn secrets_in_links_are_hidden() {
        let body = "Set it here:\nhttp://127.0.0.1:3000/customer/account/createPassword?token=ab12CD_-9\nThanks";
        assert_eq!(
            redact_links(body),
            "Set it here:\nhttp://127.0.0.1:3000/customer/account/createPassword?token=…\nThanks"
        );
        assert_eq!(
            redact_links("/confirm?id=7&key=0f0f0f and ?key=1"),
            "/confirm?id=7&key=… and ?key=…"
        );
        assert_eq!(redact_links("no links"), "no links");
    }
}
