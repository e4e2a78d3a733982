//! SQL of the All Customers grid over the grid index.
//!
//! A page costs two statements whatever its size: the exact count and the page itself.
//! Filters, sort and search are typed ([`GridQuery`]); each maps to a fixed SQL fragment
//! with bound values. Pages are found through indexes (`ORDER BY` an indexed column, then
//! the id) in a sub-select that reads only ids, so a deep page does not fetch the rows it
//! skips.

use super::format::parse_date;
use super::model::{
    messages, Column, Dir, Filter, FilterKind, GridQuery, GridRow, Selection, MAX_SELECTED_IDS,
};
use crate::db::{Backend, Db, Row};
use crate::error::AppError;
use sqlx::Row as _;

/// At most this many words of a keyword search are used.
const MAX_SEARCH_WORDS: usize = 16;
/// The deepest page offset accepted (keeps `page × size` far from overflow).
const MAX_OFFSET: u64 = 100_000_000;

/// A value bound to a placeholder.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Int(i64),
    Text(String),
}

/// A `WHERE` condition and its values (placeholders `$1…$n`).
#[derive(Clone, Debug, Default)]
pub struct Condition {
    pub sql: String,
    pub args: Vec<Arg>,
}

impl Condition {
    fn push(&mut self, fragment: &str, args: Vec<Arg>) {
        let mut fragment = fragment.to_string();
        // Fragments use ?1, ?2… for their own values; number them after the ones before.
        for i in (1..=args.len()).rev() {
            fragment = fragment.replace(&format!("?{i}"), &format!("${}", self.args.len() + i));
        }
        if !self.sql.is_empty() {
            self.sql.push_str(" AND ");
        }
        self.sql.push_str(&fragment);
        self.args.extend(args);
    }

    /// Add `entity_id IN (…)` (or `NOT IN` with `negate`) for these ids, numbered after
    /// the values before.
    pub fn push_ids(&mut self, negate: bool, ids: &[i64]) {
        let first = self.args.len() + 1;
        let list: Vec<String> = (first..first + ids.len())
            .map(|i| format!("${i}"))
            .collect();
        let not = if negate { "NOT " } else { "" };
        if !self.sql.is_empty() {
            self.sql.push_str(" AND ");
        }
        self.sql
            .push_str(&format!("entity_id {not}IN ({})", list.join(",")));
        self.args.extend(ids.iter().map(|&id| Arg::Int(id)));
    }

    /// The condition, or a condition that is always true.
    pub fn text(&self) -> &str {
        if self.sql.is_empty() {
            "1 = 1"
        } else {
            &self.sql
        }
    }
}

/// The index column behind a grid column.
pub fn column_sql(column: Column) -> &'static str {
    match column {
        Column::ConfirmedEmail => "confirmation_pending",
        other => other.code(),
    }
}

/// The words of a keyword search, lower-cased: runs of letters and digits, as both
/// full-text indexes split text.
pub fn search_words(search: &str) -> Vec<String> {
    search
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_SEARCH_WORDS)
        .map(str::to_lowercase)
        .collect()
}

/// `%text%` with `\`, `%` and `_` taken literally (used with `ESCAPE '\'`).
pub fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

fn invalid(column: Column, message: &str) -> AppError {
    AppError::field(&format!("f.{}", column.code()), message)
}

/// The condition for the query's search and filters. The query is validated first, on
/// the server, whatever the browser did.
pub fn condition(q: &GridQuery, backend: Backend) -> Result<Condition, AppError> {
    q.validate()
        .map_err(|fields| AppError::Validation { fields })?;
    let mut cond = Condition::default();
    if !q.search.trim().is_empty() {
        let words = search_words(&q.search);
        if words.is_empty() {
            // Only punctuation: no word can match.
            cond.push("1 = 0", vec![]);
        } else {
            match backend {
                Backend::Sqlite => {
                    let expr = words
                        .iter()
                        .map(|w| format!("\"{w}\"*"))
                        .collect::<Vec<_>>()
                        .join(" AND ");
                    cond.push(
                        "entity_id IN (SELECT rowid FROM customer_grid_fts WHERE customer_grid_fts MATCH ?1)",
                        vec![Arg::Text(expr)],
                    );
                }
                Backend::Postgres => {
                    let expr = words
                        .iter()
                        .map(|w| format!("{w}:*"))
                        .collect::<Vec<_>>()
                        .join(" & ");
                    cond.push(
                        "search @@ to_tsquery('simple', clientele_unaccent(?1))",
                        vec![Arg::Text(expr)],
                    );
                }
            }
        }
    }
    for (&column, filter) in &q.filters {
        if filter.is_empty() {
            continue;
        }
        let col = column_sql(column);
        match (column.filter_kind(), filter) {
            (FilterKind::Text, Filter::Text(text)) => {
                let text = text.trim();
                let trigram = backend == Backend::Sqlite
                    && matches!(column, Column::Name | Column::Email)
                    && text.chars().count() >= 3
                    && !text.contains(['%', '_', '\\']);
                if trigram {
                    // The trigram index answers LIKE only without an ESCAPE clause, which
                    // this text does not need.
                    cond.push(
                        &format!(
                            "entity_id IN (SELECT rowid FROM customer_grid_trigram WHERE {col} LIKE ?1)"
                        ),
                        vec![Arg::Text(format!("%{text}%"))],
                    );
                } else {
                    let op = match backend {
                        Backend::Sqlite => "LIKE",
                        Backend::Postgres => "ILIKE",
                    };
                    cond.push(
                        &format!("{col} {op} ?1 ESCAPE '\\'"),
                        vec![Arg::Text(contains_pattern(text))],
                    );
                }
            }
            (FilterKind::IdRange, Filter::Range { from, to }) => {
                if let Some(f) = from {
                    cond.push(&format!("{col} >= ?1"), vec![Arg::Int(*f)]);
                }
                if let Some(t) = to {
                    cond.push(&format!("{col} <= ?1"), vec![Arg::Int(*t)]);
                }
            }
            (FilterKind::DateRange, Filter::Dates { from, to }) => {
                let parse = |v: &Option<String>| -> Result<Option<i64>, AppError> {
                    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                        None => Ok(None),
                        Some(s) => parse_date(s)
                            .map(Some)
                            .ok_or_else(|| invalid(column, messages::BAD_DATE)),
                    }
                };
                let (from, to) = (parse(from)?, parse(to)?);
                if column == Column::CustomerSince {
                    // Whole days, UTC: from 00:00:00 of `from` to 23:59:59 of `to`.
                    if let Some(f) = from {
                        cond.push(&format!("{col} >= ?1"), vec![Arg::Int(f * 86_400)]);
                    }
                    if let Some(t) = to {
                        cond.push(&format!("{col} < ?1"), vec![Arg::Int((t + 1) * 86_400)]);
                    }
                } else {
                    // Dates of birth are stored as YYYY-MM-DD, which sorts as text.
                    let iso = |days: i64| {
                        let (y, m, d) = super::format::civil_from_days(days);
                        format!("{y:04}-{m:02}-{d:02}")
                    };
                    if let Some(f) = from {
                        cond.push(&format!("{col} >= ?1"), vec![Arg::Text(iso(f))]);
                    }
                    if let Some(t) = to {
                        cond.push(&format!("{col} <= ?1"), vec![Arg::Text(iso(t))]);
                    }
                }
            }
            (FilterKind::Select(list), Filter::Select(value)) => {
                let value = value.trim();
                let arg = match list {
                    super::model::OptionList::Countries => Arg::Text(value.to_ascii_uppercase()),
                    _ => Arg::Int(
                        value
                            .parse()
                            .map_err(|_| invalid(column, messages::BAD_OPTION))?,
                    ),
                };
                cond.push(&format!("{col} = ?1"), vec![arg]);
            }
            _ => return Err(invalid(column, messages::BAD_FILTER)),
        }
    }
    Ok(cond)
}

/// `ORDER BY` for the query: the sort column, then the id as a tie-breaker.
fn order_by(q: &GridQuery) -> String {
    let dir = match q.dir {
        Dir::Asc => "ASC",
        Dir::Desc => "DESC",
    };
    match q.sort {
        Column::Id => format!("entity_id {dir}"),
        other => format!("{} {dir}, entity_id {dir}", column_sql(other)),
    }
}

/// The rows a selection stands for: the search and filters, narrowed to the listed ids
/// or to every matching row but the listed ones.
pub fn selection_condition(
    q: &GridQuery,
    selection: &Selection,
    backend: Backend,
) -> Result<Condition, AppError> {
    let refuse = |message: String| Err(AppError::field("selection", message));
    let mut cond = condition(q, backend)?;
    match selection {
        Selection::Ids(ids) if ids.is_empty() => {
            return refuse("Select at least one customer.".into())
        }
        Selection::Ids(ids) if ids.len() > MAX_SELECTED_IDS => {
            return refuse(format!(
                "Select at most {MAX_SELECTED_IDS} customers one by one, or use Select All."
            ))
        }
        Selection::Ids(ids) => cond.push_ids(false, ids),
        Selection::AllMatching { except } if except.len() > MAX_SELECTED_IDS => {
            return refuse(format!(
                "Leave out at most {MAX_SELECTED_IDS} customers from Select All."
            ))
        }
        Selection::AllMatching { except } if !except.is_empty() => cond.push_ids(true, except),
        Selection::AllMatching { .. } => {}
    }
    Ok(cond)
}

/// Bind a condition's values to `query`, in order.
pub fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    args: &'q [Arg],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for arg in args {
        query = match arg {
            Arg::Int(v) => query.bind(*v),
            Arg::Text(v) => query.bind(v.as_str()),
        };
    }
    query
}

/// The exact number of rows matching the search and filters.
pub async fn count(db: &Db, cond: &Condition) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM customer_grid_flat WHERE {}",
        cond.text()
    );
    let row = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), &cond.args)
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get::<i64, _>("n")?.max(0) as u64)
}

/// Every column of the index the grid reads.
const ROW_COLUMNS: &str = "entity_id, name, email, group_id, created_at, website_id,
    confirmation_pending, created_in, dob, gender, taxvat, lock_expires, billing_full,
    billing_firstname, billing_lastname, billing_telephone, billing_postcode,
    billing_country_id, billing_region, billing_street, billing_city, billing_fax,
    billing_vat_id, billing_company, shipping_full";

/// One page of rows (`page` is 1-based).
pub async fn page(
    db: &Db,
    q: &GridQuery,
    cond: &Condition,
    page: u32,
) -> Result<Vec<GridRow>, sqlx::Error> {
    let size = u64::from(q.size.max(1));
    let offset = (u64::from(page.max(1)) - 1)
        .saturating_mul(size)
        .min(MAX_OFFSET);
    let order = order_by(q);
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM customer_grid_flat WHERE entity_id IN (
             SELECT entity_id FROM customer_grid_flat WHERE {}
             ORDER BY {order} LIMIT {size} OFFSET {offset})
         ORDER BY {order}",
        cond.text()
    );
    let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), &cond.args)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(row_from).collect()
}

/// Rows in sort order, `batch` at a time, for exports: keyset pages after the last id,
/// so memory stays flat however many rows match. `next` continues after `after`.
pub async fn rows_after(
    db: &Db,
    cond: &Condition,
    after: i64,
    batch: u32,
) -> Result<Vec<GridRow>, sqlx::Error> {
    let n = cond.args.len() + 1;
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM customer_grid_flat WHERE {} AND entity_id > ${n}
         ORDER BY entity_id LIMIT {batch}",
        cond.text()
    );
    let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), &cond.args)
        .bind(after)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(row_from).collect()
}

fn row_from(r: &Row) -> Result<GridRow, sqlx::Error> {
    Ok(GridRow {
        id: r.try_get("entity_id")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        group_id: r.try_get("group_id")?,
        created_at: r.try_get("created_at")?,
        website_id: r.try_get("website_id")?,
        confirmation_pending: r.try_get::<i64, _>("confirmation_pending")? != 0,
        created_in: r.try_get("created_in")?,
        dob: r.try_get("dob")?,
        gender: r.try_get("gender")?,
        taxvat: r.try_get("taxvat")?,
        lock_expires: r.try_get("lock_expires")?,
        billing_full: r.try_get("billing_full")?,
        billing_firstname: r.try_get("billing_firstname")?,
        billing_lastname: r.try_get("billing_lastname")?,
        billing_telephone: r.try_get("billing_telephone")?,
        billing_postcode: r.try_get("billing_postcode")?,
        billing_country_id: r.try_get("billing_country_id")?,
        billing_region: r.try_get("billing_region")?,
        billing_street: r.try_get("billing_street")?,
        billing_city: r.try_get("billing_city")?,
        billing_fax: r.try_get("billing_fax")?,
        billing_vat_id: r.try_get("billing_vat_id")?,
        billing_company: r.try_get("billing_company")?,
        shipping_full: r.try_get("shipping_full")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn search_splits_into_lower_case_words() {
        assert_eq!(
            search_words("  O'Brien, JOHN.smith@Example.com +1 (555)"),
            vec!["o", "brien", "john", "smith", "example", "com", "1", "555"]
        );
        assert!(search_words("%%% '\"").is_empty());
    }

    #[test]
    fn fragments_number_their_placeholders_after_earlier_ones() {
        let mut c = Condition::default();
        c.push("a = ?1", vec![Arg::Int(1)]);
        c.push("b BETWEEN ?1 AND ?2", vec![Arg::Int(2), Arg::Int(3)]);
        assert_eq!(c.sql, "a = $1 AND b BETWEEN $2 AND $3");
    }
}
