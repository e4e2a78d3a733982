//! The custom attribute definitions as grids and forms read them: from memory
//! ([`super::cache`]) while the configuration's version stamp has not moved, else from
//! the database. Apart from [`super::service`] (which writes them, with the action log),
//! so that reading them needs nothing but the database and the app state.

use super::model::{AttributeInput, EntityType, FieldDef, UsedInForm};
use super::repo;
use crate::state::AppState;
use std::sync::Arc;

/// The attributes of `entity` as forms show them ([`repo::fields`]), as kept: read again
/// only when the version stamp has moved (after it, so what is kept is at least as new
/// as the version it is kept under).
pub async fn fields(
    state: &AppState,
    entity: EntityType,
    form: Option<UsedInForm>,
    store: Option<i64>,
) -> Result<Arc<Vec<FieldDef>>, sqlx::Error> {
    let version = state.config.snapshot().await?.version();
    let key = (entity, form, store);
    if let Some(fields) = state.attribute_defs.fields_at(version, &key) {
        return Ok(fields);
    }
    let fields = Arc::new(repo::fields(&state.db, entity, form, store).await?);
    state
        .attribute_defs
        .keep_fields(version, key, fields.clone());
    Ok(fields)
}

/// Every custom attribute of `entity` (without labels, options and forms), by sort
/// order then code ([`repo::list`]), as kept (as [`fields`]).
pub async fn list(
    state: &AppState,
    entity: EntityType,
) -> Result<Arc<Vec<AttributeInput>>, sqlx::Error> {
    let version = state.config.snapshot().await?.version();
    if let Some(list) = state.attribute_defs.list_at(version, entity) {
        return Ok(list);
    }
    let list = Arc::new(repo::list(&state.db, entity).await?);
    state
        .attribute_defs
        .keep_list(version, entity, list.clone());
    Ok(list)
}
