//! Customer writes: validation on the server, then one transaction for the record and
//! its grid row.

use super::edit::repo as edit_repo;
use super::grid::index;
use super::grid::model::InlineEdit;
use super::model::CustomerInput;
use super::repo::{self, GridFields};
use crate::action_log::model::{Action, Entity};
use crate::action_log::service::{self as action_log, diff, Actor, NewEntry};
use crate::config::registry::ACCOUNT_SHARE_SCOPE;
use crate::config::service::At;
use crate::customers::domain::Email;
use crate::error::AppError;
use crate::i18n::Key;
use crate::state::AppState;

/// Magento's message for a taken email (unique per website, or store-wide when accounts
/// are shared globally).
pub const EMAIL_TAKEN: Key = Key::ErrEmailTakenAdmin;

/// Save one row's inline edit.
pub async fn save_inline(
    state: &AppState,
    actor: &Actor,
    edit: &InlineEdit,
) -> Result<(), AppError> {
    edit.validate()
        .map_err(|fields| AppError::Validation { fields })?;
    let email = Email::parse(&edit.email).map_err(|e| AppError::field("email", e))?;
    let global = state
        .config
        .get(ACCOUNT_SHARE_SCOPE, At::default_scope())
        .await?
        == 0;
    let taxvat = edit.taxvat.trim();
    let mut tx = state.db.begin().await?;
    let (group_ok, website_ok) =
        repo::group_and_website_exist(&mut tx, edit.group_id, edit.website_id).await?;
    if !group_ok {
        return Err(AppError::field("group_id", Key::ErrNoSuchGroup));
    }
    if !website_ok {
        return Err(AppError::field("website_id", Key::ErrNoSuchWebsite));
    }
    let scope = (!global).then_some(edit.website_id);
    if repo::email_taken(&mut tx, email.as_str(), scope, edit.id).await? {
        return Err(AppError::field("email", EMAIL_TAKEN));
    }
    let fields = GridFields {
        id: edit.id,
        email: email.as_str(),
        group_id: edit.group_id,
        website_id: edit.website_id,
        taxvat: (!taxvat.is_empty()).then_some(taxvat),
        gender: edit.gender,
        now: state.clock.now(),
    };
    let stored = edit_repo::load(&mut *tx, edit.id)
        .await?
        .ok_or_else(|| AppError::not_found(Key::CustomerNumbered, edit.id))?;
    let updated = repo::update_grid_fields(&mut tx, &fields)
        .await
        .map_err(|e| AppError::unique_as_field(e, "email", EMAIL_TAKEN))?;
    if !updated {
        return Err(AppError::not_found(Key::CustomerNumbered, edit.id));
    }
    index::refresh_one(&mut tx, edit.id).await?;
    let after = CustomerInput {
        email: email.as_str().to_string(),
        group_id: edit.group_id,
        website_id: edit.website_id,
        taxvat: taxvat.to_string(),
        gender: edit.gender,
        ..stored.input.clone()
    };
    let changes = diff(&stored.input.logged_fields(&[]), &after.logged_fields(&[]));
    let entry = NewEntry {
        entity: Entity::Customer,
        entity_id: &edit.id.to_string(),
        item: email.as_str(),
        action: Action::Update,
        customer_id: Some(edit.id),
        changes: &changes,
    };
    action_log::record(&mut tx, actor, entry, fields.now).await?;
    tx.commit().await?;
    Ok(())
}
