//! SQL of the admin action log: entries written in the caller's transaction (one, or
//! one per customer of a mass action), the grid's pages and the purge.

use super::actor::Actor;
use super::model::{Action, ActionColumn, ActionRow, Change, Entity, ASSISTED_FIELD};
use crate::db::sql::Sql;
use crate::db::{Db, Row, Tx};
use crate::ui::grid::state::{Dir, ValidFilter, ValidQuery};
use sqlx::Row as _;

/// Ids per statement of a mass action's entries.
const CHUNK: usize = 500;

/// One entry as it is written.
pub struct NewEntry<'a> {
    pub entity: Entity,
    pub entity_id: &'a str,
    pub item: &'a str,
    pub action: Action,
    pub customer_id: Option<i64>,
    pub changes: &'a [Change],
}

/// Write one entry (in the transaction that makes the change).
pub async fn insert(
    tx: &mut Tx<'_>,
    actor: &Actor,
    entry: &NewEntry<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    // A change made through Login as Customer names that session first.
    let assisted = actor.assisting.map(|log_id| Change {
        field: ASSISTED_FIELD.to_string(),
        before: None,
        after: Some(log_id.to_string()),
    });
    let changes: Vec<&Change> = assisted.iter().chain(entry.changes).collect();
    let changes = serde_json::to_string(&changes).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO admin_action_log
             (logged_at, admin_id, admin_name, ip, entity, entity_id, item, action, customer_id,
              changes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(now)
    .bind(actor.admin_id)
    .bind(actor.name.as_str())
    .bind(actor.ip.as_str())
    .bind(entry.entity.code())
    .bind(entry.entity_id)
    .bind(entry.item)
    .bind(entry.action.code())
    .bind(entry.customer_id)
    .bind(changes)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What each customer's entry of a mass action records as changed.
pub enum Bulk<'a> {
    /// The same changes for every customer.
    Same(&'a [Change]),
    /// The group moves to this one (the entry keeps each customer's group before);
    /// customers already in it get no entry (nothing changes for them).
    GroupTo(i64),
}

/// Write one entry per customer of `ids` (before the change, so the entries see the
/// customers as they were: their email, their group).
pub async fn insert_for_customers(
    tx: &mut Tx<'_>,
    actor: &Actor,
    action: Action,
    ids: &[i64],
    bulk: &Bulk<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    for chunk in ids.chunks(CHUNK) {
        let mut sql = Sql::new(
            "INSERT INTO admin_action_log
                 (logged_at, admin_id, admin_name, ip, entity, entity_id, item, action,
                  customer_id, changes)
             SELECT ",
        );
        sql.push_bind(now).push(", ");
        match actor.admin_id {
            Some(id) => sql.push_bind(id),
            None => sql.push("NULL"),
        };
        sql.push(", ")
            .push_bind(actor.name.as_str())
            .push(", ")
            .push_bind(actor.ip.as_str())
            .push(", ")
            .push_bind(Entity::Customer.code())
            .push(", CAST(c.entity_id AS TEXT), c.email, ")
            .push_bind(action.code())
            .push(", c.entity_id, ");
        match bulk {
            Bulk::Same(changes) => {
                let json = serde_json::to_string(changes).unwrap_or_else(|_| "[]".into());
                sql.push_bind(json);
            }
            Bulk::GroupTo(group) => {
                // Ids only: the JSON needs no escaping.
                sql.push(
                    "'[{\"field\":\"group_id\",\"before\":\"' || CAST(c.group_id AS TEXT) || ",
                )
                .push_bind(format!("\",\"after\":\"{group}\"}}]"));
            }
        }
        sql.push(" FROM customer_entity c WHERE c.entity_id IN (")
            .push_binds(chunk.iter().copied())
            .push(")");
        if let Bulk::GroupTo(group) = bulk {
            sql.push(" AND c.group_id <> ").push_bind(*group);
        }
        sql.query().execute(&mut **tx).await?;
    }
    Ok(())
}

fn column_sql(column: ActionColumn) -> &'static str {
    match column {
        ActionColumn::Id => "log_id",
        ActionColumn::Time => "logged_at",
        ActionColumn::AdminName => "LOWER(admin_name)",
        ActionColumn::Ip => "ip",
        ActionColumn::Entity => "entity",
        ActionColumn::EntityId => "entity_id",
        ActionColumn::Item => "LOWER(item)",
        ActionColumn::Action => "action",
        ActionColumn::Changes => "log_id",
    }
}

fn condition(q: &ValidQuery<ActionColumn>, customer: Option<i64>) -> Sql {
    let mut sql = Sql::new(" WHERE 1 = 1");
    if let Some(id) = customer {
        sql.push(" AND customer_id = ").push_bind(id);
    }
    if !q.search.trim().is_empty() {
        sql.and_any_contains(
            &["LOWER(admin_name)", "LOWER(item)", "LOWER(changes)"],
            &q.search,
        );
    }
    for (column, filter) in &q.filters {
        let col = column_sql(*column);
        match (column, filter) {
            (_, ValidFilter::Ids { from, to }) => {
                sql.and_between(col, *from, *to);
            }
            (ActionColumn::Ip | ActionColumn::EntityId, ValidFilter::Contains(text)) => {
                sql.and_any_contains(&[&format!("LOWER({col})")], text);
            }
            (_, ValidFilter::Contains(text)) => {
                sql.and_any_contains(&[col], text);
            }
            (_, ValidFilter::Days { from, to }) => {
                sql.and_days(col, *from, *to);
            }
            (ActionColumn::Entity, ValidFilter::Id(id)) => match Entity::from_id(*id) {
                Some(e) => {
                    sql.push(" AND entity = ").push_bind(e.code());
                }
                None => {
                    sql.push(" AND 1 = 0");
                }
            },
            (ActionColumn::Action, ValidFilter::Id(id)) => match Action::from_id(*id) {
                Some(a) => {
                    sql.push(" AND action = ").push_bind(a.code());
                }
                None => {
                    sql.push(" AND 1 = 0");
                }
            },
            _ => {
                sql.push(" AND 1 = 0");
            }
        }
    }
    sql
}

/// How many entries match (of one customer's when `customer` is given).
pub async fn count(
    db: &Db,
    q: &ValidQuery<ActionColumn>,
    customer: Option<i64>,
) -> Result<u64, sqlx::Error> {
    let cond = condition(q, customer);
    let text = format!("SELECT COUNT(*) AS n FROM admin_action_log{}", cond.text());
    let n: i64 = crate::db::sql::bind(sqlx::query(sqlx::AssertSqlSafe(text)), cond.values())
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok(n.max(0) as u64)
}

/// One page in the asked order, then by entry.
pub async fn page(
    db: &Db,
    q: &ValidQuery<ActionColumn>,
    customer: Option<i64>,
) -> Result<Vec<ActionRow>, sqlx::Error> {
    let cond = condition(q, customer);
    let dir = if q.dir == Dir::Desc { "DESC" } else { "ASC" };
    let text = format!(
        "SELECT log_id, logged_at, admin_id, admin_name, ip, entity, entity_id, item, action,
                customer_id, changes
         FROM admin_action_log{}
         ORDER BY {} {dir}, log_id {dir} LIMIT {} OFFSET {}",
        cond.text(),
        column_sql(q.sort),
        q.size,
        q.offset(),
    );
    let rows = crate::db::sql::bind(sqlx::query(sqlx::AssertSqlSafe(text)), cond.values())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(row).collect()
}

fn row(r: &Row) -> Result<ActionRow, sqlx::Error> {
    let entity: String = r.try_get("entity")?;
    let action: String = r.try_get("action")?;
    let changes: String = r.try_get("changes")?;
    Ok(ActionRow {
        id: r.try_get("log_id")?,
        at: r.try_get("logged_at")?,
        admin_id: r.try_get("admin_id")?,
        admin_name: r.try_get("admin_name")?,
        ip: r.try_get("ip")?,
        entity: Entity::from_code(&entity),
        entity_id: r.try_get("entity_id")?,
        item: r.try_get("item")?,
        action: Action::from_code(&action),
        customer_id: r.try_get("customer_id")?,
        changes: serde_json::from_str(&changes).unwrap_or_default(),
    })
}

/// Delete entries logged before `before`; how many.
pub async fn purge(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM admin_action_log WHERE logged_at < $1")
        .bind(before)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}
