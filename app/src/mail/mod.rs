//! Outgoing email (spec §5.5, §9): every message the application sends goes through
//! [`send`]. With an SMTP server configured (`CLIENTELE_SMTP_URL`) it goes out through
//! `lettre`; otherwise the outbox transport stores it in `mail_outbox`, which the
//! demo-only Outbox page lists (and tests read links from).

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod templates;
#[cfg(feature = "ssr")]
mod transport;

#[cfg(feature = "ssr")]
pub use transport::{outbox, send, Email, Mailer};
