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
    /// Store in `mail_outbox` (the default; for demos, development and tests).
    #[default]
    Outbox,
    /// Send through an SMTP server.
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
}

impl Mailer {
    /// An SMTP mailer from a URL such as `smtp://user:pass@mail.example.com:587?tls=required`
    /// or `smtps://…:465`, sending as `from` (`Shop <shop@example.com>`).
    pub fn smtp(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("invalid SMTP URL: {e}"))?
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

/// Send `email` with the configured transport. A failure is logged with its cause and
/// reported as "could not send" (the caller's data is already saved).
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
        Mailer::Smtp { transport, from } => {
            let to = Mailbox::new(
                (!email.to_name.is_empty()).then(|| email.to_name.clone()),
                email
                    .to_email
                    .parse()
                    .map_err(|e| AppError::internal(format!("recipient address: {e}")))?,
            );
            let message = Message::builder()
                .from(from.clone())
                .to(to)
                .subject(email.subject)
                .body(email.body)
                .map_err(AppError::internal)?;
            transport.send(message).await.map_err(|e| {
                tracing::error!(error = %e, template = email.template, "SMTP send failed");
                AppError::internal(format!("SMTP send failed: {e}"))
            })?;
            Ok(())
        }
    }
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
