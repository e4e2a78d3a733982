//! Outgoing email (account and password emails): every message the application sends goes through
//! [`send`]. With an SMTP server configured (`CLIENTELE_SMTP_URL`) it is queued in
//! `mail_queue` and sent through `lettre` by the [`queue`] worker, with retries; with
//! the outbox turned on (`CLIENTELE_MAIL_OUTBOX=true`) it is stored in `mail_outbox`,
//! which the Outbox page lists (and tests read links from); otherwise nothing is sent.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod queue;
#[cfg(feature = "ssr")]
pub mod templates;
#[cfg(feature = "ssr")]
mod transport;

#[cfg(feature = "ssr")]
pub use transport::{outbox, send, Email, Mailer};
