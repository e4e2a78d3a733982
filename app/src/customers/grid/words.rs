//! The words of custom attributes in keyword search ("Use in Search Options"), kept in
//! the grid row as Magento's customer grid index keeps them (migration 0030): a
//! customer's searchable text values and the Admin and store view labels of the options
//! they chose. [`super::index`] writes them with the rest of the row whenever a customer
//! is saved; this module catches every row up when an admin changes what is searched
//! (an attribute's "Use in Search Options", its options' labels, its deletion).
//!
//! Such a change marks the index in the same transaction ([`request`]); a worker in each
//! app server ([`run_worker`]) then rewrites the rows in batches of their own, each
//! committed with the place it reached, so a restart goes on from there and the admin
//! sees how far it is ([`progress`]). Rows whose words did not change are not written.

use crate::attributes::model::{Backend as Values, InputType};
use crate::db::{Backend, Db, Tx};
use sqlx::Row as _;

/// `app_flags` row present while rows wait to be caught up: the first customer id not
/// yet done. A new change sets it back to 0.
pub(crate) const FLAG: &str = "customer_grid_words";

/// Rows rewritten per transaction: short enough that a customer's save waits little for
/// the database's writer.
const BATCH: i64 = 1_000;

/// A pass that rewrote at least this share of the grid (1/n) is followed by [`tidy`]; on
/// PostgreSQL a pass also vacuums the grid table each time it has rewritten this share
/// since the last time.
///
/// On PostgreSQL each rewritten row is a new row version, and each of the grid's
/// indexes takes a new entry for it (its full-text column is indexed, so the update is
/// never in place). Measured at 1M customers, a pass rewriting every row left the table
/// at 1,107 MB and its indexes at 2,314 MB, against 761 and 1,271 MB before: more than
/// the 2 GB of shared buffers the bench gives PostgreSQL. Vacuuming along the way lets
/// later batches reuse the space earlier ones freed (table 864 MB, and the indexes in
/// email or name order back near their size); the indexes in customer id order (a
/// group, a gender, then the id) still double, because a batch's new entries land
/// beside its own old ones, which are not dead before it commits. So the pass ends by
/// rebuilding the indexes (1,271 MB again): 879 + 1,271 MB in all, for a pass of 280 s
/// instead of 217 s. And statistics are renewed (without them a sort by a custom
/// attribute went from 90 to 345 ms p95).
const TIDY_AFTER_ONE_IN: u64 = 10;

/// How often a worker looks for work marked by another app server.
const POLL: std::time::Duration = std::time::Duration::from_secs(5);

/// The searchable words of customer `c` (an alias of `customer_entity` in the query
/// around it): the values of every attribute "Use in Search Options" whose input keyword
/// search can read, and both labels of each chosen option, `NULL` when there are none.
/// Ordered, so a row whose words did not change compares equal.
pub(crate) fn words_sql() -> &'static str {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let short: Vec<String> = InputType::ALL
            .into_iter()
            .filter(|i| i.is_searchable() && i.backend() == Values::Varchar)
            .map(|i| format!("'{}'", i.code()))
            .collect();
        let searched = |table: &str, value: &str, join: &str| {
            format!(
                "SELECT {value} AS word FROM {table} v
                 JOIN eav_attribute a ON a.attribute_id = v.attribute_id{join}
                 WHERE v.entity_id = c.entity_id AND a.is_searchable_in_grid = 1"
            )
        };
        format!(
            "(SELECT string_agg(w.word, ' ' ORDER BY w.word) FROM ({} AND a.frontend_input IN ({})
              UNION ALL {}
              UNION ALL {}
              UNION ALL {}) AS w)",
            searched("customer_entity_varchar", "v.value", ""),
            short.join(", "),
            searched("customer_entity_text", "v.value", ""),
            searched(
                "customer_entity_option",
                "o.admin_value",
                "\n                 JOIN eav_attribute_option o ON o.option_id = v.option_id",
            ),
            searched(
                "customer_entity_option",
                "l.value",
                "\n                 JOIN eav_attribute_option_value l ON l.option_id = v.option_id",
            ),
        )
    });
    SQL.as_str()
}

/// Mark every grid row for catching up, in the transaction making the change (a worker
/// starts once it commits: call [`wake`] then).
pub async fn request(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO app_flags (name, value) VALUES ($1, '0')
         ON CONFLICT (name) DO UPDATE SET value = '0'",
    )
    .bind(FLAG)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Catch every marked row up, batch by batch, until none is left (or another change
/// starts it over, which this loop then follows). Returns the rows whose words changed.
/// Several servers may run it at once: each batch holds the mark while it works.
pub async fn catch_up(db: &Db) -> Result<u64, sqlx::Error> {
    let read_mark = match db.backend {
        Backend::Sqlite => "SELECT value FROM app_flags WHERE name = $1",
        Backend::Postgres => "SELECT value FROM app_flags WHERE name = $1 FOR UPDATE",
    };
    let update = format!(
        "UPDATE customer_grid_flat SET attribute_words = n.words
         FROM (SELECT c.entity_id, {} AS words FROM customer_entity c
               WHERE c.entity_id BETWEEN $1 AND $2) AS n
         WHERE customer_grid_flat.entity_id = n.entity_id
           AND customer_grid_flat.attribute_words IS DISTINCT FROM n.words",
        words_sql()
    );
    // The grid's rows, read once there is work (a worker looks every few seconds).
    let mut rows = None;
    let (mut changed, mut since_vacuum) = (0, 0);
    loop {
        if db.backend == Backend::Postgres
            && since_vacuum > 0
            && since_vacuum * TIDY_AFTER_ONE_IN >= rows.unwrap_or(0)
        {
            // Not in a transaction (VACUUM cannot be); it blocks neither reads nor writes.
            sqlx::query("VACUUM customer_grid_flat")
                .execute(&db.pool)
                .await?;
            since_vacuum = 0;
        }
        let mut tx = db.begin().await?;
        let Some(from) = sqlx::query(read_mark)
            .bind(FLAG)
            .fetch_optional(&mut *tx)
            .await?
        else {
            tx.commit().await?;
            if let Some(rows) = rows {
                tidy(db, changed, rows).await?;
            }
            return Ok(changed);
        };
        if rows.is_none() {
            rows = Some(grid_rows(&mut tx).await?);
        }
        let from: i64 = from.try_get::<String, _>("value")?.parse().unwrap_or(0);
        let last: Option<i64> = sqlx::query(
            "SELECT max(entity_id) AS last FROM (
                 SELECT entity_id FROM customer_grid_flat WHERE entity_id >= $1
                 ORDER BY entity_id LIMIT $2) AS b",
        )
        .bind(from)
        .bind(BATCH)
        .fetch_one(&mut *tx)
        .await?
        .try_get("last")?;
        match last {
            Some(last) => {
                let rewritten = sqlx::query(sqlx::AssertSqlSafe(update.as_str()))
                    .bind(from)
                    .bind(last)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                changed += rewritten;
                since_vacuum += rewritten;
                sqlx::query("UPDATE app_flags SET value = $1 WHERE name = $2")
                    .bind((last + 1).to_string())
                    .bind(FLAG)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query("DELETE FROM app_flags WHERE name = $1")
                    .bind(FLAG)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
    }
}

/// The grid's rows: the count the database keeps (one row per customer, by group).
async fn grid_rows(conn: &mut sqlx::AnyConnection) -> Result<u64, sqlx::Error> {
    super::repo::count(conn, &super::repo::Condition::default()).await
}

/// After a pass that rewrote `changed` of the grid's `rows`, when that is a large share
/// of them: on PostgreSQL the table vacuumed with its statistics renewed, and its
/// indexes rebuilt ([`TIDY_AFTER_ONE_IN`]); on SQLite its full-text indexes compacted
/// and the write-ahead log emptied, as after any bulk write
/// ([`super::settle::after_bulk_write`]).
async fn tidy(db: &Db, changed: u64, rows: u64) -> Result<(), sqlx::Error> {
    if changed == 0 || changed.saturating_mul(TIDY_AFTER_ONE_IN) < rows {
        return Ok(());
    }
    match db.backend {
        Backend::Postgres => {
            sqlx::query("VACUUM (ANALYZE) customer_grid_flat")
                .execute(&db.pool)
                .await?;
            rebuild_indexes(db).await?;
        }
        Backend::Sqlite => super::settle::after_bulk_write(db).await?,
    }
    Ok(())
}

/// Advisory lock held while one server rebuilds the grid's indexes: another server
/// ending a pass at the same time leaves them to it.
const REBUILD_LOCK: i64 = 0x636c_6965_6e74_0002;

/// Rebuild the grid's indexes on PostgreSQL without blocking reads or writes (`REINDEX
/// … CONCURRENTLY`: while it runs, a save writes each index twice). A rebuild cut short
/// (a restart) leaves its unfinished copies invalid (named `…_ccnew`, `…_ccold`),
/// written on every save and never read: they are dropped first.
async fn rebuild_indexes(db: &Db) -> Result<(), sqlx::Error> {
    let mut conn = db.pool.acquire().await?;
    if !crate::db::try_advisory_lock(&mut conn, REBUILD_LOCK).await? {
        return Ok(());
    }
    let rebuilt = async {
        let invalid: Vec<String> = sqlx::query(
            "SELECT CAST(c.relname AS TEXT) AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = 'customer_grid_flat'::regclass AND NOT i.indisvalid
               AND (c.relname LIKE '%\\_ccnew%' OR c.relname LIKE '%\\_ccold%')",
        )
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get("name"))
        .collect::<Result<_, _>>()?;
        for name in invalid {
            // A name read from the catalogue, quoted as an identifier.
            let drop = format!(
                "DROP INDEX CONCURRENTLY IF EXISTS \"{}\"",
                name.replace('"', "\"\"")
            );
            sqlx::query(sqlx::AssertSqlSafe(drop))
                .execute(&mut *conn)
                .await?;
        }
        sqlx::query("REINDEX TABLE CONCURRENTLY customer_grid_flat")
            .execute(&mut *conn)
            .await?;
        Ok::<_, sqlx::Error>(())
    }
    .await;
    crate::db::advisory_unlock(&mut conn, REBUILD_LOCK).await?;
    rebuilt
}

/// How far a catch-up is, in percent of the customer ids (0–99); `None` when no row
/// waits.
pub async fn progress(db: &Db) -> Result<Option<u8>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT f.value AS next, (SELECT max(entity_id) FROM customer_grid_flat) AS last
         FROM app_flags f WHERE f.name = $1",
    )
    .bind(FLAG)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let next: i64 = row.try_get::<String, _>("next")?.parse().unwrap_or(0);
    let last: Option<i64> = row.try_get("last")?;
    let percent = match last {
        Some(last) if last > 0 => (next.max(0) as u128 * 100 / (last as u128 + 1)).min(99),
        _ => 0,
    };
    Ok(Some(percent as u8))
}

fn wakeup() -> &'static tokio::sync::Notify {
    static WAKEUP: std::sync::OnceLock<tokio::sync::Notify> = std::sync::OnceLock::new();
    WAKEUP.get_or_init(tokio::sync::Notify::new)
}

/// Start this server's worker now (after a change marked by [`request`] commits).
pub fn wake() {
    wakeup().notify_one();
}

/// The worker: catches the rows up whenever this server marks them, and every few
/// seconds for marks left by another server or by a migration. Runs until the process
/// ends; a database error is logged and tried again at the next round.
pub async fn run_worker(db: Db) {
    loop {
        match catch_up(&db).await {
            Ok(0) => {}
            Ok(changed) => tracing::info!(changed, "keyword search caught up"),
            Err(error) => tracing::warn!(%error, "keyword search catch-up failed"),
        }
        tokio::select! {
            _ = wakeup().notified() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}
