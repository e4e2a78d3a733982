//! The life of a session Login as Customer opened: it lasts only as long as the admin's
//! own session, and its end is noted in the log. Used by customer and admin sign-in
//! code, so it depends on neither.

use super::repo;
use crate::action_log::actor::Actor;
use crate::config::registry::ADMIN_SESSION_LIFETIME;
use crate::config::service::At;
use crate::error::AppError;
use crate::state::AppState;

/// Is the admin session behind a Login as Customer session still alive?
pub async fn admin_still_signed_in(state: &AppState, admin_session: i64) -> Result<bool, AppError> {
    let idle = state
        .config
        .get(ADMIN_SESSION_LIFETIME, At::default())
        .await?;
    Ok(repo::admin_session_alive(&state.db, admin_session, idle, state.clock.now()).await?)
}

/// The admin acting through the Login as Customer session of log entry `log_id`, from
/// `ip`: the action log records their changes in the storefront as theirs.
pub async fn acting_admin(state: &AppState, log_id: i64, ip: &str) -> Result<Actor, AppError> {
    let (admin_id, name) = repo::admin_of(&state.db, log_id).await?.unwrap_or_default();
    Ok(Actor::assisting(admin_id, &name, ip, log_id))
}

/// End a Login as Customer session (its log entry notes when).
pub async fn end(state: &AppState, session_id: i64, log_id: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    repo::delete_session(&mut tx, session_id).await?;
    repo::mark_ended(&mut tx, &[log_id], state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// End every customer session the admin session `admin_session` opened (the admin
/// signs out).
pub async fn end_for_admin(state: &AppState, admin_session: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    repo::end_sessions_of_admin(&mut tx, admin_session, state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}
