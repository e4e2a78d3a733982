//! Outgoing email (account and password emails): every message the application sends goes through
//! [`send`]. With an SMTP server configured (`CLIENTELE_SMTP_URL`) it is queued in
//! `mail_queue` and sent through `lettre` by the [`queue`] worker, with retries; with
//! the outbox turned on (`CLIENTELE_MAIL_OUTBOX=true`) it is stored in `mail_outbox`,
//! which the Outbox page lists (and tests read links from); otherwise nothing is sent.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod mailer;
#[cfg(feature = "ssr")]
pub mod queue;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod templates;
#[cfg(feature = "ssr")]
mod transport;

#[cfg(feature = "ssr")]
pub use mailer::Mailer;
#[cfg(feature = "ssr")]
pub use transport::{Email, Sender};

#[cfg(feature = "ssr")]
use crate::{error::AppError, state::AppState};

#[cfg(feature = "ssr")]
/// Hand `email` to the configured transport. With SMTP it is queued (durably, in the
/// database) and sent by [`queue`]'s worker after the response, so a slow or
/// broken mail server never slows or fails the request that sent it.
pub async fn send(state: &AppState, email: Email) -> Result<(), AppError> {
    match &state.settings.mailer {
        Mailer::Outbox => {
            repo::insert_outbox(&state.db, &email, state.clock.now()).await?;
            Ok(())
        }
        Mailer::Smtp { .. } => queue::enqueue(state, &email).await,
        Mailer::Off => {
            tracing::warn!(
                template = email.template,
                "email not sent: no SMTP server is configured and the outbox is off"
            );
            Ok(())
        }
    }
}
