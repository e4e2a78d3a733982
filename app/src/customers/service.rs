//! Customer writes: validation on the server, then one transaction for the record and
//! its grid row.

use super::grid::index;
use super::grid::model::InlineEdit;
use super::repo::{self, GridFields};
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
pub async fn save_inline(state: &AppState, edit: &InlineEdit) -> Result<(), AppError> {
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
    let updated = repo::update_grid_fields(&mut tx, &fields)
        .await
        .map_err(|e| AppError::unique_as_field(e, "email", EMAIL_TAKEN))?;
    if !updated {
        return Err(AppError::not_found(Key::CustomerNumbered, edit.id));
    }
    index::refresh_one(&mut tx, edit.id).await?;
    tx.commit().await?;
    Ok(())
}
