//! Storefront sign-in and sign-out: the order of checks, the lockout
//! algorithm, and customer sessions, kept apart from admin sessions.

use super::model::AccountOverview;
use super::repo;
use super::settings::lockout_policy;
use crate::config::registry::{ACCOUNT_SHARE_SCOPE, COOKIE_LIFETIME, CREATE_ACCOUNT_CONFIRM};
use crate::config::service::At;
use crate::customers::grid::index;
use crate::error::AppError;
use crate::i18n::Key;
use crate::sessions::password::{self, PasswordHashString};
use crate::sessions::service::{keep_alive, normalize_email, open_session, Caller};
use crate::sessions::token::token_hash;
use crate::state::AppState;
use crate::stores::model::StoreViewInfo;

/// The customer's group is excluded from the website they sign in to.
pub const WEBSITE_EXCLUDED: Key = Key::ErrWebsiteExcluded;

/// Cookie that carries the customer session token.
pub const CUSTOMER_COOKIE: &str = "clientele_customer";

/// The longest a customer session lives, however active (the idle limit is the
/// store's Cookie Lifetime).
pub(crate) const ABSOLUTE_LIFETIME: i64 = 7 * 86_400;

/// A signed-in customer, as the server sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerPrincipal {
    pub session_id: i64,
    pub customer_id: i64,
    pub website_id: i64,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    /// Opened by an admin through Login as Customer: its log entry. Such a session is
    /// not the customer's own (no sign-in recorded, no Now Online activity) and cannot
    /// change the email or password.
    pub assisted: Option<i64>,
}

/// Which website's accounts an email is looked up in: the store's own, or all of them
/// when accounts are shared globally (Share Customer Accounts = Global).
pub(crate) async fn lookup_scope(state: &AppState, website: i64) -> Result<Option<i64>, AppError> {
    let per_website = state.config.get(ACCOUNT_SHARE_SCOPE, At::default()).await? != 0;
    Ok(per_website.then_some(website))
}

/// Sign in as [`sign_in`] does, after the login form's CAPTCHA when it asks: the answer
/// is checked first, and the attempt counts toward (or, right, clears) the failed
/// sign-ins that make the form ask.
pub async fn sign_in_answering(
    state: &AppState,
    website: i64,
    email: &str,
    password: &str,
    caller: &Caller,
    answer: &crate::captcha::model::Answer,
) -> Result<String, AppError> {
    use crate::captcha::{model::CaptchaForm, service as captchas};
    captchas::check(
        state,
        CaptchaForm::Login,
        website,
        Some(email),
        &caller.ip,
        answer,
    )
    .await?;
    let signed = sign_in(state, website, email, password, caller).await;
    match &signed {
        Ok(_) => captchas::signed_in(state, website, email, &caller.ip).await?,
        Err(AppError::InvalidCredentials | AppError::AccountLocked) => {
            captchas::sign_in_failed(state, website, email, &caller.ip).await?
        }
        Err(_) => {}
    }
    signed
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
            missing.insert(field.to_string(), Key::RequiredField.into());
        }
    }
    if !missing.is_empty() {
        return Err(AppError::Validation { fields: missing });
    }
    let now = state.clock.now();
    // Failed sign-ins are counted per address too (across all accounts, in the database
    // so every server process shares them), before any password is checked; a sign-in
    // that turns out right is taken back.
    let ip_bucket = format!("customer-sign-in-failures:{}", caller.ip);
    let limit = state.settings.limits.sign_in_failures_per_ip;
    crate::sessions::service::count_toward_limit(state, &ip_bucket, limit, now).await?;
    let scope = lookup_scope(state, website).await?;
    let Some(account) = repo::find_by_email(&state.db, &email, scope).await? else {
        password::verify_dummy(password.to_string()).await;
        tracing::info!(email = %email, ip = %caller.ip, reason = "unknown email", "customer sign-in failed");
        return Err(AppError::InvalidCredentials);
    };
    if let Err(err) = check_password(state, &account, password).await {
        let reason = if err == AppError::AccountLocked {
            "locked"
        } else {
            "wrong password"
        };
        tracing::info!(customer_id = account.id, ip = %caller.ip, reason, "customer sign-in failed");
        return Err(err);
    }
    let refused = async {
        let confirm = state
            .config
            .get(CREATE_ACCOUNT_CONFIRM, At::website(account.website_id))
            .await?;
        if confirm && account.confirmation.is_some() {
            return Err(AppError::NotConfirmed);
        }
        // A customer whose group lists this website among its Excluded Website(s) cannot
        // sign in to it, whether the account is per website or shared globally.
        if repo::group_excluded(&state.db, account.id, website).await? {
            return Err(AppError::field("email", WEBSITE_EXCLUDED));
        }
        Ok(())
    }
    .await;
    if let Err(err) = refused {
        // The password was right: this attempt is no failure for the address either.
        crate::sessions::repo::undo_rate_limit_hit(&state.db, &ip_bucket).await?;
        return Err(err);
    }
    crate::sessions::repo::undo_rate_limit_hit(&state.db, &ip_bucket).await?;

    let mut tx = state.db.begin().await?;
    repo::record_sign_in(&mut tx, account.id, now).await?;
    crate::online::activity::bind(state, &mut tx, Some(account.id), website).await?;
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

/// Check `given` against the account's password, counting the attempt first:
/// every attempt takes a number in one atomic statement before any hash is compared, so
/// a burst of concurrent guesses cannot outrun the lock. An attempt numbered past the
/// maximum is refused as locked whatever its password; the wrong one that reaches the
/// maximum locks the account (and still answers "Invalid login or password."). Used by
/// sign-in and by the current-password check of Account Information.
pub(crate) async fn check_password(
    state: &AppState,
    account: &repo::AccountRecord,
    given: &str,
) -> Result<(), AppError> {
    let id = account.id;
    let now = state.clock.now();
    let policy = lockout_policy(state).await?;
    let locking = policy.max_failures > 0 && policy.lock_minutes > 0;
    let attempt = if locking {
        match repo::begin_attempt(&state.db, id, now).await? {
            Some(n) if n <= policy.max_failures => Some(n),
            // Locked, or concurrent attempts beyond the maximum: the one that reached it
            // locks the account.
            _ => return Err(AppError::AccountLocked),
        }
    } else {
        // Nothing is counted, but a lock set before locking was turned off still holds.
        if account.failures.is_locked(now) {
            return Err(AppError::AccountLocked);
        }
        None
    };
    let matches = match account.password_hash.clone() {
        Some(hash) => password::verify(given.to_string(), PasswordHashString(hash)).await,
        None => {
            password::verify_dummy(given.to_string()).await;
            false
        }
    };
    if matches {
        // Counted before the check: a right password starts the count again, as a
        // successful sign-in does (else every right current password in Account
        // Information would leave one failure behind).
        if attempt.is_some() {
            repo::clear_failures(&state.db, id, now).await?;
        }
        return Ok(());
    }
    if attempt.is_some_and(|n| n >= policy.max_failures) {
        let mut tx = state.db.begin().await?;
        repo::lock(&mut tx, id, now + policy.lock_minutes * 60).await?;
        // The grid's Account Lock column follows in the same transaction.
        index::refresh_one(&mut tx, id).await?;
        tx.commit().await?;
        tracing::warn!(customer_id = id, "customer locked after failed sign-ins");
    }
    Err(AppError::InvalidCredentials)
}

/// How long a customer session may sit idle: the Cookie Lifetime. Cookie Lifetime 0
/// means "until the browser closes" in Magento (the cookie is a session cookie either
/// way): no idle limit then, only the absolute one.
pub async fn idle_limit(state: &AppState) -> Result<i64, AppError> {
    Ok(
        match state.config.get(COOKIE_LIFETIME, At::default()).await? {
            seconds if seconds > 0 => seconds,
            _ => ABSOLUTE_LIFETIME,
        },
    )
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
    let idle = idle_limit(state).await?;
    let times = (session.last_seen_at, session.expires_at);
    if !keep_alive(state, session.session_id, times, idle, false).await? {
        return Ok(None);
    }
    // Login as Customer: the session lives only as long as the admin's.
    if let Some((admin_session, log_id)) = session.assisted {
        if !crate::login_as_customer::session::admin_still_signed_in(state, admin_session).await? {
            crate::login_as_customer::session::end(state, session.session_id, log_id).await?;
            return Ok(None);
        }
    }
    Ok(Some(CustomerPrincipal {
        session_id: session.session_id,
        customer_id: session.customer_id,
        website_id: session.website_id,
        email: session.email,
        firstname: session.firstname,
        lastname: session.lastname,
        assisted: session.assisted.map(|(_, log_id)| log_id),
    }))
}

/// End the session behind `token` and note the sign-out.
pub async fn sign_out(state: &AppState, token: Option<&str>) -> Result<(), AppError> {
    if let Some(principal) = authenticate(state, token).await? {
        if let Some(log_id) = principal.assisted {
            // An admin ends Login as Customer: not the customer's own sign-out.
            return crate::login_as_customer::session::end(state, principal.session_id, log_id)
                .await;
        }
        crate::sessions::repo::delete_session(&state.db, principal.session_id).await?;
        repo::record_sign_out(&state.db, principal.customer_id, state.clock.now()).await?;
        // Now Online: this browser is a visitor again.
        let mut tx = state.db.begin().await?;
        crate::online::activity::bind(state, &mut tx, None, principal.website_id).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// The store view an account's emails come from: the one it was created in, else its
/// website's default store view.
pub async fn account_store(state: &AppState, id: i64) -> Result<StoreViewInfo, AppError> {
    let (wanted, fallback) = repo::account_store_ids(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found(Key::CustomerNumbered, id))?;
    let views = crate::stores::repo::list_views(&state.db).await?;
    views
        .iter()
        .find(|v| Some(v.store_id) == wanted)
        .or_else(|| views.iter().find(|v| Some(v.store_id) == fallback))
        .or_else(|| views.first())
        .cloned()
        .ok_or_else(|| AppError::NotFound(Key::ActiveStoreView.into()))
}

/// The My Account page of customer `id`: contact information, the newsletter status on
/// their website, and the default addresses as the default text template prints them.
pub async fn dashboard(
    state: &AppState,
    id: i64,
    store: &crate::stores::model::StoreViewInfo,
) -> Result<AccountOverview, AppError> {
    use crate::config::registry::LOCALE_CODE;
    use crate::config::service::At;
    use crate::customers::address::model::DefaultKind;
    let stored = crate::customers::edit::repo::load(&state.db.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found(Key::CustomerNumbered, id))?;
    let c = &stored.input;
    let newsletter = crate::customers::edit::repo::subscribed_websites(&state.db, id)
        .await?
        .contains(&c.website_id);
    // Printed with the store view's HTML address template, countries in its language.
    let at = At::store(store.website_id, store.store_id);
    let locale = crate::i18n::Locale::from_code(&state.config.get(LOCALE_CODE, at).await?).index();
    let (_, default_billing) =
        crate::address_format::printed_default(state, id, DefaultKind::Billing, at, locale).await?;
    let (_, default_shipping) =
        crate::address_format::printed_default(state, id, DefaultKind::Shipping, at, locale)
            .await?;
    Ok(AccountOverview {
        firstname: c.firstname.clone(),
        lastname: c.lastname.clone(),
        email: c.email.clone(),
        newsletter,
        default_billing,
        default_shipping,
    })
}
