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

/// Check a reset request for `email` from `ip` against the website's limits and, when it
/// may go ahead, record it in the caller's transaction (so a request whose email fails
/// is not counted twice: the caller commits only once the reset went through).
pub async fn check_and_record(
    state: &AppState,
    tx: &mut Tx<'_>,
    website: Option<i64>,
    email: &str,
    ip: &str,
) -> Result<(), AppError> {
    let at = At {
        website,
        store: None,
    };
    // One snapshot: the three options are read as one consistent set.
    let config = state.config.snapshot().await?;
    let protection = Protection::from_option(config.get(PASSWORD_RESET_PROTECTION_TYPE, at));
    let max = config.get(PASSWORD_MAX_RESET_REQUESTS, at);
    let min_minutes = config.get(PASSWORD_MIN_TIME_BETWEEN_RESET_REQUESTS, at);
    let email = email.trim().to_lowercase();
    let now = state.clock.now();
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
