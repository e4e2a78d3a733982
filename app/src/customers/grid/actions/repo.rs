//! SQL of the grid's mass actions: the ids a selection stands for, and each action over
//! a list of ids, in chunks, inside the caller's transaction.

use crate::customers::edit::repo::{SUBSCRIBED, UNSUBSCRIBED};
use crate::customers::grid::repo::Condition;
use crate::db::sql::bind;
use crate::db::{Db, Sql, Tx};
use sqlx::Row;

/// Ids handled per statement.
const CHUNK: usize = 500;

/// The ids of the grid rows matching `cond`, by id.
pub async fn matching_ids(db: &Db, cond: &Condition) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!(
        "SELECT entity_id FROM customer_grid_flat WHERE {} ORDER BY entity_id",
        cond.text()
    );
    let rows = bind(sqlx::query(sqlx::AssertSqlSafe(sql)), cond.values())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| r.try_get("entity_id")).collect()
}

/// Whether `group` is a group a customer can be assigned to (not NOT LOGGED IN).
pub async fn assignable_group(db: &Db, group: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT customer_group_id FROM customer_groups
         WHERE customer_group_id = $1 AND customer_group_id > 0",
    )
    .bind(group)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// Delete the customers (their addresses, sessions and index rows go with them).
pub async fn delete(tx: &mut Tx<'_>, ids: &[i64]) -> Result<(), sqlx::Error> {
    per_chunk(tx, ids, |chunk| {
        let mut sql = Sql::new("DELETE FROM customer_entity WHERE entity_id IN (");
        sql.push_binds(chunk.iter().copied()).push(")");
        sql
    })
    .await
}

/// Move the customers to `group`, in the entity and the grid index.
pub async fn assign_group(
    tx: &mut Tx<'_>,
    ids: &[i64],
    group: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    per_chunk(tx, ids, |chunk| {
        let mut sql = Sql::new("UPDATE customer_entity SET group_id = ");
        sql.push_bind(group)
            .push(", updated_at = ")
            .push_bind(now)
            .push(", version = version + 1 WHERE entity_id IN (")
            .push_binds(chunk.iter().copied())
            .push(")");
        sql
    })
    .await?;
    per_chunk(tx, ids, |chunk| {
        let mut sql = Sql::new("UPDATE customer_grid_flat SET group_id = ");
        sql.push_bind(group)
            .push(" WHERE entity_id IN (")
            .push_binds(chunk.iter().copied())
            .push(")");
        sql
    })
    .await
}

/// Subscribe the customers to the newsletter of their website's default store view (the
/// default website's when accounts are `global`).
pub async fn subscribe(
    tx: &mut Tx<'_>,
    ids: &[i64],
    now: i64,
    global: bool,
) -> Result<(), sqlx::Error> {
    per_chunk(tx, ids, |chunk| {
        let mut sql = Sql::new(
            "INSERT INTO newsletter_subscriber (store_id, customer_id, subscriber_email,
                 subscriber_status, change_status_at)
             SELECT g.default_store_id, c.entity_id, c.email, ",
        );
        sql.push_bind(SUBSCRIBED)
            .push(", ")
            .push_bind(now)
            .push(" FROM customer_entity c JOIN websites w ON w.website_id = CASE WHEN ")
            .push_bind(i64::from(global))
            .push(
                " = 1 THEN (SELECT MIN(website_id) FROM websites WHERE is_default = 1)
                 ELSE c.website_id END
                 JOIN store_groups g ON g.group_id = w.default_group_id
                 WHERE c.entity_id IN (",
            )
            .push_binds(chunk.iter().copied())
            .push(
                ") ON CONFLICT (customer_id, store_id) DO UPDATE SET
                     subscriber_status = excluded.subscriber_status,
                     change_status_at = excluded.change_status_at",
            );
        sql
    })
    .await
}

/// Unsubscribe the customers from every newsletter they are subscribed to.
pub async fn unsubscribe(tx: &mut Tx<'_>, ids: &[i64], now: i64) -> Result<(), sqlx::Error> {
    per_chunk(tx, ids, |chunk| {
        let mut sql = Sql::new("UPDATE newsletter_subscriber SET subscriber_status = ");
        sql.push_bind(UNSUBSCRIBED)
            .push(", change_status_at = ")
            .push_bind(now)
            .push(" WHERE subscriber_status <> ")
            .push_bind(UNSUBSCRIBED)
            .push(" AND customer_id IN (")
            .push_binds(chunk.iter().copied())
            .push(")");
        sql
    })
    .await
}

/// Run the statement `statement` makes for each chunk of `ids`.
async fn per_chunk(
    tx: &mut Tx<'_>,
    ids: &[i64],
    statement: impl Fn(&[i64]) -> Sql,
) -> Result<(), sqlx::Error> {
    for chunk in ids.chunks(CHUNK) {
        statement(chunk).query().execute(&mut **tx).await?;
    }
    Ok(())
}
