//! Account Information: the shopper's names and details, and the
//! sign-in email and password behind the current password.

use super::model::{AccountEdit, AccountInformation, PASSWORD_MISMATCH};
use super::register::{website_options, EMAIL_TAKEN};
use super::service::{check_password, CustomerPrincipal};
use super::{emails, repo};
use crate::action_log::model::{Action, Entity};
use crate::action_log::service::{self as action_log, diff, Actor, NewEntry};
use crate::attributes::model::{EntityType, UsedInForm};
use crate::config::registry::ACCOUNT_SHARE_SCOPE;
use crate::config::service::At;
use crate::customers::domain::Email;
use crate::customers::edit::repo as customers;
use crate::customers::grid::index;
use crate::customers::model::CustomerInput;
use crate::error::AppError;
use crate::i18n::Key;
use crate::sessions::password;
use crate::state::AppState;

fn not_found(id: i64) -> AppError {
    AppError::not_found(Key::CustomerNumbered, id)
}

/// The form as saved, with the options of the customer's website.
pub async fn load(
    state: &AppState,
    customer: &CustomerPrincipal,
) -> Result<AccountInformation, AppError> {
    let id = customer.customer_id;
    let stored = customers::load(&state.db.pool, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let c = stored.input;
    let options = options(state, id, c.website_id).await?;
    let custom = crate::attributes::service::read(
        &mut *state.db.pool.acquire().await?,
        EntityType::Customer,
        id,
        &options.attributes,
    )
    .await?;
    Ok(AccountInformation {
        options,
        form: AccountEdit {
            custom,
            version: c.version,
            prefix: c.prefix,
            firstname: c.firstname,
            middlename: c.middlename,
            lastname: c.lastname,
            suffix: c.suffix,
            dob: c.dob,
            taxvat: c.taxvat,
            gender: c.gender,
            assistance: repo::assistance(&state.db, id).await?,
            email: c.email,
            ..AccountEdit::default()
        },
        assisted: customer.assisted.is_some(),
    })
}

/// The form's options: the website's, and the custom attributes of Customer Account
/// Edit labelled for the customer's store view.
async fn options(
    state: &AppState,
    id: i64,
    website: i64,
) -> Result<super::model::AccountFormOptions, AppError> {
    let mut options = website_options(state, website).await?;
    let store = super::service::account_store(state, id).await?;
    options.attributes = crate::attributes::service::fields(
        state,
        EntityType::Customer,
        Some(UsedInForm::CustomerAccountEdit),
        Some(store.store_id),
    )
    .await?;
    Ok(options)
}

/// Check the current password; a wrong one counts as a failed sign-in (so the form
/// cannot be used to guess it) and is answered on the field.
async fn check_current_password(state: &AppState, id: i64, given: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin_read().await?;
    let account = repo::account(&mut tx, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    drop(tx);
    match check_password(state, &account, given).await {
        Err(AppError::InvalidCredentials) => {
            Err(AppError::field("current_password", PASSWORD_MISMATCH))
        }
        other => other,
    }
}

/// Save Account Information. The names, details and consent are written with the
/// account's version (a change made elsewhere since is a conflict); a new email or
/// password also needs the current password. A new password ends the customer's other
/// sessions. The Change Email / Change Email and Password notice goes to the old and
/// the new address, the Reset Password notice after a password change alone. An
/// admin's save through Login as Customer (`actor`) goes to the action log. Returns the
/// form as saved.
pub async fn save(
    state: &AppState,
    customer: &CustomerPrincipal,
    actor: Option<&Actor>,
    form: &AccountEdit,
) -> Result<AccountInformation, AppError> {
    let id = customer.customer_id;
    let stored = customers::load(&state.db.pool, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let old = stored.input;
    let options = options(state, id, old.website_id).await?;
    let mut form = form.clone();
    if !form.change_email {
        form.email = old.email.clone();
    }
    let errors = form.validate(&options);
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let email = Email::parse(&form.email).map_err(|e| AppError::field("email", e))?;
    let posted = crate::attributes::rules::fold_posted(&options.attributes, &form.custom);
    let custom = crate::attributes::service::check(&options.attributes, &posted)?;
    let email_changed = form.change_email && email.as_str() != old.email;
    if form.changes_credentials() {
        check_current_password(state, id, &form.current_password).await?;
    }
    let hash = match form.change_password {
        true => Some(
            password::hash(form.password.clone())
                .await
                .map_err(AppError::internal)?,
        ),
        false => None,
    };
    let global = state
        .config
        .get(ACCOUNT_SHARE_SCOPE, At::default_scope())
        .await?
        == 0;
    let input = CustomerInput {
        version: form.version,
        prefix: form.prefix.clone(),
        firstname: form.firstname.clone(),
        middlename: form.middlename.clone(),
        lastname: form.lastname.clone(),
        suffix: form.suffix.clone(),
        dob: form.dob.clone(),
        taxvat: form.taxvat.clone(),
        gender: form.gender,
        ..old.clone()
    };

    let mut tx = state.db.begin().await?;
    if email_changed {
        let scope = (!global).then_some(old.website_id);
        if crate::customers::repo::email_taken(&mut tx, email.as_str(), scope, id).await? {
            return Err(AppError::field("email", EMAIL_TAKEN));
        }
    }
    let now = state.clock.now();
    match customers::update(&mut tx, &input, id, email.as_str(), now)
        .await
        .map_err(|e| AppError::unique_as_field(e, "email", EMAIL_TAKEN))?
    {
        Some(_) => {}
        None if customers::exists(&mut tx, id).await? => return Err(AppError::Conflict),
        None => return Err(not_found(id)),
    }
    repo::set_assistance(&mut tx, id, form.assistance).await?;
    if let Some(hash) = &hash {
        repo::set_password(&mut tx, id, &hash.0).await?;
        repo::end_sessions(&mut tx, id, Some(customer.session_id)).await?;
    }
    crate::attributes::service::write(
        &mut tx,
        state,
        &crate::files::service::Uploader::Customer(id),
        EntityType::Customer,
        id,
        &crate::attributes::rules::submitted(&options.attributes, &posted),
        &custom,
    )
    .await?;
    index::refresh_one(&mut tx, id).await?;
    if let Some(actor) = actor {
        // An admin through Login as Customer: the change goes to the action log.
        let after = CustomerInput {
            email: email.as_str().to_string(),
            assistance_allowed: Some(form.assistance),
            ..input.clone()
        };
        let changes = diff(&old.logged_fields(&[]), &after.logged_fields(&[]));
        let entry = NewEntry {
            entity: Entity::Customer,
            entity_id: &id.to_string(),
            item: email.as_str(),
            action: Action::Update,
            customer_id: Some(id),
            changes: &changes,
        };
        action_log::record(&mut tx, actor, entry, now).await?;
    }
    tx.commit().await?;
    tracing::info!(
        customer_id = id,
        email_changed,
        password_changed = hash.is_some(),
        "account information saved"
    );

    let store = super::service::account_store(state, id).await?;
    let name = format!("{} {}", form.firstname.trim(), form.lastname.trim());
    let notices = if email_changed {
        vec![old.email.as_str(), email.as_str()]
    } else if hash.is_some() {
        vec![email.as_str()]
    } else {
        Vec::new()
    };
    for address in notices {
        let to = emails::recipient(state, address, &name, &store);
        let sent = if email_changed {
            emails::send(
                state,
                &to,
                emails::credentials_changed(email.as_str(), hash.is_some()),
            )
            .await
        } else {
            emails::send(state, &to, emails::password_changed()).await
        };
        if let Err(error) = sent {
            tracing::warn!(customer_id = id, %error, "account change notice not sent");
        }
    }
    load(state, customer).await
}
