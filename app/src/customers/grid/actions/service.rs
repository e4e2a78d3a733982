//! Mass actions over a selection, in one transaction, in chunks of ids; inline rows
//! saved one by one.

use super::repo;
use super::{MassAction, RowResult, MAX_INLINE_ROWS};
use crate::action_log::model::Action;
use crate::action_log::repo as action_log_repo;
use crate::action_log::service::{Actor, Bulk};
use crate::config::registry::ACCOUNT_SHARE_SCOPE;
use crate::config::service::At;
use crate::customers::grid::model::{GridQuery, InlineEdit, Selection};
use crate::customers::grid::repo as grid_repo;
use crate::customers::service::save_inline;
use crate::error::AppError;
use crate::i18n::{Key, Message};
use crate::state::AppState;

/// The ids a selection stands for: the listed ids (still matching the filters) or every
/// matching row except the listed ones; by id.
pub async fn selected_ids(
    state: &AppState,
    query: &GridQuery,
    selection: &Selection,
) -> Result<Vec<i64>, AppError> {
    let query = crate::customers::grid::service::check_selection(query, selection)?;
    let custom = crate::customers::grid::service::filterable_attributes(state).await?;
    let plan = grid_repo::search_plan(&state.db.pool, state.db.backend, &query).await?;
    let cond = grid_repo::selection_condition(&query, selection, state.db.backend, &custom, plan);
    Ok(repo::matching_ids(&state.db, &cond).await?)
}

/// Apply `action` to the selection in one transaction; the number of customers.
pub async fn apply(
    state: &AppState,
    actor: &Actor,
    query: &GridQuery,
    selection: &Selection,
    action: MassAction,
) -> Result<u64, AppError> {
    if let MassAction::AssignGroup(group) = action {
        if !repo::assignable_group(&state.db, group).await? {
            return Err(AppError::field("group_id", Key::ErrNoSuchGroup));
        }
    }
    let ids = selected_ids(state, query, selection).await?;
    if ids.is_empty() {
        return Err(AppError::field("selection", Key::ErrNoneLeft));
    }
    let now = state.clock.now();
    // Per-website accounts subscribe on their website's default store view; with global
    // accounts only the default website's store view is used (as in Magento).
    let global = match action {
        MassAction::Subscribe => {
            state
                .config
                .get(ACCOUNT_SHARE_SCOPE, At::default_scope())
                .await?
                == 0
        }
        _ => false,
    };
    let mut tx = state.db.begin().await?;
    // The entries first: they read each customer as it was (email, group).
    let (logged, bulk) = match action {
        MassAction::Delete => (Action::Delete, Bulk::Same(&[])),
        MassAction::AssignGroup(group) => (Action::AssignGroup, Bulk::GroupTo(group)),
        MassAction::Subscribe => (Action::Subscribe, Bulk::Same(&[])),
        MassAction::Unsubscribe => (Action::Unsubscribe, Bulk::Same(&[])),
    };
    action_log_repo::insert_for_customers(&mut tx, actor, logged, &ids, &bulk, now).await?;
    match action {
        MassAction::Delete => repo::delete(&mut tx, &ids).await?,
        MassAction::AssignGroup(group) => repo::assign_group(&mut tx, &ids, group, now).await?,
        MassAction::Subscribe => repo::subscribe(&mut tx, &ids, now, global).await?,
        MassAction::Unsubscribe => repo::unsubscribe(&mut tx, &ids, now).await?,
    }
    tx.commit().await?;
    Ok(ids.len() as u64)
}

/// Save inline rows one by one; a row's failure does not stop the others.
pub async fn save_rows(
    state: &AppState,
    actor: &Actor,
    rows: &[InlineEdit],
) -> Result<Vec<RowResult>, AppError> {
    if rows.is_empty() || rows.len() > MAX_INLINE_ROWS {
        return Err(AppError::field(
            "rows",
            Message::new(Key::ErrInlineRows).with("max", MAX_INLINE_ROWS),
        ));
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let result = match save_inline(state, actor, row).await {
            Ok(()) => RowResult {
                id: row.id,
                errors: Default::default(),
                message: None,
            },
            Err(AppError::Validation { fields }) => RowResult {
                id: row.id,
                errors: fields,
                message: None,
            },
            Err(AppError::Internal) => return Err(AppError::Internal),
            Err(other) => RowResult {
                id: row.id,
                errors: Default::default(),
                message: Some(other),
            },
        };
        out.push(result);
    }
    Ok(out)
}
