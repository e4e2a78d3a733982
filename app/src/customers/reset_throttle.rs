//! Throttling of password reset requests (the Password Options throttle), shared by the
//! storefront's "Forgot Your Password?" and the admin's Reset Password button, as in
//! Magento's security checker: requests are counted by IP, by email, or by either (the
//! Password Reset Protection Type); a request is refused when the last matching one is
//! fewer than "Min Time Between Password Reset Requests" minutes old, or when the last
//! hour already holds "Max Number of Password Reset Requests". 0 turns either check off.
//! Defaults: by IP and email, at most 5 an hour, 10 minutes apart.

use crate::config::registry::{
    PASSWORD_MAX_RESET_REQUESTS, PASSWORD_MIN_TIME_BETWEEN_RESET_REQUESTS,
    PASSWORD_RESET_PROTECTION_TYPE,
};
use crate::config::service::At;
use crate::db::Tx;
use crate::error::AppError;
use crate::state::AppState;
use sqlx::Row;

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

    /// The earlier requests that count, and the values to bind (then the window start).
    fn matching<'a>(self, ip: &'a str, email: &'a str) -> Option<(&'static str, Vec<&'a str>)> {
        match self {
            Protection::None => None,
            Protection::ByIpAndEmail => Some((
                "(ip = $1 OR email = $2) AND created_at > $3",
                vec![ip, email],
            )),
            Protection::ByIp => Some(("ip = $1 AND created_at > $2", vec![ip])),
            Protection::ByEmail => Some(("email = $1 AND created_at > $2", vec![email])),
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
    if let Some((matching, values)) = protection.matching(ip, &email) {
        let sql = format!(
            "SELECT COUNT(*) AS n, MAX(created_at) AS last FROM password_reset_requests
             WHERE {matching}"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for v in values {
            query = query.bind(v);
        }
        let row = query.bind(now - 3_600).fetch_one(&mut **tx).await?;
        let count: i64 = row.try_get("n")?;
        let last: Option<i64> = row.try_get("last")?;
        let too_soon = min_minutes > 0 && last.is_some_and(|t| now - t < min_minutes * 60);
        let too_many = max > 0 && count >= max;
        if too_soon || too_many {
            return Err(AppError::ResetThrottled);
        }
    }
    sqlx::query("INSERT INTO password_reset_requests (email, ip, created_at) VALUES ($1, $2, $3)")
        .bind(&email)
        .bind(ip)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
