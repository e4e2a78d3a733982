//! The admin action log: who does a change ([`Actor`]), which fields changed
//! ([`diff`]), the entries written by every admin write in its own transaction, the
//! System → Action Log grid and a customer's History, the CSV export and the purge
//! after the configured lifetime.

use super::model::{ActionColumn, ActionPage, ActionQuery, Change};
use super::repo;
use crate::config::registry::ACTION_LOG_LIFETIME;
use crate::config::service::At;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::ui::grid::state::ValidQuery;

pub use super::actor::Actor;
pub use repo::{Bulk, NewEntry};

/// An entity's recorded fields and their values (empty: not set).
pub type Fields = super::model::Fields;

/// Never recorded, whatever a caller passes: secrets and their hashes.
fn secret(field: &str) -> bool {
    ["password", "token", "secret", "hash"]
        .iter()
        .any(|s| field.contains(s))
}

/// The fields whose value differs between `before` and `after` (a created entity has
/// no `before`, a deleted one no `after`); empty values are absent ones.
pub fn diff(before: &[(&'static str, String)], after: &[(&'static str, String)]) -> Vec<Change> {
    let value = |fields: &[(&'static str, String)], name: &str| {
        fields
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let mut names: Vec<&'static str> = before.iter().chain(after).map(|(f, _)| *f).collect();
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    names
        .into_iter()
        .filter(|n| !secret(n))
        .filter_map(|name| {
            let (b, a) = (value(before, name), value(after, name));
            (b != a).then(|| Change {
                field: name.to_string(),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// Write `entry` in the transaction that makes the change.
pub async fn record(
    tx: &mut crate::db::Tx<'_>,
    actor: &Actor,
    entry: NewEntry<'_>,
    now: i64,
) -> Result<(), AppError> {
    Ok(repo::insert(tx, actor, &entry, now).await?)
}

fn checked(query: &ActionQuery) -> Result<ValidQuery<ActionColumn>, AppError> {
    query
        .validated()
        .map_err(|fields| AppError::Validation { fields })
}

/// One page of the log (of customer `customer`'s entries when given).
pub async fn page(
    state: &AppState,
    query: &ActionQuery,
    customer: Option<i64>,
) -> Result<ActionPage, AppError> {
    let q = checked(query)?;
    Ok(ActionPage {
        rows: repo::page(&state.db, &q, customer).await?,
        total: repo::count(&state.db, &q, customer).await?,
        page: q.page,
        ..names(state).await?
    })
}

/// No rows: the names of the groups and websites whose ids entries record, and the
/// labels admins gave system fields.
async fn names(state: &AppState) -> Result<ActionPage, AppError> {
    use crate::attributes::{model::EntityType, repo::all_system_overrides, system::form_labels};
    let mut overrides = {
        let mut conn = state.db.pool.acquire().await?;
        all_system_overrides(&mut conn).await?
    };
    let mut labels = |entity| form_labels(&overrides.remove(&entity).unwrap_or_default(), None);
    Ok(ActionPage {
        customer_labels: labels(EntityType::Customer),
        address_labels: labels(EntityType::Address),
        groups: crate::groups::repo::list(&state.db)
            .await?
            .into_iter()
            .map(|g| (g.id, g.code))
            .collect(),
        websites: crate::stores::repo::list_websites(&state.db).await?,
        tax_classes: crate::groups::repo::tax_classes(&state.db).await?,
        ..ActionPage::default()
    })
}

/// Delete entries older than Log Entry Lifetime (days); how many.
pub async fn purge(state: &AppState) -> Result<u64, AppError> {
    let days = state
        .config
        .get(ACTION_LOG_LIFETIME, At::default_scope())
        .await?
        .max(1);
    Ok(repo::purge(&state.db, state.clock.now() - days * 86_400).await?)
}

/// The matching entries as CSV (the visible columns, headers in `locale`).
pub async fn export_csv(
    state: &AppState,
    query: &ActionQuery,
    locale: Locale,
) -> Result<String, AppError> {
    let q = checked(query)?;
    let names = names(state).await?;
    let total = repo::count(&state.db, &q, None).await?;
    let db = &state.db;
    crate::ui::grid::download::csv(
        &query.columns,
        locale,
        total,
        |page, size| {
            let mut q = q.clone();
            q.page = page;
            q.size = size;
            async move { Ok(repo::page(db, &q, None).await?) }
        },
        |row, column| names.cell(row, column, locale),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_recorded_and_secrets_never() {
        let before: Fields = vec![
            ("firstname", "Ada".into()),
            ("lastname", "Byron".into()),
            ("dob", String::new()),
        ];
        let after: Fields = vec![
            ("firstname", "Ada".into()),
            ("lastname", "Lovelace".into()),
            ("dob", "1815-12-10".into()),
            ("password_hash", "x".into()),
        ];
        let changes = diff(&before, &after);
        assert_eq!(
            changes,
            vec![
                Change {
                    field: "lastname".into(),
                    before: Some("Byron".into()),
                    after: Some("Lovelace".into()),
                },
                Change {
                    field: "dob".into(),
                    before: None,
                    after: Some("1815-12-10".into()),
                },
            ]
        );
        // A created entity records its set fields; a deleted one what it had.
        assert_eq!(diff(&[], &before).len(), 2);
        assert_eq!(diff(&before, &[])[0].after, None);
    }
}
