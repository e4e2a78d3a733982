//! SQL for Login as Customer: the one-time secrets, the log, and the sessions an admin
//! opened as a customer.

use super::model::{LogColumn, LogRow, Outcome};
use crate::db::sql::Sql;
use crate::db::{Db, Row, Tx};
use crate::ui::grid::state::{Dir, ValidFilter, ValidQuery};
use sqlx::Row as _;

/// One attempt, as the log records it.
#[derive(Clone, Debug, Default)]
pub struct NewEntry {
    pub customer_id: Option<i64>,
    pub customer_email: String,
    pub admin_id: Option<i64>,
    pub admin_name: String,
    pub reason: String,
    pub store_id: Option<i64>,
}

/// Write a log entry; its id.
pub async fn insert_log(
    tx: &mut Tx<'_>,
    entry: &NewEntry,
    outcome: Outcome,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_as_customer_log
             (customer_id, customer_email, admin_id, admin_name, reason, store_id, created_at, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING log_id",
    )
    .bind(entry.customer_id)
    .bind(&entry.customer_email)
    .bind(entry.admin_id)
    .bind(&entry.admin_name)
    .bind(&entry.reason)
    .bind(entry.store_id)
    .bind(now)
    .bind(outcome.code())
    .fetch_one(&mut **tx)
    .await?
    .try_get("log_id")
}

/// The admin (id, `None` once deleted, and name) behind log entry `log_id`.
pub async fn admin_of(db: &Db, log_id: i64) -> Result<Option<(Option<i64>, String)>, sqlx::Error> {
    sqlx::query("SELECT admin_id, admin_name FROM login_as_customer_log WHERE log_id = $1")
        .bind(log_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| Ok((r.try_get("admin_id")?, r.try_get("admin_name")?)))
        .transpose()
}

/// The admin's browser is now signed in as the customer.
pub async fn mark_signed_in(tx: &mut Tx<'_>, log_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE login_as_customer_log SET outcome = 'signed_in', logged_in_at = $2
         WHERE log_id = $1",
    )
    .bind(log_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Replace the admin's earlier secrets by a new one.
#[allow(clippy::too_many_arguments)]
pub async fn replace_secret(
    tx: &mut Tx<'_>,
    secret_hash: &str,
    admin_id: i64,
    customer_id: i64,
    store_id: i64,
    log_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_as_customer_secret WHERE admin_id = $1 OR expires_at < $2")
        .bind(admin_id)
        // Secrets past their life for a day are of no use, not even to say "expired".
        .bind(now - 86_400)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO login_as_customer_secret
             (secret_hash, admin_id, customer_id, store_id, log_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(secret_hash)
    .bind(admin_id)
    .bind(customer_id)
    .bind(store_id)
    .bind(log_id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A secret as stored.
#[derive(Clone, Debug)]
pub struct Secret {
    pub admin_id: i64,
    pub customer_id: i64,
    pub store_id: i64,
    pub log_id: i64,
    pub expires_at: i64,
    pub used: bool,
    pub reason: String,
}

pub async fn find_secret(
    tx: &mut Tx<'_>,
    secret_hash: &str,
) -> Result<Option<Secret>, sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT s.admin_id, s.customer_id, s.store_id, s.log_id, s.expires_at, s.used_at, l.reason
         FROM login_as_customer_secret s
         JOIN login_as_customer_log l ON l.log_id = s.log_id
         WHERE s.secret_hash = $1",
    )
    .bind(secret_hash)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(Secret {
        admin_id: r.try_get("admin_id")?,
        customer_id: r.try_get("customer_id")?,
        store_id: r.try_get("store_id")?,
        log_id: r.try_get("log_id")?,
        expires_at: r.try_get("expires_at")?,
        used: r.try_get::<Option<i64>, _>("used_at")?.is_some(),
        reason: r.try_get("reason")?,
    }))
}

/// Use the secret; false when it was used already (by a concurrent request too).
pub async fn use_secret(tx: &mut Tx<'_>, secret_hash: &str, now: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE login_as_customer_secret SET used_at = $2
         WHERE secret_hash = $1 AND used_at IS NULL",
    )
    .bind(secret_hash)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Mark the customer session of `session_token_hash` as opened by the admin session
/// `admin_session` (log entry `log_id`): it ends with the admin's session.
pub async fn mark_session(
    tx: &mut Tx<'_>,
    session_token_hash: &str,
    admin_session: i64,
    log_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET assisted_by_session = $2, assist_log_id = $3 WHERE token_hash = $1",
    )
    .bind(session_token_hash)
    .bind(admin_session)
    .bind(log_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// End one Login as Customer session.
pub async fn delete_session(tx: &mut Tx<'_>, session_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Note the end of the sessions of log entries `log_ids` (once).
pub async fn mark_ended(tx: &mut Tx<'_>, log_ids: &[i64], now: i64) -> Result<(), sqlx::Error> {
    for id in log_ids {
        sqlx::query(
            "UPDATE login_as_customer_log SET outcome = 'ended', ended_at = $2
             WHERE log_id = $1 AND ended_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// End every customer session the admin session `admin_session` opened.
pub async fn end_sessions_of_admin(
    tx: &mut Tx<'_>,
    admin_session: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let logs: Vec<i64> = sqlx::query(
        "SELECT assist_log_id FROM sessions
         WHERE assisted_by_session = $1 AND assist_log_id IS NOT NULL",
    )
    .bind(admin_session)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.try_get("assist_log_id"))
    .collect::<Result<_, _>>()?;
    sqlx::query("DELETE FROM sessions WHERE assisted_by_session = $1")
        .bind(admin_session)
        .execute(&mut **tx)
        .await?;
    mark_ended(tx, &logs, now).await
}

/// Is admin session `id` alive at `now` with an idle limit of `idle` seconds?
pub async fn admin_session_alive(
    db: &Db,
    id: i64,
    idle: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 AS one FROM sessions
         WHERE session_id = $1 AND kind = 'admin' AND expires_at > $2 AND last_seen_at + $3 > $2",
    )
    .bind(id)
    .bind(now)
    .bind(idle)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

fn column_sql(column: LogColumn) -> &'static str {
    match column {
        LogColumn::Id => "log_id",
        LogColumn::CustomerId => "customer_id",
        LogColumn::CustomerEmail => "LOWER(customer_email)",
        LogColumn::AdminId => "admin_id",
        LogColumn::AdminName => "LOWER(admin_name)",
        LogColumn::Reason => "LOWER(reason)",
        LogColumn::LoggedIn => "logged_in_at",
        LogColumn::Ended => "ended_at",
        LogColumn::Result => "outcome",
    }
}

fn condition(q: &ValidQuery<LogColumn>) -> Sql {
    let mut sql = Sql::new(" WHERE 1 = 1");
    if !q.search.trim().is_empty() {
        sql.and_any_contains(
            &[
                "LOWER(customer_email)",
                "LOWER(admin_name)",
                "LOWER(reason)",
            ],
            &q.search,
        );
    }
    for (column, filter) in &q.filters {
        let col = column_sql(*column);
        match filter {
            ValidFilter::Ids { from, to } => {
                sql.and_between(col, *from, *to);
            }
            ValidFilter::Contains(text) => {
                sql.and_any_contains(&[col], text);
            }
            ValidFilter::Days { from, to } => {
                sql.and_days(col, *from, *to);
            }
            _ => {
                sql.push(" AND 1 = 0");
            }
        }
    }
    sql
}

pub async fn count(db: &Db, q: &ValidQuery<LogColumn>) -> Result<u64, sqlx::Error> {
    let cond = condition(q);
    let text = format!(
        "SELECT COUNT(*) AS n FROM login_as_customer_log{}",
        cond.text()
    );
    let n: i64 = crate::db::sql::bind(sqlx::query(sqlx::AssertSqlSafe(text)), cond.values())
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok(n.max(0) as u64)
}

pub async fn page(db: &Db, q: &ValidQuery<LogColumn>) -> Result<Vec<LogRow>, sqlx::Error> {
    let cond = condition(q);
    let (dir, nulls) = if q.dir == Dir::Desc {
        ("DESC", "NULLS LAST")
    } else {
        ("ASC", "NULLS FIRST")
    };
    let text = format!(
        "SELECT log_id, customer_id, customer_email, admin_id, admin_name, reason, logged_in_at,
                ended_at, outcome
         FROM login_as_customer_log{}
         ORDER BY {} {dir} {nulls}, log_id {dir} LIMIT {} OFFSET {}",
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

fn row(r: &Row) -> Result<LogRow, sqlx::Error> {
    let outcome: String = r.try_get("outcome")?;
    Ok(LogRow {
        id: r.try_get("log_id")?,
        customer_id: r.try_get("customer_id")?,
        customer_email: r.try_get("customer_email")?,
        admin_id: r.try_get("admin_id")?,
        admin_name: r.try_get("admin_name")?,
        reason: r.try_get("reason")?,
        logged_in_at: r.try_get("logged_in_at")?,
        ended_at: r.try_get("ended_at")?,
        outcome: Outcome::from_code(&outcome).unwrap_or(Outcome::Refused),
    })
}
