//! SQLite's full-text indexes of the grid, built during a bulk load in a scratch file
//! beside the store's, on the core the load leaves idle, and put in place at its end
//! ([`super::index::resume_after_bulk_load_with`]).
//!
//! SQLite writes one file from one connection at a time, and a bulk load sets the
//! full-text triggers aside: rebuilt in place after the load, the two indexes took a
//! single core 15 + 9 s at a million customers, after a load that had kept only 1.3 of
//! the two cores busy. Here a connection of its own indexes each batch of grid rows once
//! the load has committed it, into a file it alone writes, reading the store's file
//! attached beside it (never writing it). It keeps a copy of the values it indexed for
//! each customer.
//!
//! The store may change meanwhile (a shopper signs up, an admin edits a customer the
//! load added). So at the end, in the write transaction that puts the indexes in place
//! (nothing else commits until it does), the grid rows are compared with the copy:
//! a customer whose row is gone or differs is taken out of the indexes with the values
//! indexed for them, and any row not indexed yet is added. Then each index's tables
//! (FTS5's `_data`, `_idx`, `_docsize`: pages of bytes, nothing to split into words
//! again) replace the store's.
//!
//! FTS5 keeps what it last read of an index's structure per connection, and reads it
//! again only once another connection has committed (`PRAGMA data_version`). So that
//! transaction runs on a connection of its own ([`crate::db::Db::own_connection`]),
//! closed after it: every other connection sees its commit and reads the new index.

use super::settle::optimize_sql;
use crate::db::Db;
use sqlx::{Connection as _, Executor as _, Row as _};
use std::path::PathBuf;

/// The grid's full-text indexes (migrations 0003 and 0030): external-content indexes
/// of the grid table, keyed by the customer's id.
const INDEXES: [&str; 2] = ["customer_grid_fts", "customer_grid_trigram"];

/// The table they index, and its key.
const CONTENT: (&str, &str) = ("customer_grid_flat", "entity_id");

/// A build under way.
pub struct FullTextBuild {
    file: PathBuf,
    /// The columns indexed (of either index), quoted, in the copy's order.
    columns: Vec<String>,
    /// Each index's own columns, quoted.
    index_columns: Vec<(&'static str, Vec<String>)>,
    ranges: Option<tokio::sync::mpsc::UnboundedSender<(i64, i64)>>,
    task: Option<tokio::task::JoinHandle<Result<(), sqlx::Error>>>,
}

impl FullTextBuild {
    /// Start a build beside the store's file: the scratch file made afresh with both
    /// indexes as the store defines them, before this returns (the rebuild attaches it).
    pub async fn start(db: &Db) -> Result<FullTextBuild, sqlx::Error> {
        let store: String =
            sqlx::query("SELECT file FROM pragma_database_list WHERE name = 'main'")
                .fetch_one(&db.pool)
                .await?
                .try_get("file")?;
        if store.is_empty() {
            return Err(sqlx::Error::Configuration(
                "a bulk load needs the store in a file, not in memory".into(),
            ));
        }
        let file = PathBuf::from(format!("{store}-full-text-build"));
        let _ = std::fs::remove_file(&file);
        use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
        // No journal: a build that fails is thrown away.
        let options = SqliteConnectOptions::new()
            .filename(&file)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Off)
            .synchronous(SqliteSynchronous::Off)
            .pragma("cache_size", "-65536");
        let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
        sqlx::query("ATTACH $1 AS store")
            .bind(store)
            .execute(&mut conn)
            .await?;
        let mut columns: Vec<String> = Vec::new();
        let mut index_columns = Vec::new();
        for index in INDEXES {
            let definition: String = sqlx::query(
                "SELECT sql FROM store.sqlite_master WHERE type = 'table' AND name = $1",
            )
            .bind(index)
            .fetch_one(&mut conn)
            .await?
            .try_get("sql")?;
            conn.execute(sqlx::AssertSqlSafe(definition)).await?;
            let own: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info($1, 'main')")
                .bind(index)
                .fetch_all(&mut conn)
                .await?
                .iter()
                .map(|row| row.try_get::<String, _>("name").map(|n| format!("\"{n}\"")))
                .collect::<Result<_, _>>()?;
            for column in &own {
                if !columns.contains(column) {
                    columns.push(column.clone());
                }
            }
            index_columns.push((index, own));
        }
        conn.execute(sqlx::AssertSqlSafe(format!(
            "CREATE TABLE indexed ({} INTEGER PRIMARY KEY, {})",
            CONTENT.1,
            columns.join(", ")
        )))
        .await?;
        let (ranges, received) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(build(
            conn,
            received,
            columns.clone(),
            index_columns.clone(),
        ));
        Ok(FullTextBuild {
            file,
            columns,
            index_columns,
            ranges: Some(ranges),
            task: Some(task),
        })
    }

    /// Index the grid rows of customers `first..=last`, as committed when the build
    /// reaches them.
    pub fn add(&self, first: i64, last: i64) {
        if let Some(ranges) = &self.ranges {
            let _ = ranges.send((first, last));
        }
    }

    /// The scratch file, to attach before the write transaction that finishes the build.
    pub(super) fn file(&self) -> String {
        self.file.to_string_lossy().into_owned()
    }

    /// In the write transaction on `conn` (the scratch file attached as `schema`): wait
    /// for the rows given so far, index what changed in the store meanwhile, and
    /// replace the store's indexes with the built ones.
    pub(super) async fn finish(
        &mut self,
        conn: &mut sqlx::AnyConnection,
        schema: &str,
    ) -> Result<(), sqlx::Error> {
        self.ranges = None;
        if let Some(task) = self.task.take() {
            task.await
                .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))??;
        }
        let (content, key) = CONTENT;
        let columns = self.columns.join(", ");
        let differs: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("g.{c} IS NOT i.{c}"))
            .collect();
        // Indexed, then changed or deleted in the store.
        conn.execute(sqlx::AssertSqlSafe(format!(
            "CREATE TEMP TABLE full_text_stale AS
             SELECT i.{key} AS id FROM {schema}.indexed i
             LEFT JOIN main.{content} g ON g.{key} = i.{key}
             WHERE g.{key} IS NULL OR {}",
            differs.join(" OR ")
        )))
        .await?;
        for (index, own) in &self.index_columns {
            let own = own.join(", ");
            conn.execute(sqlx::AssertSqlSafe(format!(
                "INSERT INTO {schema}.{index} ({index}, rowid, {own})
                 SELECT 'delete', {key}, {own} FROM {schema}.indexed
                 WHERE {key} IN (SELECT id FROM temp.full_text_stale)"
            )))
            .await?;
        }
        conn.execute(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {schema}.indexed WHERE {key} IN (SELECT id FROM temp.full_text_stale)"
        )))
        .await?;
        // Not indexed yet: changed, or committed after the build read its range.
        conn.execute(sqlx::AssertSqlSafe(format!(
            "CREATE TEMP TABLE full_text_missing AS
             SELECT g.{key} AS id FROM main.{content} g
             WHERE NOT EXISTS (SELECT 1 FROM {schema}.indexed i WHERE i.{key} = g.{key})"
        )))
        .await?;
        conn.execute(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {schema}.indexed ({key}, {columns})
             SELECT {key}, {columns} FROM main.{content}
             WHERE {key} IN (SELECT id FROM temp.full_text_missing)"
        )))
        .await?;
        let changed: i64 = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM temp.full_text_stale)
                  + (SELECT COUNT(*) FROM temp.full_text_missing) AS n",
        )
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
        for (index, own) in &self.index_columns {
            if changed > 0 {
                let own = own.join(", ");
                conn.execute(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO {schema}.{index} (rowid, {own})
                     SELECT {key}, {own} FROM {schema}.indexed
                     WHERE {key} IN (SELECT id FROM temp.full_text_missing)"
                )))
                .await?;
                conn.execute(sqlx::AssertSqlSafe(optimize_sql(
                    &format!("{schema}.{index}"),
                    index,
                )))
                .await?;
            }
            copy_index(conn, schema, index).await?;
        }
        for table in ["full_text_stale", "full_text_missing"] {
            conn.execute(sqlx::AssertSqlSafe(format!("DROP TABLE temp.{table}")))
                .await?;
        }
        Ok(())
    }
}

impl Drop for FullTextBuild {
    /// A build given up (the load failed, or it was finished): its task stopped at its
    /// next step and its file deleted.
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        let _ = std::fs::remove_file(&self.file);
    }
}

/// Replace the store's tables of `index` with the built ones (`_config`, the
/// definition's settings, stays the store's).
async fn copy_index(
    conn: &mut sqlx::AnyConnection,
    schema: &str,
    index: &str,
) -> Result<(), sqlx::Error> {
    let tables: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT name FROM {schema}.sqlite_master
         WHERE type = 'table' AND substr(name, 1, length($1)) = $1 AND name <> $2"
    )))
    .bind(format!("{index}_"))
    .bind(format!("{index}_config"))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| row.try_get("name"))
    .collect::<Result<_, _>>()?;
    for table in tables {
        conn.execute(sqlx::AssertSqlSafe(format!("DELETE FROM main.\"{table}\"")))
            .await?;
        conn.execute(sqlx::AssertSqlSafe(format!(
            "INSERT INTO main.\"{table}\" SELECT * FROM {schema}.\"{table}\""
        )))
        .await?;
    }
    Ok(())
}

/// The build's loop: each range given, copied from the store and indexed, until the
/// load is done; then each index merged into one segment.
///
/// With FTS5's own 1 MiB to gather terms in, as the in-place rebuild had: a larger one
/// is faster to build but leaves fewer levels, and the merged segment then sits on a
/// low one that later saves merge into soon (measured at a million customers: the
/// trigram index gathered in one go, and about the fifteenth save after it an inline
/// edit of 3.5 s). At a million customers this build leaves each index in one segment
/// on its top level, the seventh (words) and the sixth (trigram): a level of segments
/// is merged once it holds four, so thousands of saves come before one reaches it.
async fn build(
    mut conn: sqlx::SqliteConnection,
    mut ranges: tokio::sync::mpsc::UnboundedReceiver<(i64, i64)>,
    columns: Vec<String>,
    index_columns: Vec<(&'static str, Vec<String>)>,
) -> Result<(), sqlx::Error> {
    let (content, key) = CONTENT;
    let columns = columns.join(", ");
    let copy = format!(
        "INSERT INTO indexed ({key}, {columns}) SELECT {key}, {columns} FROM store.{content}
         WHERE {key} BETWEEN $1 AND $2"
    );
    let indexes: Vec<String> = index_columns
        .iter()
        .map(|(index, own)| {
            let own = own.join(", ");
            format!(
                "INSERT INTO {index} (rowid, {own}) SELECT {key}, {own} FROM indexed
                 WHERE {key} BETWEEN $1 AND $2"
            )
        })
        .collect();
    while let Some((first, last)) = ranges.recv().await {
        let mut tx = conn.begin().await?;
        for sql in std::iter::once(&copy).chain(&indexes) {
            sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(first)
                .bind(last)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
    for (index, _) in &index_columns {
        conn.execute(sqlx::AssertSqlSafe(optimize_sql(index, index)))
            .await?;
    }
    conn.close().await
}
