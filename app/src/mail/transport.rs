//! The two transports: SMTP through `lettre`, or the outbox table.

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// One email to send. Bodies are plain text (no HTML to escape or sanitise).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Email {
    pub to_email: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
    /// Which email this is (`welcome_no_password`, `reset_password`, …).
    pub template: &'static str,
    /// The values its `{placeholders}` were filled with (an admin's own template for
    /// this email is filled with the same).
    pub vars: Vec<(String, String)>,
    /// The store's sender identity; `None`: the server's configured sender.
    pub from: Option<Sender>,
}

/// Who an email is from: a store email identity (Stores → Configuration → Store Email
/// Addresses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sender {
    pub name: String,
    pub email: String,
}

/// Deliver one message through SMTP now (the queue's worker calls this).
pub(super) async fn deliver_smtp(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    email: Email,
) -> Result<(), String> {
    let address = email
        .to_email
        .parse()
        .map_err(|e| format!("recipient address: {e}"))?;
    let to = Mailbox::new(
        (!email.to_name.is_empty()).then(|| email.to_name.clone()),
        address,
    );
    // The store's identity when it reads as an address, else the server's sender.
    let sender = email
        .from
        .as_ref()
        .and_then(|s| {
            s.email
                .parse()
                .ok()
                .map(|address| Mailbox::new((!s.name.is_empty()).then(|| s.name.clone()), address))
        })
        .unwrap_or_else(|| from.clone());
    let message = Message::builder()
        .from(sender)
        .to(to)
        .subject(email.subject)
        .body(email.body)
        .map_err(|e| e.to_string())?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}
