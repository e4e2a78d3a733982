//! SQL for `core_config_data` and `config_version`.

use crate::db::{Db, Tx};
use sqlx::Row;

/// One stored value.
#[derive(Debug, Clone)]
pub struct ConfigRow {
    pub scope: String,
    pub scope_id: i64,
    pub path: String,
    pub value: String,
}

impl sqlx::FromRow<'_, sqlx::any::AnyRow> for ConfigRow {
    fn from_row(row: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            scope: row.try_get("scope")?,
            scope_id: row.try_get("scope_id")?,
            path: row.try_get("path")?,
            value: row.try_get("value")?,
        })
    }
}

/// The current version stamp.
pub async fn version(db: &Db) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT version FROM config_version WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    row.try_get("version")
}

/// Every stored value, with the version they belong to (read in one transaction).
pub async fn load_all(db: &Db) -> Result<(i64, Vec<ConfigRow>), sqlx::Error> {
    let mut tx = db.begin().await?;
    let version: i64 = sqlx::query("SELECT version FROM config_version WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?
        .try_get("version")?;
    let rows =
        sqlx::query_as::<_, ConfigRow>("SELECT scope, scope_id, path, value FROM core_config_data")
            .fetch_all(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok((version, rows))
}

/// Every stored value, read in the caller's transaction.
pub async fn rows_in(tx: &mut Tx<'_>) -> Result<Vec<ConfigRow>, sqlx::Error> {
    sqlx::query_as::<_, ConfigRow>("SELECT scope, scope_id, path, value FROM core_config_data")
        .fetch_all(&mut **tx)
        .await
}

/// Insert or replace one value.
pub async fn upsert(
    tx: &mut Tx<'_>,
    scope: &str,
    scope_id: i64,
    path: &str,
    value: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO core_config_data (scope, scope_id, path, value, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (scope, scope_id, path)
         DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(scope)
    .bind(scope_id)
    .bind(path)
    .bind(value)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Remove one value so the scope inherits again. Returns whether a row was removed.
pub async fn delete(
    tx: &mut Tx<'_>,
    scope: &str,
    scope_id: i64,
    path: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM core_config_data WHERE scope = $1 AND scope_id = $2 AND path = $3",
    )
    .bind(scope)
    .bind(scope_id)
    .bind(path)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Mark every cached copy of the configuration stale.
pub async fn bump_version(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE config_version SET version = version + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Does some email have accounts on more than one website?
pub async fn email_on_several_websites(tx: &mut Tx<'_>) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT email FROM customer_entity GROUP BY email
         HAVING COUNT(DISTINCT website_id) > 1 LIMIT 1",
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.is_some())
}

/// The value stored exactly at one scope, if any (read inside the writing transaction).
pub async fn stored(
    tx: &mut Tx<'_>,
    scope: &str,
    scope_id: i64,
    path: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT value FROM core_config_data WHERE scope = $1 AND scope_id = $2 AND path = $3",
    )
    .bind(scope)
    .bind(scope_id)
    .bind(path)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get("value")).transpose()
}

/// Is there a customer group with this id?
pub async fn group_exists(
    tx: &mut Tx<'_>,
    id: i64,
    backend: crate::db::Backend,
) -> Result<bool, sqlx::Error> {
    // Locked for the rest of the transaction on PostgreSQL: a delete of the group waits
    // for this save to end, then sees the group named in the configuration.
    let sql = format!(
        "SELECT 1 AS one FROM customer_groups WHERE customer_group_id = $1{}",
        crate::db::for_share(backend)
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.is_some())
}

/// Whether email template `id` exists and replaces the account email `orig_code`.
pub async fn email_template_fits(
    tx: &mut Tx<'_>,
    id: i64,
    orig_code: &str,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT 1 AS one FROM email_template WHERE template_id = $1 AND orig_code = $2",
    )
    .bind(id)
    .bind(orig_code)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.is_some())
}

/// One entry of the configuration change log.
pub struct LoggedChange<'a> {
    pub admin_id: Option<i64>,
    pub admin_username: &'a str,
    pub scope: &'a str,
    pub scope_id: i64,
    pub path: &'a str,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub at: i64,
}

/// Record one change (in the transaction that makes it).
pub async fn log_change(tx: &mut Tx<'_>, c: LoggedChange<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO config_change_log
             (admin_id, admin_username, scope, scope_id, path, old_value, new_value, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(c.admin_id)
    .bind(c.admin_username)
    .bind(c.scope)
    .bind(c.scope_id)
    .bind(c.path)
    .bind(c.old_value)
    .bind(c.new_value)
    .bind(c.at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
