//! Mass actions over a selection, in one transaction, in chunks of ids; inline rows
//! saved one by one.

use super::{MassAction, RowResult, MAX_INLINE_ROWS};
use crate::config::registry::ACCOUNT_SHARE_SCOPE;
use crate::config::service::At;
use crate::customers::edit::repo::{SUBSCRIBED, UNSUBSCRIBED};
use crate::customers::grid::model::{GridQuery, InlineEdit, Selection};
use crate::customers::grid::repo;
use crate::customers::service::save_inline;
use crate::db::Tx;
use crate::error::AppError;
use crate::i18n::{Key, Message};
use crate::state::AppState;
use sqlx::Row;

/// Ids handled per statement.
const CHUNK: usize = 500;

/// The ids a selection stands for: the listed ids (still matching the filters) or every
/// matching row except the listed ones; by id.
pub async fn selected_ids(
    state: &AppState,
    query: &GridQuery,
    selection: &Selection,
) -> Result<Vec<i64>, AppError> {
    let cond = repo::selection_condition(query, selection, state.db.backend)?;
    let sql = format!(
        "SELECT entity_id FROM customer_grid_flat WHERE {} ORDER BY entity_id",
        cond.text()
    );
    let q = repo::bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), &cond.args);
    let rows = q.fetch_all(&state.db.pool).await?;
    rows.iter()
        .map(|r| r.try_get("entity_id").map_err(AppError::from))
        .collect()
}

/// `$first, $first+1, …` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Run `sql` (with `{ids}` standing for the id list after `leading` values) per chunk.
async fn per_chunk(
    tx: &mut Tx<'_>,
    sql: &str,
    leading: &[i64],
    ids: &[i64],
) -> Result<(), sqlx::Error> {
    for chunk in ids.chunks(CHUNK) {
        let text = sql.replace("{ids}", &placeholders(leading.len() + 1, chunk.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(text));
        for v in leading.iter().chain(chunk) {
            q = q.bind(*v);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Apply `action` to the selection in one transaction; the number of customers.
pub async fn apply(
    state: &AppState,
    query: &GridQuery,
    selection: &Selection,
    action: MassAction,
) -> Result<u64, AppError> {
    if let MassAction::AssignGroup(group) = action {
        let exists = sqlx::query(
            "SELECT customer_group_id FROM customer_groups WHERE customer_group_id = $1 AND customer_group_id > 0",
        )
        .bind(group)
        .fetch_optional(&state.db.pool)
        .await?
        .is_some();
        if !exists {
            return Err(AppError::field("group_id", Key::ErrNoSuchGroup));
        }
    }
    let ids = selected_ids(state, query, selection).await?;
    if ids.is_empty() {
        return Err(AppError::field("selection", Key::ErrNoneLeft));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    match action {
        MassAction::Delete => {
            per_chunk(
                &mut tx,
                "DELETE FROM customer_entity WHERE entity_id IN ({ids})",
                &[],
                &ids,
            )
            .await?;
        }
        MassAction::AssignGroup(group) => {
            per_chunk(
                &mut tx,
                "UPDATE customer_entity SET group_id = $1, updated_at = $2, version = version + 1
                 WHERE entity_id IN ({ids})",
                &[group, now],
                &ids,
            )
            .await?;
            per_chunk(
                &mut tx,
                "UPDATE customer_grid_flat SET group_id = $1 WHERE entity_id IN ({ids})",
                &[group],
                &ids,
            )
            .await?;
        }
        MassAction::Subscribe => {
            // Per-website accounts subscribe on their website's default store view; with
            // global accounts only the default website's store view is used (as in Magento).
            let global = state
                .config
                .get(ACCOUNT_SHARE_SCOPE, At::default_scope())
                .await?
                == 0;
            per_chunk(
                &mut tx,
                "INSERT INTO newsletter_subscriber (store_id, customer_id, subscriber_email,
                     subscriber_status, change_status_at)
                 SELECT g.default_store_id, c.entity_id, c.email, $1, $2
                 FROM customer_entity c
                 JOIN websites w ON w.website_id = CASE WHEN $3 = 1
                     THEN (SELECT MIN(website_id) FROM websites WHERE is_default = 1)
                     ELSE c.website_id END
                 JOIN store_groups g ON g.group_id = w.default_group_id
                 WHERE c.entity_id IN ({ids})
                 ON CONFLICT (customer_id, store_id) DO UPDATE SET
                     subscriber_status = excluded.subscriber_status,
                     change_status_at = excluded.change_status_at",
                &[SUBSCRIBED, now, i64::from(global)],
                &ids,
            )
            .await?;
        }
        MassAction::Unsubscribe => {
            per_chunk(
                &mut tx,
                "UPDATE newsletter_subscriber SET subscriber_status = $1, change_status_at = $2
                 WHERE subscriber_status <> $1 AND customer_id IN ({ids})",
                &[UNSUBSCRIBED, now],
                &ids,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(ids.len() as u64)
}

/// Save inline rows one by one; a row's failure does not stop the others.
pub async fn save_rows(state: &AppState, rows: &[InlineEdit]) -> Result<Vec<RowResult>, AppError> {
    if rows.is_empty() || rows.len() > MAX_INLINE_ROWS {
        return Err(AppError::field(
            "rows",
            Message::new(Key::ErrInlineRows).with("max", MAX_INLINE_ROWS),
        ));
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let result = match save_inline(state, row).await {
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
