//! Storefront sign-in and sign-out (spec §8.2): the order of checks, the lockout
//! algorithm, and customer sessions, kept apart from admin sessions.

use super::repo;
use super::rules::FailureState;
use super::settings::lockout_policy;
use crate::auth::password::{self, PasswordHashString};
use crate::auth::service::{keep_alive, normalize_email, open_session, Caller};
use crate::auth::session::token_hash;
use crate::config::registry::{ACCOUNT_SHARE_SCOPE, COOKIE_LIFETIME, CREATE_ACCOUNT_CONFIRM};
use crate::config::service::At;
use crate::customers::grid::index;
use crate::error::AppError;
use crate::state::AppState;

/// The customer's group is excluded from the website they sign in to.
pub const WEBSITE_EXCLUDED: &str = "This account can't sign in on this website.";

/// Cookie that carries the customer session token.
pub const CUSTOMER_COOKIE: &str = "clientele_customer";

/// The longest a customer session lives, however active (the idle limit is the
/// store's Cookie Lifetime).
pub(crate) const ABSOLUTE_LIFETIME: i64 = 7 * 86_400;

/// How many times a failure is counted again when another sign-in changed the counters
/// at the same moment.
const COUNT_RETRIES: usize = 8;

/// A signed-in customer, as the server sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerPrincipal {
    pub session_id: i64,
    pub customer_id: i64,
    pub website_id: i64,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
}

/// Which website's accounts an email is looked up in: the store's own, or all of them
/// when accounts are shared globally (§3).
pub(crate) async fn lookup_scope(state: &AppState, website: i64) -> Result<Option<i64>, AppError> {
    let per_website = state.config.get(ACCOUNT_SHARE_SCOPE, At::default()).await? != 0;
    Ok(per_website.then_some(website))
}

/// Sign a customer in on `website` and open a session (the caller's old one, if any,
/// ends: the token rotates). Checks in Magento's order: the lock (before the password),
/// the password, then the email confirmation. Every failure answers with the same
/// "Invalid login or password."; the failure that locks the account does too, and the
/// next attempt says "The account is locked.". Returns the new session token.
pub async fn sign_in(
    state: &AppState,
    website: i64,
    email: &str,
    password: &str,
    caller: &Caller,
) -> Result<String, AppError> {
    let email = normalize_email(email);
    let mut missing = std::collections::BTreeMap::new();
    for (field, value) in [("email", email.as_str()), ("password", password)] {
        if value.is_empty() {
            missing.insert(field.to_string(), "This is a required field.".to_string());
        }
    }
    if !missing.is_empty() {
        return Err(AppError::Validation { fields: missing });
    }
    let now = state.clock.now();
    let scope = lookup_scope(state, website).await?;
    let Some(account) = repo::find_by_email(&state.db, &email, scope).await? else {
        password::verify_dummy(password.to_string()).await;
        return Err(AppError::InvalidCredentials);
    };
    if account.failures.is_locked(now) {
        return Err(AppError::AccountLocked);
    }
    let matches = match account.password_hash.clone() {
        Some(hash) => password::verify(password.to_string(), PasswordHashString(hash)).await,
        None => {
            password::verify_dummy(password.to_string()).await;
            false
        }
    };
    if !matches {
        count_failure(state, account.id, account.failures, now).await?;
        return Err(AppError::InvalidCredentials);
    }
    let confirm = state
        .config
        .get(CREATE_ACCOUNT_CONFIRM, At::website(account.website_id))
        .await?;
    if confirm && account.confirmation.is_some() {
        return Err(AppError::NotConfirmed);
    }
    // A group excluded from this website cannot sign in to it (§3, §14.3), whether the
    // account is per website or shared globally.
    if repo::group_excluded(&state.db, account.id, website).await? {
        return Err(AppError::field("email", WEBSITE_EXCLUDED));
    }

    let mut tx = state.db.begin().await?;
    repo::record_sign_in(&mut tx, account.id, now).await?;
    if account.failures.lock_expires.is_some() {
        index::refresh_one(&mut tx, account.id).await?;
    }
    let token = open_session(
        &mut tx,
        "customer",
        account.id,
        now,
        now + ABSOLUTE_LIFETIME,
        caller,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(customer_id = account.id, "customer signed in");
    Ok(token)
}

/// Count one failed password, whatever other sign-ins do at the same moment: the
/// counters are replaced only if unchanged since read, else read again.
pub(crate) async fn count_failure(
    state: &AppState,
    id: i64,
    mut current: FailureState,
    now: i64,
) -> Result<(), AppError> {
    let policy = lockout_policy(state).await?;
    for _ in 0..COUNT_RETRIES {
        let next = current.after_failure(policy, now);
        if next == current {
            return Ok(());
        }
        let mut tx = state.db.begin().await?;
        if repo::replace_failures(&mut tx, id, current, next).await? {
            if next.lock_expires != current.lock_expires {
                // The grid's Account Lock column follows in the same transaction.
                index::refresh_one(&mut tx, id).await?;
            }
            tx.commit().await?;
            if next.is_locked(now) {
                tracing::warn!(customer_id = id, "customer locked after failed sign-ins");
            }
            return Ok(());
        }
        drop(tx);
        match repo::failures(&state.db, id).await? {
            Some(fresh) => current = fresh,
            None => return Ok(()),
        }
    }
    Err(AppError::internal("failure counter kept changing"))
}

/// The customer behind `token`, if the session is alive. Sessions idle for longer than
/// the Cookie Lifetime, or older than a week, are deleted on sight.
pub async fn authenticate(
    state: &AppState,
    token: Option<&str>,
) -> Result<Option<CustomerPrincipal>, AppError> {
    let Some(token) = token else { return Ok(None) };
    let Some(session) = repo::find_session(&state.db, &token_hash(token)).await? else {
        return Ok(None);
    };
    let idle = state.config.get(COOKIE_LIFETIME, At::default()).await?;
    let times = (session.last_seen_at, session.expires_at);
    if !keep_alive(state, session.session_id, times, idle, false).await? {
        return Ok(None);
    }
    Ok(Some(CustomerPrincipal {
        session_id: session.session_id,
        customer_id: session.customer_id,
        website_id: session.website_id,
        email: session.email,
        firstname: session.firstname,
        lastname: session.lastname,
    }))
}

/// End the session behind `token` and note the sign-out.
pub async fn sign_out(state: &AppState, token: Option<&str>) -> Result<(), AppError> {
    if let Some(principal) = authenticate(state, token).await? {
        crate::auth::repo::delete_session(&state.db, principal.session_id).await?;
        repo::record_sign_out(&state.db, principal.customer_id, state.clock.now()).await?;
    }
    Ok(())
}
