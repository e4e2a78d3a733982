//! Login as Customer (spec §10): an admin with the permission opens the storefront
//! signed in as a customer who allowed remote shopping assistance, through a one-time
//! secret bound to that admin and customer (valid "authentication data lifetime", 60 s
//! by default, used once; the admin's earlier secrets are revoked). Every attempt is
//! logged with its reason and result. The session it opens ends with the admin's own
//! session, is not the customer's own sign-in (no "last logged in", no Now Online
//! activity), and cannot see or change the password or email.

use super::model::{AssistButton, LogPage, LogQuery, Outcome, StartInput, SIGN_IN_PATH};
use super::repo::{self, NewEntry};
use crate::action_log::model::{Action, Change, Entity};
use crate::action_log::service::{self as action_log, Actor, NewEntry as ActionEntry};
use crate::auth::acl;
use crate::auth::service::AdminPrincipal;
use crate::config::registry::{
    ACCOUNT_SHARE_SCOPE, LOGIN_AS_CUSTOMER_AUTHENTICATION_DATA_EXPIRATION_TIME,
    LOGIN_AS_CUSTOMER_ENABLED, LOGIN_AS_CUSTOMER_STORE_VIEW_MANUAL_CHOICE_ENABLED,
};
use crate::config::service::At;
use crate::error::AppError;
use crate::i18n::Key;
use crate::sessions::service::{open_session, Caller};
use crate::sessions::token::{new_token, token_hash};
use crate::state::AppState;
use crate::stores::model::StoreViewInfo;
use sqlx::Row;

/// The customer as Login as Customer needs them.
struct Target {
    id: i64,
    email: String,
    name: String,
    website_id: i64,
    store_id: i64,
    allowed: bool,
}

async fn target(state: &AppState, id: i64) -> Result<Target, AppError> {
    let row = sqlx::query(
        "SELECT entity_id, email, firstname, lastname, website_id, store_id, assistance_allowed
         FROM customer_entity WHERE entity_id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| AppError::NotFound(Key::ErrAssistNoCustomer.into()))?;
    let first: String = row.try_get("firstname")?;
    let last: String = row.try_get("lastname")?;
    Ok(Target {
        id,
        email: row.try_get("email")?,
        name: format!("{first} {last}").trim().to_string(),
        website_id: row.try_get::<Option<i64>, _>("website_id")?.unwrap_or(0),
        store_id: row.try_get::<Option<i64>, _>("store_id")?.unwrap_or(0),
        allowed: row.try_get::<i64, _>("assistance_allowed")? != 0,
    })
}

/// The admin holds "Allow Login as Customer" (403 otherwise) and the feature is on.
async fn may_use(state: &AppState, admin: &AdminPrincipal) -> Result<(), AppError> {
    admin.require(acl::LOGIN_AS_CUSTOMER_BUTTON)?;
    if !state
        .config
        .get(LOGIN_AS_CUSTOMER_ENABLED, At::default())
        .await?
    {
        return Err(AppError::field("customer_id", Key::ErrAssistDisabled));
    }
    Ok(())
}

/// The checks made when the admin asks and again when the link is used: the feature is
/// on, the admin holds "Allow Login as Customer", the customer exists and allowed it.
async fn gate(state: &AppState, admin: &AdminPrincipal, id: i64) -> Result<Target, AppError> {
    may_use(state, admin).await?;
    let customer = target(state, id).await?;
    if !customer.allowed {
        return Err(AppError::field("customer_id", Key::ErrAssistNoConsent));
    }
    Ok(customer)
}

/// Store views the admin may open for the customer: their website's (all of them when
/// accounts are shared globally).
async fn views_for(state: &AppState, customer: &Target) -> Result<Vec<StoreViewInfo>, AppError> {
    let global = state.config.get(ACCOUNT_SHARE_SCOPE, At::default()).await? == 0;
    Ok(crate::stores::repo::list_views(&state.db)
        .await?
        .into_iter()
        .filter(|v| global || v.website_id == customer.website_id)
        .collect())
}

async fn manual_choice(state: &AppState) -> Result<bool, AppError> {
    Ok(state
        .config
        .get(
            LOGIN_AS_CUSTOMER_STORE_VIEW_MANUAL_CHOICE_ENABLED,
            At::default(),
        )
        .await?
        == 1)
}

/// What the customer page's button needs (refused when the feature is off or the admin
/// may not use it: the page then shows no button).
pub async fn button(
    state: &AppState,
    admin: &AdminPrincipal,
    customer_id: i64,
) -> Result<Option<AssistButton>, AppError> {
    admin.require(acl::LOGIN_AS_CUSTOMER_BUTTON)?;
    // Turned off: no button (not an error: the page simply has none to show).
    if !state
        .config
        .get(LOGIN_AS_CUSTOMER_ENABLED, At::default())
        .await?
    {
        return Ok(None);
    }
    let customer = target(state, customer_id).await?;
    let store_views = if manual_choice(state).await? {
        views_for(state, &customer)
            .await?
            .into_iter()
            .map(|v| (v.store_id, format!("{} / {}", v.website_name, v.name)))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(AssistButton {
        allowed: customer.allowed,
        store_views,
        name: customer.name,
    }))
}

/// The store view to open: the admin's choice (Manual Selection), else the customer's
/// own store view (their website's first when theirs is gone), or the default store view
/// when accounts are shared globally.
async fn store_view(
    state: &AppState,
    customer: &Target,
    chosen: Option<i64>,
) -> Result<StoreViewInfo, AppError> {
    let views = views_for(state, customer).await?;
    if manual_choice(state).await? {
        let id = chosen.ok_or_else(|| AppError::field("store_id", Key::ErrAssistChooseStore))?;
        return views
            .into_iter()
            .find(|v| v.store_id == id)
            .ok_or_else(|| AppError::field("store_id", Key::ErrAssistChooseStore));
    }
    let global = state.config.get(ACCOUNT_SHARE_SCOPE, At::default()).await? == 0;
    let preferred = if global {
        crate::stores::repo::default_view_id(&state.db).await?
    } else {
        customer.store_id
    };
    views
        .iter()
        .find(|v| v.store_id == preferred)
        .or_else(|| views.first())
        .cloned()
        .ok_or_else(|| AppError::field("store_id", Key::ErrAssistChooseStore))
}

fn entry(customer: &Target, admin: &AdminPrincipal, reason: &str, store: Option<i64>) -> NewEntry {
    NewEntry {
        customer_id: Some(customer.id),
        customer_email: customer.email.clone(),
        admin_id: Some(admin.view.id),
        admin_name: admin.view.name.clone(),
        reason: reason.to_string(),
        store_id: store,
    }
}

/// "Login as Customer": check everything, log the request with its reason, and make the
/// one-time link the admin's new tab opens.
pub async fn start(
    state: &AppState,
    admin: &AdminPrincipal,
    actor: &Actor,
    input: &StartInput,
) -> Result<String, AppError> {
    let errors = input.validate();
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let customer = gate(state, admin, input.customer_id).await?;
    let view = store_view(state, &customer, input.store_id).await?;
    if crate::accounts::repo::group_excluded(&state.db, customer.id, view.website_id).await? {
        return Err(AppError::field(
            "customer_id",
            Key::ErrAssistWebsiteExcluded,
        ));
    }
    let now = state.clock.now();
    let lifetime = state
        .config
        .get(
            LOGIN_AS_CUSTOMER_AUTHENTICATION_DATA_EXPIRATION_TIME,
            At::default(),
        )
        .await?
        .max(1);
    let secret = new_token();
    let mut tx = state.db.begin().await?;
    let reason = input.reason.trim();
    let log_id = repo::insert_log(
        &mut tx,
        &entry(&customer, admin, reason, Some(view.store_id)),
        Outcome::Issued,
        now,
    )
    .await?;
    repo::replace_secret(
        &mut tx,
        &token_hash(&secret),
        admin.view.id,
        customer.id,
        view.store_id,
        log_id,
        now,
        now + lifetime,
    )
    .await?;
    let changes = [
        Change {
            field: "reason".into(),
            before: None,
            after: Some(reason.to_string()),
        },
        Change {
            field: "store".into(),
            before: None,
            after: Some(view.name.clone()),
        },
    ];
    let logged = ActionEntry {
        entity: Entity::Customer,
        entity_id: &customer.id.to_string(),
        item: &customer.email,
        action: Action::LoginAsCustomer,
        customer_id: Some(customer.id),
        changes: &changes,
    };
    action_log::record(&mut tx, actor, logged, now).await?;
    tx.commit().await?;
    tracing::info!(
        admin = admin.view.id,
        customer = customer.id,
        "login as customer requested"
    );
    Ok(format!("{SIGN_IN_PATH}{secret}"))
}

/// A storefront session the link opened: its token and the store view's code.
pub struct Opened {
    pub token: String,
    pub store_code: String,
}

/// Use the link `secret` in a browser where `admin` is signed in (or nobody): the
/// customer session it opens, or why it was refused (logged either way).
pub async fn consume(
    state: &AppState,
    admin: Option<&AdminPrincipal>,
    secret: &str,
    caller: &Caller,
) -> Result<Result<Opened, Outcome>, AppError> {
    let now = state.clock.now();
    let hash = token_hash(secret);
    let mut tx = state.db.begin().await?;
    let found = repo::find_secret(&mut tx, &hash).await?;
    let by_admin = |admin: Option<&AdminPrincipal>| NewEntry {
        admin_id: admin.map(|a| a.view.id),
        admin_name: admin.map(|a| a.view.name.clone()).unwrap_or_default(),
        ..NewEntry::default()
    };
    // A made-up link without an admin session is refused without a log entry: it names
    // nobody, and logging it would let anyone fill the log.
    if found.is_none() && admin.is_none() {
        return Ok(Err(Outcome::Unknown));
    }
    let refused = match (&found, admin) {
        (None, _) => Some((by_admin(admin), Outcome::Unknown)),
        (Some(s), None) => Some((
            NewEntry {
                customer_id: Some(s.customer_id),
                reason: s.reason.clone(),
                ..NewEntry::default()
            },
            Outcome::NoAdmin,
        )),
        (Some(s), Some(a)) => {
            let outcome = if a.view.id != s.admin_id {
                Some(Outcome::OtherAdmin)
            } else if s.used {
                Some(Outcome::Reused)
            } else if s.expires_at <= now {
                Some(Outcome::Expired)
            } else {
                None
            };
            outcome.map(|o| {
                (
                    NewEntry {
                        customer_id: Some(s.customer_id),
                        reason: s.reason.clone(),
                        store_id: Some(s.store_id),
                        ..by_admin(admin)
                    },
                    o,
                )
            })
        }
    };
    if let Some((mut entry, outcome)) = refused {
        if let Some(id) = entry.customer_id {
            entry.customer_email = target(state, id).await.map(|c| c.email).unwrap_or_default();
        }
        repo::insert_log(&mut tx, &entry, outcome, now).await?;
        tx.commit().await?;
        tracing::warn!(outcome = outcome.code(), "login as customer link refused");
        return Ok(Err(outcome));
    }
    let (Some(secret_row), Some(admin)) = (found, admin) else {
        return Ok(Err(Outcome::Unknown));
    };
    // Checked again: the feature, the permission and the consent may have changed.
    let checked = async {
        let customer = gate(state, admin, secret_row.customer_id).await?;
        let views = crate::stores::repo::list_views(&state.db).await?;
        let view = views
            .into_iter()
            .find(|v| v.store_id == secret_row.store_id)
            .ok_or_else(|| AppError::field("store_id", Key::ErrAssistChooseStore))?;
        if crate::accounts::repo::group_excluded(&state.db, customer.id, view.website_id).await? {
            return Err(AppError::field(
                "customer_id",
                Key::ErrAssistWebsiteExcluded,
            ));
        }
        Ok((customer, view))
    }
    .await;
    let (customer, view) = match checked {
        Ok(found) => found,
        Err(err) => {
            tracing::warn!(%err, "login as customer refused at use");
            let entry = NewEntry {
                customer_id: Some(secret_row.customer_id),
                reason: secret_row.reason.clone(),
                store_id: Some(secret_row.store_id),
                ..by_admin(Some(admin))
            };
            repo::insert_log(&mut tx, &entry, Outcome::Refused, now).await?;
            tx.commit().await?;
            return Ok(Err(Outcome::Refused));
        }
    };
    if !repo::use_secret(&mut tx, &hash, now).await? {
        let entry = entry(&customer, admin, &secret_row.reason, Some(view.store_id));
        repo::insert_log(&mut tx, &entry, Outcome::Reused, now).await?;
        tx.commit().await?;
        return Ok(Err(Outcome::Reused));
    }
    // The customer's own session in this browser, if any, is replaced.
    let token = open_session(
        &mut tx,
        "customer",
        customer.id,
        now,
        now + crate::accounts::service::ABSOLUTE_LIFETIME,
        caller,
    )
    .await?;
    repo::mark_session(
        &mut tx,
        &token_hash(&token),
        admin.session_id,
        secret_row.log_id,
    )
    .await?;
    repo::mark_signed_in(&mut tx, secret_row.log_id, now).await?;
    tx.commit().await?;
    tracing::info!(
        admin = admin.view.id,
        customer = customer.id,
        "logged in as customer"
    );
    Ok(Ok(Opened {
        token,
        store_code: view.code,
    }))
}

/// A page of the log.
pub async fn log_page(state: &AppState, query: &LogQuery) -> Result<LogPage, AppError> {
    let q = query
        .validated()
        .map_err(|fields| AppError::Validation { fields })?;
    Ok(LogPage {
        rows: repo::page(&state.db, &q).await?,
        total: repo::count(&state.db, &q).await?,
        page: q.page,
    })
}

/// The log's matching entries as CSV (the visible columns, headers in `locale`).
pub async fn export_csv(
    state: &AppState,
    query: &LogQuery,
    locale: crate::i18n::Locale,
) -> Result<String, AppError> {
    let q = query
        .validated()
        .map_err(|fields| AppError::Validation { fields })?;
    let total = repo::count(&state.db, &q).await?;
    let db = &state.db;
    crate::ui::grid::download::csv(
        &query.columns,
        locale,
        total,
        |page, size| {
            let mut q = q.clone();
            q.page = page;
            q.size = size;
            async move { Ok(repo::page(db, &q).await?) }
        },
        |row, column| row.cell(column, locale),
    )
    .await
}
