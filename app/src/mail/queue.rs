//! The mail queue and its worker: with SMTP configured, [`super::send`] only writes the
//! message to `mail_queue`; [`run_worker`] sends it after the response. A failed send is
//! retried with exponential backoff (30 s, 1 min, 2 min, … up to an hour between tries)
//! for about a day, so an SMTP outage delays mail without losing it. Several server
//! processes may run workers on one database: a worker claims a message by moving its
//! next attempt forward in one conditional update before sending it.

use super::mailer::Mailer;
use super::repo;
use super::transport::{deliver_smtp, Email};
use crate::error::AppError;
use crate::state::AppState;

/// Messages claimed per round.
const BATCH: i64 = 20;
/// How long a claimed message is left alone (a worker that died mid-send releases it).
const LEASE: i64 = 5 * 60;
/// Tries before a message is given up (about a day with the backoff below).
pub const MAX_ATTEMPTS: i64 = 30;
/// How often the worker looks for due messages when nobody wakes it.
const POLL: std::time::Duration = std::time::Duration::from_secs(5);

fn wakeup() -> &'static tokio::sync::Notify {
    static WAKEUP: std::sync::OnceLock<tokio::sync::Notify> = std::sync::OnceLock::new();
    WAKEUP.get_or_init(tokio::sync::Notify::new)
}

/// Seconds to wait after the `attempts`-th failed try.
pub fn backoff(attempts: i64) -> i64 {
    let doubled = 30_i64.saturating_mul(1 << attempts.clamp(1, 20).saturating_sub(1));
    doubled.min(3600)
}

/// Queue `email` (durable once this returns) and wake this process's worker.
pub async fn enqueue(state: &AppState, email: &Email) -> Result<(), AppError> {
    repo::enqueue(&state.db, email, state.clock.now()).await?;
    wakeup().notify_one();
    Ok(())
}

/// Send every message that is due now; returns how many were sent. Failures are
/// rescheduled, never returned: the worker keeps going.
pub async fn drain_once(state: &AppState) -> Result<usize, AppError> {
    let Mailer::Smtp { transport, from } = &state.settings.mailer else {
        return Ok(0);
    };
    let now = state.clock.now();
    let due = repo::due(&state.db, now, BATCH).await?;
    let mut sent = 0;
    for id in due {
        // Claim: only one worker moves next_attempt_at past now.
        let Some(repo::Claimed {
            email,
            template,
            attempts,
        }) = repo::claim(&state.db, id, now, now + LEASE).await?
        else {
            continue;
        };
        match deliver_smtp(transport, from, email).await {
            Ok(()) => {
                repo::delete(&state.db, id).await?;
                tracing::info!(message_id = id, template, attempts, "email sent");
                sent += 1;
            }
            Err(error) => {
                let next = if attempts >= MAX_ATTEMPTS {
                    tracing::error!(message_id = id, template, %error, "email given up after {attempts} tries");
                    i64::MAX / 2
                } else {
                    tracing::warn!(message_id = id, template, attempts, %error, "email not sent; will retry");
                    now + backoff(attempts)
                };
                let error: String = error.chars().take(500).collect();
                repo::retry_at(&state.db, id, next, &error).await?;
            }
        }
    }
    Ok(sent)
}

/// The worker: sends due messages whenever one is queued here, and every few seconds
/// for those queued by other processes or waiting for a retry. Runs until the process
/// ends; a database error is logged and tried again at the next round.
pub async fn run_worker(state: AppState) {
    if !matches!(state.settings.mailer, Mailer::Smtp { .. }) {
        return;
    }
    loop {
        if let Err(error) = drain_once(&state).await {
            tracing::warn!(%error, "mail queue round failed");
        }
        tokio::select! {
            _ = wakeup().notified() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn retries_back_off_up_to_an_hour() {
        assert_eq!(backoff(1), 30);
        assert_eq!(backoff(2), 60);
        assert_eq!(backoff(5), 480);
        assert_eq!(backoff(8), 3600);
        assert_eq!(backoff(30), 3600);
    }
}
