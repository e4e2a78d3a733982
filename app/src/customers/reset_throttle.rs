//! Throttling of password reset requests (the Password Options throttle), shared by the
//! storefront's "Forgot Your Password?" and the admin's Reset Password button, as in
//! Magento's security checker: requests are counted by IP, by email, or by either (the
//! Password Reset Protection Type); a request is refused when the last matching one is
//! fewer than "Min Time Between Password Reset Requests" minutes old, or when the last
//! hour already holds "Max Number of Password Reset Requests". 0 turns either check off.
//! Defaults: by IP and email, at most 5 an hour, 10 minutes apart.

use super::repo;
use crate::config::registry::{
    PASSWORD_MAX_RESET_REQUESTS, PASSWORD_MIN_TIME_BETWEEN_RESET_REQUESTS,
    PASSWORD_RESET_PROTECTION_TYPE,
};
use crate::config::service::At;
use crate::db::Tx;
use crate::error::AppError;
use crate::state::AppState;

/// Which earlier requests count against a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protection {
    None,
    ByIpAndEmail,
    ByIp,
    ByEmail,
}

impl Protection {
    /// The option's stored value (1 By IP and Email, 2 By IP, 3 By Email, 0 None).
    pub fn from_option(value: i64) -> Self {
        match value {
            1 => Protection::ByIpAndEmail,
            2 => Protection::ByIp,
            3 => Protection::ByEmail,
            _ => Protection::None,
        }
    }
}

/// A website's reset limits (the three Password Options), read as one consistent set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub protection: Protection,
    /// Requests allowed per hour (0: no limit).
    pub max: i64,
    /// Minutes between requests (0: no minimum).
    pub min_minutes: i64,
}

/// The limits of `website` (the default scope when `None`). Read them before opening the
/// transaction [`check_and_record`] writes in: a configuration read needs a pooled
/// connection of its own, and a request holding one while waiting for another could
/// starve a small pool under load.
pub async fn limits(state: &AppState, website: Option<i64>) -> Result<Limits, AppError> {
    let at = At {
        website,
        store: None,
    };
    let config = state.config.snapshot().await?;
    Ok(Limits {
        protection: Protection::from_option(config.get(PASSWORD_RESET_PROTECTION_TYPE, at)),
        max: config.get(PASSWORD_MAX_RESET_REQUESTS, at),
        min_minutes: config.get(PASSWORD_MIN_TIME_BETWEEN_RESET_REQUESTS, at),
    })
}

/// Check a reset request for `email` from `ip` against `limits` and, when it may go
/// ahead, record it in the caller's transaction (so a request whose email fails is not
/// counted twice: the caller commits only once the reset went through).
pub async fn check_and_record(
    tx: &mut Tx<'_>,
    limits: Limits,
    email: &str,
    ip: &str,
    now: i64,
) -> Result<(), AppError> {
    let Limits {
        protection,
        max,
        min_minutes,
    } = limits;
    let email = email.trim().to_lowercase();
    let counted = match protection {
        Protection::None => None,
        Protection::ByIpAndEmail => Some((Some(ip), Some(email.as_str()))),
        Protection::ByIp => Some((Some(ip), None)),
        Protection::ByEmail => Some((None, Some(email.as_str()))),
    };
    if let Some((by_ip, by_email)) = counted {
        let (count, last) = repo::recent_reset_requests(tx, by_ip, by_email, now - 3_600).await?;
        let too_soon = min_minutes > 0 && last.is_some_and(|t| now - t < min_minutes * 60);
        let too_many = max > 0 && count >= max;
        if too_soon || too_many {
            return Err(AppError::ResetThrottled);
        }
    }
    repo::record_reset_request(tx, &email, ip, now).await?;
    Ok(())
}
