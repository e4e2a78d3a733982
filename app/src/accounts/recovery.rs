//! "Forgot Your Password?" and Set a New Password.

use super::model::check_new_password;
use super::{emails, repo};
use crate::config::registry::PASSWORD_RESET_LINK_EXPIRATION_PERIOD;
use crate::config::service::At;
use crate::customers::domain::Email;
use crate::customers::grid::index;
use crate::customers::reset_throttle;
use crate::error::AppError;
use crate::i18n::Key;
use crate::sessions::password;
use crate::sessions::token::{new_token, token_hash};
use crate::state::AppState;
use crate::stores::model::StoreViewInfo;

/// "The password token is mismatched. Reset and try again."
pub const TOKEN_MISMATCHED: Key = Key::ErrTokenMismatched;
/// "The password token is expired. Reset and try again."
pub const TOKEN_EXPIRED: Key = Key::ErrTokenExpired;

/// Email a reset link to the account `email` names on the store's website, if there is
/// one. Requests are throttled per the Password Reset Protection Type whether or not
/// the account exists, and the answer is the same either way. A new link replaces the
/// previous one.
pub async fn request(
    state: &AppState,
    store: &StoreViewInfo,
    email: &str,
    ip: &str,
) -> Result<(), AppError> {
    if email.trim().is_empty() {
        return Err(AppError::field("email", Key::RequiredField));
    }
    let email = Email::parse(email).map_err(|e| AppError::field("email", e))?;
    crate::sessions::service::count_toward_limit(
        state,
        &format!("customer-password-resets:{ip}"),
        state.settings.limits.password_resets_per_ip,
        state.clock.now(),
    )
    .await?;
    let scope = super::service::lookup_scope(state, store.website_id).await?;
    let account = repo::find_by_email(&state.db, email.as_str(), scope).await?;
    let token = new_token();
    let limits = reset_throttle::limits(state, Some(store.website_id)).await?;
    let mut tx = state.db.begin().await?;
    reset_throttle::check_and_record(&mut tx, limits, email.as_str(), ip, state.clock.now())
        .await?;
    if let Some(account) = &account {
        crate::customers::edit::repo::set_reset_token(
            &mut tx,
            account.id,
            &token_hash(&token),
            state.clock.now(),
        )
        .await?;
    }
    tx.commit().await?;
    let Some(account) = account else {
        return Ok(());
    };
    let hours = link_hours(state, account.website_id).await?;
    let store = super::service::account_store(state, account.id).await?;
    let name = format!("{} {}", account.firstname, account.lastname);
    let to = emails::recipient(state, &account.email, &name, &store);
    emails::send(state, &to, emails::forgot(&token, hours)).await
}

/// "Recovery Link Expiration Period (hours)" (at least 1).
async fn link_hours(state: &AppState, website: i64) -> Result<i64, AppError> {
    Ok(state
        .config
        .get(PASSWORD_RESET_LINK_EXPIRATION_PERIOD, At::website(website))
        .await?
        .max(1))
}

/// The account a reset link belongs to, if the link is still good.
async fn account_for_token(state: &AppState, token: &str) -> Result<repo::ResetAccount, AppError> {
    if token.is_empty() {
        return Err(AppError::field("token", TOKEN_MISMATCHED));
    }
    let account = repo::find_by_reset_token(&state.db, &token_hash(token))
        .await?
        .ok_or_else(|| AppError::field("token", TOKEN_MISMATCHED))?;
    let hours = link_hours(state, account.website_id).await?;
    if state.clock.now() > account.token_created_at + hours * 3600 {
        return Err(AppError::field("token", TOKEN_EXPIRED));
    }
    Ok(account)
}

/// Is this link still good? (The Set a New Password page asks before showing its form.)
pub async fn check_token(state: &AppState, token: &str) -> Result<(), AppError> {
    account_for_token(state, token).await.map(|_| ())
}

/// Set the new password behind a reset link. On success the link is used up, the lock
/// and failure counter are cleared, every session of the customer ends, and the "Reset
/// Password" email goes out; the customer then signs in with the new password.
pub async fn reset(
    state: &AppState,
    token: &str,
    new_password: &str,
    confirmation: &str,
) -> Result<(), AppError> {
    let account = account_for_token(state, token).await?;
    let rules = super::settings::password_rules(state).await?;
    let errors = check_new_password(new_password, confirmation, &account.email, rules);
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let hash = password::hash(new_password.to_string())
        .await
        .map_err(AppError::internal)?;
    let mut tx = state.db.begin().await?;
    // Only if the link is still the current one: two tabs cannot both use it.
    if !repo::set_password_from_token(
        &mut tx,
        account.id,
        &token_hash(token),
        &hash.0,
        state.clock.now(),
    )
    .await?
    {
        return Err(AppError::field("token", TOKEN_MISMATCHED));
    }
    repo::end_sessions(&mut tx, account.id, None).await?;
    index::refresh_one(&mut tx, account.id).await?;
    tx.commit().await?;
    tracing::info!(customer_id = account.id, "customer password reset");
    let store = super::service::account_store(state, account.id).await?;
    let name = format!("{} {}", account.firstname, account.lastname);
    let to = emails::recipient(state, &account.email, &name, &store);
    if let Err(error) = emails::send(state, &to, emails::password_changed()).await {
        tracing::warn!(customer_id = account.id, %error, "password-changed email not sent");
    }
    Ok(())
}
