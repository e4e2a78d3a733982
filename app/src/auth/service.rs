//! Admin sign-in, the admin session and permission checks: the rules, independent of
//! HTTP.

use super::model::AdminView;
use super::repo;
use crate::action_log::actor::Actor;
use crate::action_log::model::{Action, Change, Entity};
use crate::action_log::repo::NewEntry;
use crate::config::registry::{
    ADMIN_LOCKOUT_FAILURES, ADMIN_LOCKOUT_THRESHOLD, ADMIN_SESSION_ABSOLUTE_LIFETIME,
    ADMIN_SESSION_LIFETIME,
};
use crate::config::service::At;
use crate::error::AppError;
use crate::i18n::{Key, Message};
use crate::sessions::password::{self, PasswordHashString};
use crate::sessions::repo as sessions;
use crate::sessions::service::{
    keep_alive, looks_like_email, minutes_left, normalize_email, open_session, Caller,
};
use crate::sessions::token::token_hash;
use crate::state::AppState;

/// Failed admin sign-ins accepted from one IP address per window, across all accounts:
/// stops password spraying that stays under each account's lockout.
const IP_FAILURES_PER_WINDOW: i64 = 30;
/// The window of [`IP_FAILURES_PER_WINDOW`], in seconds.
const IP_WINDOW: i64 = 15 * 60;

/// A signed-in admin, as the server sees them.
#[derive(Clone, Debug)]
pub struct AdminPrincipal {
    pub session_id: i64,
    pub view: AdminView,
}

impl AdminPrincipal {
    /// Fail with `Forbidden` unless the admin's role grants `resource`.
    pub fn require(&self, resource: &str) -> Result<(), AppError> {
        if self.view.can(resource) {
            Ok(())
        } else {
            Err(AppError::Forbidden {
                resource: resource.to_string(),
            })
        }
    }
}

/// Check an email and password, apply the lockout rules, and on success open a new
/// session (ending the caller's previous one: the token is rotated at sign-in).
/// Returns the new session token.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    caller: &Caller,
) -> Result<String, AppError> {
    let email = normalize_email(email);
    let mut missing = std::collections::BTreeMap::new();
    if email.is_empty() {
        missing.insert("email".to_string(), Key::RequiredField.into());
    }
    if password.is_empty() {
        missing.insert("password".to_string(), Key::RequiredField.into());
    }
    if !missing.is_empty() {
        return Err(AppError::Validation { fields: missing });
    }

    let now = state.clock.now();
    // Every attempt is counted before any password is checked, per address and per
    // account, so a burst of concurrent guesses cannot outrun either limit; attempts
    // that turn out right are taken back.
    let ip_bucket = format!("admin-sign-in-failures:{}", caller.ip);
    let (ip_attempts, window_start) =
        sessions::hit_rate_limit(&state.db, &ip_bucket, IP_WINDOW, now).await?;
    if ip_attempts > IP_FAILURES_PER_WINDOW {
        tracing::info!(email = %email, ip = %caller.ip, reason = "address limit", "admin sign-in failed");
        return Err(AppError::TooManyAttempts {
            minutes: minutes_left(window_start + IP_WINDOW, now),
        });
    }
    let Some(admin) = repo::find_by_email(&state.db, &email).await? else {
        password::verify_dummy(password.to_string()).await;
        tracing::info!(email = %email, ip = %caller.ip, reason = "unknown email", "admin sign-in failed");
        return Err(AppError::InvalidCredentials);
    };
    if !admin.is_active {
        password::verify_dummy(password.to_string()).await;
        tracing::info!(user_id = admin.user_id, ip = %caller.ip, reason = "disabled", "admin sign-in failed");
        return Err(AppError::InvalidCredentials);
    }
    let config = state.config.snapshot().await?;
    let max_failures = config.get(ADMIN_LOCKOUT_FAILURES, At::default());
    let lock_minutes = config.get(ADMIN_LOCKOUT_THRESHOLD, At::default());
    let locking = max_failures > 0 && lock_minutes > 0;
    let Some(attempt) = repo::begin_attempt(&state.db, admin.user_id, now).await? else {
        let until = repo::lock_expires(&state.db, admin.user_id)
            .await?
            .unwrap_or(now);
        return Err(AppError::Locked {
            minutes: minutes_left(until, now),
        });
    };
    if locking && attempt > max_failures {
        // Concurrent attempts beyond the limit: the one that reached it locks the account.
        return Err(AppError::Locked {
            minutes: lock_minutes,
        });
    }

    if !password::verify(password.to_string(), admin.password_hash.clone()).await {
        if locking && attempt >= max_failures {
            let until = now + lock_minutes * 60;
            repo::lock(&state.db, admin.user_id, until).await?;
            tracing::warn!(
                user_id = admin.user_id,
                "admin locked after failed sign-ins"
            );
            return Err(AppError::Locked {
                minutes: lock_minutes,
            });
        }
        tracing::info!(user_id = admin.user_id, ip = %caller.ip, reason = "wrong password", "admin sign-in failed");
        return Err(AppError::InvalidCredentials);
    }
    sessions::undo_rate_limit_hit(&state.db, &ip_bucket).await?;

    let absolute = state
        .config
        .get(ADMIN_SESSION_ABSOLUTE_LIFETIME, At::default())
        .await?;
    let mut tx = state.db.begin().await?;
    repo::record_success(&mut tx, admin.user_id, now).await?;
    let token = open_session(&mut tx, "admin", admin.user_id, now, now + absolute, caller).await?;
    tx.commit().await?;
    tracing::info!(user_id = admin.user_id, "admin signed in");
    Ok(token)
}

/// The admin behind `token`, if the session is alive. Expired sessions (idle or
/// absolute) and sessions of disabled admins are deleted on sight.
pub async fn authenticate(
    state: &AppState,
    token: Option<&str>,
) -> Result<Option<AdminPrincipal>, AppError> {
    let Some(token) = token else { return Ok(None) };
    let Some(session) = repo::find_admin_session(&state.db, &token_hash(token)).await? else {
        return Ok(None);
    };
    let idle = state
        .config
        .get(ADMIN_SESSION_LIFETIME, At::default())
        .await?;
    let alive = keep_alive(
        state,
        session.session_id,
        (session.last_seen_at, session.expires_at),
        idle,
        !session.admin.is_active,
    )
    .await?;
    if !alive {
        return Ok(None);
    }
    let resources = if session.all_resources {
        Vec::new()
    } else {
        repo::role_resources(&state.db, session.admin.role_id).await?
    };
    Ok(Some(AdminPrincipal {
        session_id: session.session_id,
        view: AdminView {
            id: session.admin.user_id,
            name: session.admin.name,
            email: session.admin.email,
            locale: session.admin.locale,
            role: session.role_name,
            all_resources: session.all_resources,
            resources,
        },
    }))
}

/// End the session behind `token` (sign-out).
pub async fn sign_out(state: &AppState, token: Option<&str>) -> Result<(), AppError> {
    if let Some(token) = token {
        // The storefront sessions this admin opened as customers end with theirs.
        if let Some(session) = repo::find_admin_session(&state.db, &token_hash(token)).await? {
            crate::login_as_customer::session::end_for_admin(state, session.session_id).await?;
        }
        sessions::delete_session_by_hash(&state.db.pool, &token_hash(token)).await?;
    }
    Ok(())
}

/// Create an admin user (CLI and demo seeding). Validates email, name and password.
pub async fn create_admin(
    state: &AppState,
    email: &str,
    name: &str,
    password: &str,
    role: &str,
) -> Result<i64, AppError> {
    let email = normalize_email(email);
    if !looks_like_email(&email) {
        return Err(AppError::field("email", Key::ErrInvalidEmail));
    }
    if name.trim().is_empty() {
        return Err(AppError::field("name", Key::RequiredField));
    }
    password::check_admin_password(password).map_err(|m| AppError::field("password", m))?;
    let role = repo::find_role(&state.db, role).await?.ok_or_else(|| {
        AppError::field("role", Message::new(Key::ErrNoSuchRole).with("role", role))
    })?;
    let hash = hash_password(password).await?;
    let mut tx = state.db.begin().await?;
    let id = repo::insert_admin(
        &mut tx,
        &email,
        name.trim(),
        &hash,
        role.role_id,
        state.clock.now(),
    )
    .await
    .map_err(|e| AppError::unique_as_field(e, "email", Key::ErrAdminEmailTaken))?;
    let changes = [
        created("email", &email),
        created("username", name.trim()),
        created("role", &role.name),
    ];
    log_admin_change(
        &mut tx,
        Entity::AdminUser,
        id,
        &email,
        Action::Create,
        &changes,
        state,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes to admins and roles come from the command line; the action log says so.
const COMMAND_LINE: &str = "command line";

fn created(field: &str, value: &str) -> Change {
    Change {
        field: field.into(),
        before: None,
        after: Some(value.to_string()),
    }
}

/// Write the action log entry of a change to an admin or role.
async fn log_admin_change(
    tx: &mut crate::db::Tx<'_>,
    entity: Entity,
    id: i64,
    item: &str,
    action: Action,
    changes: &[Change],
    state: &AppState,
) -> Result<(), AppError> {
    let entry = NewEntry {
        entity,
        entity_id: &id.to_string(),
        item,
        action,
        customer_id: None,
        changes,
    };
    let actor = Actor::system(COMMAND_LINE);
    Ok(crate::action_log::repo::insert(tx, &actor, &entry, state.clock.now()).await?)
}

/// Replace an admin's password (CLI); unlocks the account.
pub async fn set_admin_password(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<(), AppError> {
    password::check_admin_password(password).map_err(|m| AppError::field("password", m))?;
    let admin = repo::find_by_email(&state.db, &normalize_email(email))
        .await?
        .ok_or_else(|| {
            AppError::NotFound(crate::i18n::Message::new(Key::AdminNamed).with("email", email))
        })?;
    let hash = hash_password(password).await?;
    let mut tx = state.db.begin().await?;
    repo::set_password(&mut tx, admin.user_id, &hash, state.clock.now()).await?;
    // A new password ends every existing session of that admin.
    sessions::delete_user_sessions(&mut tx, "admin", admin.user_id).await?;
    let (id, email) = (admin.user_id, admin.email.clone());
    log_admin_change(
        &mut tx,
        Entity::AdminUser,
        id,
        &email,
        Action::ResetPassword,
        &[],
        state,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Enable or disable an admin. Disabling ends all their sessions at once.
pub async fn set_admin_active(state: &AppState, email: &str, active: bool) -> Result<(), AppError> {
    let admin = repo::find_by_email(&state.db, &normalize_email(email))
        .await?
        .ok_or_else(|| {
            AppError::NotFound(crate::i18n::Message::new(Key::AdminNamed).with("email", email))
        })?;
    let mut tx = state.db.begin().await?;
    repo::set_active(&mut tx, admin.user_id, active, state.clock.now()).await?;
    if !active {
        sessions::delete_user_sessions(&mut tx, "admin", admin.user_id).await?;
    }
    let flag = |b: bool| if b { "1" } else { "0" }.to_string();
    let changes = [Change {
        field: "is_active".into(),
        before: Some(flag(!active)),
        after: Some(flag(active)),
    }];
    let (id, email) = (admin.user_id, admin.email.clone());
    log_admin_change(
        &mut tx,
        Entity::AdminUser,
        id,
        &email,
        Action::Update,
        &changes,
        state,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Interface languages admins can choose.
pub const ADMIN_LOCALES: &[&str] = &["en_US", "fr_FR", "nl_NL", "pt_BR"];

/// Store an admin's interface language.
pub async fn set_admin_locale(
    state: &AppState,
    user_id: i64,
    locale: &str,
) -> Result<(), AppError> {
    if !ADMIN_LOCALES.contains(&locale) {
        return Err(AppError::field(
            "locale",
            Message::new(Key::ErrChooseOneOf).with("choices", ADMIN_LOCALES.join(", ")),
        ));
    }
    let mut tx = state.db.begin().await?;
    repo::set_locale(&mut tx, user_id, locale, state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Create a role granting `resources` (each must be in the ACL tree).
pub async fn create_role(
    state: &AppState,
    name: &str,
    resources: &[String],
) -> Result<i64, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::field("name", Key::RequiredField));
    }
    let mut checked = Vec::with_capacity(resources.len());
    for r in resources {
        let r = r.trim();
        if !super::acl::is_resource(r) {
            return Err(AppError::field(
                "resources",
                Message::new(Key::ErrNoSuchResource).with("resource", r),
            ));
        }
        checked.push(r);
    }
    let mut tx = state.db.begin().await?;
    let id = repo::insert_role(&mut tx, name, &checked, state.clock.now())
        .await
        .map_err(|e| AppError::unique_as_field(e, "name", Key::ErrRoleNameTaken))?;
    let changes = [
        created("role", name),
        created("resources", &checked.join(", ")),
    ];
    log_admin_change(
        &mut tx,
        Entity::Role,
        id,
        name,
        Action::Create,
        &changes,
        state,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn hash_password(password: &str) -> Result<PasswordHashString, AppError> {
    password::hash(password.to_string())
        .await
        .map_err(AppError::internal)
}
