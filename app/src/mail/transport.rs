//! The two transports: SMTP through `lettre`, or the outbox table.

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// One email to send. Bodies are plain text (no HTML to escape or sanitise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub to_email: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
    /// Which email this is (`welcome_no_password`, `reset_password`, …).
    pub template: &'static str,
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
    let message = Message::builder()
        .from(from.clone())
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
