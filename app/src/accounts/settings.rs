//! The account options a storefront flow obeys, read through the configuration service
//! on every request, so `server config set` changes the behaviour at once.

use super::rules::{LockoutPolicy, PasswordRules};
use crate::config::registry::{
    PASSWORD_LOCKOUT_FAILURES, PASSWORD_LOCKOUT_THRESHOLD, PASSWORD_MINIMUM_LENGTH,
    PASSWORD_REQUIRED_CHARACTER_CLASSES_NUMBER,
};
use crate::config::service::At;
use crate::error::AppError;
use crate::state::AppState;

/// Minimum length and character classes (global options).
pub async fn password_rules(state: &AppState) -> Result<PasswordRules, AppError> {
    let (config, at) = (state.config.snapshot().await?, At::default());
    Ok(PasswordRules {
        min_length: config.get(PASSWORD_MINIMUM_LENGTH, at).max(1) as usize,
        required_classes: config
            .get(PASSWORD_REQUIRED_CHARACTER_CLASSES_NUMBER, at)
            .clamp(1, 4) as usize,
    })
}

/// Maximum failures and lockout time (global options).
pub async fn lockout_policy(state: &AppState) -> Result<LockoutPolicy, AppError> {
    let (config, at) = (state.config.snapshot().await?, At::default());
    Ok(LockoutPolicy {
        max_failures: config.get(PASSWORD_LOCKOUT_FAILURES, at),
        lock_minutes: config.get(PASSWORD_LOCKOUT_THRESHOLD, at),
    })
}
