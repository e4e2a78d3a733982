//! SQL for customer groups and customer tax classes.

use super::model::{CustomerGroupRow, GroupColumn, GroupInput};
use crate::db::sql::Sql;
use crate::db::{Db, Tx};
use crate::ui::grid::state::{Dir, ValidFilter, ValidQuery};
use sqlx::Row;

/// Every customer group with its tax class name, by id.
pub async fn list(db: &Db) -> Result<Vec<CustomerGroupRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT g.customer_group_id, g.code, t.class_name
         FROM customer_groups g JOIN tax_classes t ON t.class_id = g.tax_class_id
         ORDER BY g.customer_group_id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(row).collect()
}

fn row(r: &crate::db::Row) -> Result<CustomerGroupRow, sqlx::Error> {
    Ok(CustomerGroupRow {
        id: r.try_get("customer_group_id")?,
        code: r.try_get("code")?,
        tax_class: r.try_get("class_name")?,
    })
}

fn column_sql(column: GroupColumn) -> &'static str {
    match column {
        GroupColumn::Id => "g.customer_group_id",
        GroupColumn::Code => "LOWER(g.code)",
        GroupColumn::TaxClass => "LOWER(t.class_name)",
    }
}

/// The grid's WHERE clause: keyword search over name and tax class, then the filters.
fn condition(q: &ValidQuery<GroupColumn>) -> Sql {
    let mut sql = Sql::new(" WHERE 1 = 1");
    if !q.search.trim().is_empty() {
        sql.and_any_contains(&["LOWER(g.code)", "LOWER(t.class_name)"], &q.search);
    }
    for (column, filter) in &q.filters {
        match (column, filter) {
            (GroupColumn::Id, ValidFilter::Ids { from, to }) => {
                if let Some(from) = from {
                    sql.push(" AND g.customer_group_id >= ").push_bind(*from);
                }
                if let Some(to) = to {
                    sql.push(" AND g.customer_group_id <= ").push_bind(*to);
                }
            }
            (GroupColumn::Code, ValidFilter::Contains(text)) => {
                sql.and_any_contains(&["LOWER(g.code)"], text);
            }
            (GroupColumn::TaxClass, ValidFilter::Id(id)) => {
                sql.push(" AND g.tax_class_id = ").push_bind(*id);
            }
            // `validated` gives each column only its own kind of filter.
            _ => {
                sql.push(" AND 1 = 0");
            }
        }
    }
    sql
}

const FROM: &str = " FROM customer_groups g JOIN tax_classes t ON t.class_id = g.tax_class_id";

/// How many groups match the grid's search and filters.
pub async fn count(db: &Db, q: &ValidQuery<GroupColumn>) -> Result<u64, sqlx::Error> {
    let cond = condition(q);
    let text = format!("SELECT COUNT(*) AS n{FROM}{}", cond.text());
    let n: i64 = crate::db::sql::bind(sqlx::query(sqlx::AssertSqlSafe(text)), cond.values())
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok(n.max(0) as u64)
}

/// One page of the grid, in the asked order (then by id).
pub async fn page(
    db: &Db,
    q: &ValidQuery<GroupColumn>,
) -> Result<Vec<CustomerGroupRow>, sqlx::Error> {
    let cond = condition(q);
    let dir = if q.dir == Dir::Desc { "DESC" } else { "ASC" };
    let text = format!(
        "SELECT g.customer_group_id, g.code, t.class_name{FROM}{}
         ORDER BY {} {dir}, g.customer_group_id {dir} LIMIT {} OFFSET {}",
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

/// One group with its excluded websites.
pub async fn load(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<GroupInput>, sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT customer_group_id, code, tax_class_id FROM customer_groups
         WHERE customer_group_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let excluded = sqlx::query(
        "SELECT website_id FROM customer_group_excluded_websites
         WHERE customer_group_id = $1 ORDER BY website_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get("website_id"))
    .collect::<Result<Vec<i64>, _>>()?;
    Ok(Some(GroupInput {
        id: Some(r.try_get("customer_group_id")?),
        code: r.try_get("code")?,
        tax_class_id: r.try_get("tax_class_id")?,
        excluded_websites: excluded,
    }))
}

/// Lock group `id` until the transaction ends (PostgreSQL; see [`crate::db::for_update`]).
pub async fn lock(
    tx: &mut Tx<'_>,
    id: i64,
    backend: crate::db::Backend,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "SELECT customer_group_id FROM customer_groups WHERE customer_group_id = $1{}",
        crate::db::for_update(backend)
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(())
}

/// The code of group `id`, read in the writing transaction.
pub async fn code_of(tx: &mut Tx<'_>, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT code FROM customer_groups WHERE customer_group_id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| r.try_get("code"))
        .transpose()
}

/// Is `code` used by another group (compared without case, as Magento's database does)?
pub async fn code_taken(
    tx: &mut Tx<'_>,
    code: &str,
    except: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT 1 AS one FROM customer_groups
         WHERE LOWER(code) = LOWER($1) AND customer_group_id <> $2",
    )
    .bind(code)
    .bind(except.unwrap_or(-1))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.is_some())
}

/// Insert a group; its new id.
pub async fn insert(tx: &mut Tx<'_>, g: &GroupInput) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_groups (code, tax_class_id) VALUES ($1, $2)
         RETURNING customer_group_id",
    )
    .bind(g.code.trim())
    .bind(g.tax_class_id)
    .fetch_one(&mut **tx)
    .await?
    .try_get("customer_group_id")
}

/// Update a group's name and tax class.
pub async fn update(tx: &mut Tx<'_>, id: i64, g: &GroupInput) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE customer_groups SET code = $1, tax_class_id = $2 WHERE customer_group_id = $3",
    )
    .bind(g.code.trim())
    .bind(g.tax_class_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Replace a group's excluded websites.
pub async fn set_excluded(tx: &mut Tx<'_>, id: i64, websites: &[i64]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM customer_group_excluded_websites WHERE customer_group_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for website in websites {
        sqlx::query(
            "INSERT INTO customer_group_excluded_websites (customer_group_id, website_id)
             VALUES ($1, $2)",
        )
        .bind(id)
        .bind(website)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// How many customers are in group `id`.
pub async fn customers_in(db: &Db, id: i64) -> Result<u64, sqlx::Error> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM customer_entity WHERE group_id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok(n.max(0) as u64)
}

/// The websites that have customers in group `id`.
pub async fn websites_with_customers_in(tx: &mut Tx<'_>, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query("SELECT DISTINCT website_id FROM customer_entity WHERE group_id = $1")
        .bind(id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get("website_id"))
        .collect()
}

/// Move group `from`'s customers of `website` to group `to`, in the customers and in the
/// grid index; how many moved.
pub async fn move_customers(
    tx: &mut Tx<'_>,
    from: i64,
    website: i64,
    to: i64,
) -> Result<u64, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE customer_entity SET group_id = $1 WHERE group_id = $2 AND website_id = $3",
    )
    .bind(to)
    .bind(from)
    .bind(website)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    sqlx::query(
        "UPDATE customer_grid_flat SET group_id = $1 WHERE group_id = $2 AND website_id = $3",
    )
    .bind(to)
    .bind(from)
    .bind(website)
    .execute(&mut **tx)
    .await?;
    Ok(moved)
}

/// Delete a group (its exclusions go with it).
pub async fn delete(tx: &mut Tx<'_>, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM customer_group_excluded_websites WHERE customer_group_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let done = sqlx::query("DELETE FROM customer_groups WHERE customer_group_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The customer tax classes as `(id, name)`, by name.
pub async fn tax_classes(db: &Db) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT class_id, class_name FROM tax_classes WHERE class_type = 'CUSTOMER'
         ORDER BY LOWER(class_name), class_id",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("class_id")?, r.try_get("class_name")?)))
    .collect()
}

/// Is `id` a customer tax class?
pub async fn is_customer_tax_class(tx: &mut Tx<'_>, id: i64) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT 1 AS one FROM tax_classes WHERE class_id = $1 AND class_type = 'CUSTOMER'",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.is_some())
}

/// Is a customer tax class named `name` (without case), other than `except`?
pub async fn tax_class_taken(
    tx: &mut Tx<'_>,
    name: &str,
    except: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT 1 AS one FROM tax_classes
         WHERE class_type = 'CUSTOMER' AND LOWER(class_name) = LOWER($1) AND class_id <> $2",
    )
    .bind(name)
    .bind(except.unwrap_or(-1))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.is_some())
}

/// Add a customer tax class; its id.
pub async fn insert_tax_class(tx: &mut Tx<'_>, name: &str) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO tax_classes (class_name, class_type) VALUES ($1, 'CUSTOMER')
         RETURNING class_id",
    )
    .bind(name)
    .fetch_one(&mut **tx)
    .await?
    .try_get("class_id")
}

/// Rename a customer tax class.
/// The name of customer tax class `id`, read in the caller's transaction.
pub async fn tax_class_name(tx: &mut Tx<'_>, id: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT class_name FROM tax_classes WHERE class_id = $1 AND class_type = 'CUSTOMER'",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get("class_name")).transpose()
}

pub async fn rename_tax_class(tx: &mut Tx<'_>, id: i64, name: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE tax_classes SET class_name = $1 WHERE class_id = $2 AND class_type = 'CUSTOMER'",
    )
    .bind(name)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}
