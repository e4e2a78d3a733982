//! The two transports: SMTP through `lettre`, or the outbox table.

use crate::error::AppError;
use crate::state::AppState;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::Row;

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

/// Where messages go.
#[derive(Clone, Debug, Default)]
pub enum Mailer {
    /// Store in `mail_outbox` for the Outbox page: a development aid, opt-in on a server
    /// (`CLIENTELE_MAIL_OUTBOX=true`; tests and `make run`'s demo use it).
    #[default]
    Outbox,
    /// Queue in `mail_queue`; the worker sends through an SMTP server.
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// Neither SMTP nor the outbox: nothing is sent (the server says so loudly at start).
    Off,
}

impl Mailer {
    /// An SMTP mailer from a URL such as `smtp://user:pass@mail.example.com:587?tls=required`
    /// or `smtps://…:465`, sending as `from` (`Shop <shop@example.com>`).
    pub fn smtp(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("invalid SMTP URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("invalid sender address {from:?}: {e}"))?;
        Ok(Mailer::Smtp { transport, from })
    }

    pub fn is_outbox(&self) -> bool {
        matches!(self, Mailer::Outbox)
    }
}

/// Hand `email` to the configured transport. With SMTP it is queued (durably, in the
/// database) and sent by [`super::queue`]'s worker after the response, so a slow or
/// broken mail server never slows or fails the request that sent it.
pub async fn send(state: &AppState, email: Email) -> Result<(), AppError> {
    match &state.settings.mailer {
        Mailer::Outbox => {
            sqlx::query(
                "INSERT INTO mail_outbox (created_at, to_email, to_name, subject, body_text, template)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(state.clock.now())
            .bind(&email.to_email)
            .bind(&email.to_name)
            .bind(&email.subject)
            .bind(&email.body)
            .bind(email.template)
            .execute(&state.db.pool)
            .await?;
            Ok(())
        }
        Mailer::Smtp { .. } => super::queue::enqueue(state, &email).await,
        Mailer::Off => {
            tracing::warn!(
                template = email.template,
                "email not sent: no SMTP server is configured and the outbox is off"
            );
            Ok(())
        }
    }
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

/// The newest `limit` outbox messages, newest first.
pub async fn outbox(
    state: &AppState,
    limit: i64,
) -> Result<Vec<super::model::OutboxMessage>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT message_id, created_at, to_email, to_name, subject, body_text, template
         FROM mail_outbox ORDER BY message_id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(super::model::OutboxMessage {
                id: r.try_get("message_id")?,
                created_at: r.try_get("created_at")?,
                to_email: r.try_get("to_email")?,
                to_name: r.try_get("to_name")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body_text")?,
                template: r.try_get("template")?,
            })
        })
        .collect()
}
