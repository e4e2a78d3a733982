//! Where outgoing email goes: the outbox table, an SMTP server (through the queue), or
//! nowhere. Part of the server's settings.

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, Tokio1Executor};

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
