//! SQL for Now Online: the visitor upsert, the grid over the online window, the purge.

use super::model::{OnlineColumn, OnlineRow, TYPE_CUSTOMER, TYPE_VISITOR};
use crate::db::sql::Sql;
use crate::db::{Backend, Db, Row};
use crate::ui::grid::state::{Dir, ValidFilter, ValidQuery};
use sqlx::Row as _;

/// One visitor's activity: who (the visitor cookie, the customer signed in, if any),
/// where (website, page) and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    pub visitor_key: String,
    pub customer_id: Option<i64>,
    pub website_id: i64,
    /// The storefront page (path and query); empty keeps the one recorded before.
    pub url: String,
    pub at: i64,
}

/// Record `activity`: one statement, a new row for a new visitor, else the row brought
/// up to date. A late write never moves Last Activity back (several server processes
/// may write one visitor's rows out of order).
pub async fn record<'e, E>(executor: E, activity: &Activity) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO customer_visitor
             (visitor_key, customer_id, website_id, first_visit_at, last_visit_at, last_url)
         VALUES ($1, $2, $3, $4, $4, $5)
         ON CONFLICT (visitor_key) DO UPDATE SET
             customer_id = excluded.customer_id,
             website_id = excluded.website_id,
             last_visit_at = CASE WHEN excluded.last_visit_at > customer_visitor.last_visit_at
                 THEN excluded.last_visit_at ELSE customer_visitor.last_visit_at END,
             last_url = CASE WHEN excluded.last_url = ''
                 THEN customer_visitor.last_url ELSE excluded.last_url END",
    )
    .bind(&activity.visitor_key)
    .bind(activity.customer_id)
    .bind(activity.website_id)
    .bind(activity.at)
    .bind(&activity.url)
    .execute(executor)
    .await?;
    Ok(())
}

/// Delete the rows last active before `before` (and, on PostgreSQL, the per-minute
/// counters left empty before it); how many rows.
pub async fn purge(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let gone = sqlx::query("DELETE FROM customer_visitor WHERE last_visit_at < $1")
        .bind(before)
        .execute(&db.pool)
        .await?
        .rows_affected();
    if db.backend == Backend::Postgres {
        sqlx::query("DELETE FROM customer_visitor_count WHERE minute <= $1 AND visitors = 0")
            .bind(before.div_euclid(60))
            .execute(&db.pool)
            .await?;
    }
    Ok(gone)
}

/// Is customer `id` active since `since` (in any browser)?
pub async fn customer_active_since(db: &Db, id: i64, since: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 AS one FROM customer_visitor WHERE customer_id = $1 AND last_visit_at >= $2
         LIMIT 1",
    )
    .bind(id)
    .bind(since)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// Customers (not visitors) active since `since`, each counted once.
pub async fn customers_active_since(db: &Db, since: i64) -> Result<u64, sqlx::Error> {
    let n: i64 = sqlx::query(
        "SELECT COUNT(DISTINCT customer_id) AS n FROM customer_visitor
         WHERE last_visit_at >= $1 AND customer_id IS NOT NULL",
    )
    .bind(since)
    .fetch_one(&db.pool)
    .await?
    .try_get("n")?;
    Ok(n.max(0) as u64)
}

fn column_sql(column: OnlineColumn) -> &'static str {
    match column {
        OnlineColumn::CustomerId => "v.customer_id",
        OnlineColumn::FirstName => "LOWER(c.firstname)",
        OnlineColumn::LastName => "LOWER(c.lastname)",
        OnlineColumn::Email => "LOWER(c.email)",
        OnlineColumn::LastActivity => "v.last_visit_at",
        OnlineColumn::Type => "(CASE WHEN v.customer_id IS NULL THEN 2 ELSE 1 END)",
        OnlineColumn::Website => "LOWER(w.name)",
        OnlineColumn::Group => "LOWER(g.code)",
        OnlineColumn::LastUrl => "v.last_url",
    }
}

/// Does the query read the customer's own columns (so counting needs the join)?
fn reads_customer(q: &ValidQuery<OnlineColumn>) -> bool {
    !q.search.trim().is_empty()
        || q.filters.iter().any(|(column, _)| {
            matches!(
                column,
                OnlineColumn::FirstName
                    | OnlineColumn::LastName
                    | OnlineColumn::Email
                    | OnlineColumn::Group
            )
        })
}

/// Add the grid's WHERE clause to `sql`: the online window, the keyword search (name,
/// email, page), then the filters.
fn condition(sql: &mut Sql, q: &ValidQuery<OnlineColumn>, since: i64) {
    sql.push(" WHERE v.last_visit_at >= ").push_bind(since);
    if !q.search.trim().is_empty() {
        sql.and_any_contains(
            &[
                "LOWER(c.firstname)",
                "LOWER(c.lastname)",
                "LOWER(c.email)",
                "LOWER(v.last_url)",
            ],
            &q.search,
        );
    }
    for (column, filter) in &q.filters {
        match (column, filter) {
            (OnlineColumn::CustomerId, ValidFilter::Ids { from, to }) => {
                sql.and_between("v.customer_id", *from, *to);
            }
            (
                OnlineColumn::FirstName
                | OnlineColumn::LastName
                | OnlineColumn::Email
                | OnlineColumn::LastUrl,
                ValidFilter::Contains(text),
            ) => {
                let col = match column {
                    OnlineColumn::FirstName => "LOWER(c.firstname)",
                    OnlineColumn::LastName => "LOWER(c.lastname)",
                    OnlineColumn::Email => "LOWER(c.email)",
                    _ => "LOWER(v.last_url)",
                };
                sql.and_any_contains(&[col], text);
            }
            (OnlineColumn::LastActivity, ValidFilter::Days { from, to }) => {
                // Whole days, UTC, as the customers grid's dates.
                sql.and_days("v.last_visit_at", *from, *to);
            }
            (OnlineColumn::Type, ValidFilter::Id(TYPE_CUSTOMER)) => {
                sql.push(" AND v.customer_id IS NOT NULL");
            }
            (OnlineColumn::Type, ValidFilter::Id(TYPE_VISITOR)) => {
                sql.push(" AND v.customer_id IS NULL");
            }
            (OnlineColumn::Website, ValidFilter::Id(id)) => {
                sql.push(" AND v.website_id = ").push_bind(*id);
            }
            (OnlineColumn::Group, ValidFilter::Id(id)) => {
                sql.push(" AND c.group_id = ").push_bind(*id);
            }
            // An unknown type, or a filter of another kind (`validated` prevents it).
            _ => {
                sql.push(" AND 1 = 0");
            }
        }
    }
}

const CUSTOMER_JOIN: &str = " LEFT JOIN customer_entity c ON c.entity_id = v.customer_id";

/// How many customers and visitors match, active since `since`.
///
/// On PostgreSQL, with no filter beyond type and website, from the per-minute counters
/// (migration 0020) for the window's whole minutes and the rows of its first minute;
/// otherwise (and on SQLite, whose covering index answers quickly) row by row.
pub async fn count(db: &Db, q: &ValidQuery<OnlineColumn>, since: i64) -> Result<u64, sqlx::Error> {
    let sql = match counters(q) {
        Some((kind, website)) if db.backend == Backend::Postgres => {
            // Minute m holds the visitors last active in [60m, 60m + 60).
            let next_minute = since.div_euclid(60) + 1;
            let mut sql = Sql::new(
                "SELECT CAST((SELECT COALESCE(SUM(visitors), 0) FROM customer_visitor_count
                    WHERE minute >= ",
            );
            sql.push_bind(next_minute);
            if let Some(id) = website {
                sql.push(" AND website_id = ").push_bind(id);
            }
            match kind {
                Some(true) => sql.push(" AND is_customer"),
                Some(false) => sql.push(" AND NOT is_customer"),
                None => &mut sql,
            };
            sql.push(") AS BIGINT) + (SELECT COUNT(*) FROM customer_visitor v");
            condition(&mut sql, q, since);
            sql.push(" AND v.last_visit_at < ")
                .push_bind(next_minute * 60)
                .push(") AS n");
            sql
        }
        _ => {
            let join = if reads_customer(q) { CUSTOMER_JOIN } else { "" };
            let mut sql = Sql::new(&format!(
                "SELECT COUNT(*) AS n FROM customer_visitor v{join}"
            ));
            condition(&mut sql, q, since);
            sql
        }
    };
    let n: i64 = sql.query().fetch_one(&db.pool).await?.try_get("n")?;
    Ok(n.max(0) as u64)
}

/// The per-minute counters' keys a query filters on (customers or visitors only, one
/// website), or `None` when it filters or searches on anything they do not keep.
fn counters(q: &ValidQuery<OnlineColumn>) -> Option<(Option<bool>, Option<i64>)> {
    if !q.search.trim().is_empty() {
        return None;
    }
    let (mut kind, mut website) = (None, None);
    for (column, filter) in &q.filters {
        match (column, filter) {
            (OnlineColumn::Type, ValidFilter::Id(TYPE_CUSTOMER)) => kind = Some(true),
            (OnlineColumn::Type, ValidFilter::Id(TYPE_VISITOR)) => kind = Some(false),
            (OnlineColumn::Website, ValidFilter::Id(id)) => website = Some(*id),
            _ => return None,
        }
    }
    Some((kind, website))
}

/// One page, in the asked order, then by visitor. Empty values (a visitor's name) come
/// first in ascending order on both databases, as in Magento.
pub async fn page(
    db: &Db,
    q: &ValidQuery<OnlineColumn>,
    since: i64,
) -> Result<Vec<OnlineRow>, sqlx::Error> {
    let mut cond = Sql::new("");
    condition(&mut cond, q, since);
    // Last Activity is never empty: no NULLS clause, so PostgreSQL reads it in index
    // order either way (DESC NULLS LAST would make it sort the whole window).
    let (dir, nulls) = match (q.dir, q.sort == OnlineColumn::LastActivity) {
        (Dir::Desc, false) => ("DESC", "NULLS LAST"),
        (Dir::Asc, false) => ("ASC", "NULLS FIRST"),
        (Dir::Desc, true) => ("DESC", ""),
        (Dir::Asc, true) => ("ASC", ""),
    };
    let text = format!(
        "SELECT v.visitor_id, v.customer_id, c.firstname, c.lastname, c.email, g.code AS group_code,
                v.last_visit_at, w.name AS website, v.last_url
         FROM customer_visitor v{CUSTOMER_JOIN}
         LEFT JOIN customer_groups g ON g.customer_group_id = c.group_id
         LEFT JOIN websites w ON w.website_id = v.website_id{}
         ORDER BY {} {dir} {nulls}, v.visitor_id {dir} LIMIT {} OFFSET {}",
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

fn row(r: &Row) -> Result<OnlineRow, sqlx::Error> {
    let text = |name: &str| -> Result<String, sqlx::Error> {
        Ok(r.try_get::<Option<String>, _>(name)?.unwrap_or_default())
    };
    Ok(OnlineRow {
        visitor_id: r.try_get("visitor_id")?,
        customer_id: r.try_get("customer_id")?,
        firstname: text("firstname")?,
        lastname: text("lastname")?,
        email: text("email")?,
        group: text("group_code")?,
        last_visit_at: r.try_get("last_visit_at")?,
        website: text("website")?,
        last_url: text("last_url")?,
    })
}
