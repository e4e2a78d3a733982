//! What a bulk write on SQLite leaves behind, cleared at its end: full-text indexes in
//! hundreds of segments, and a write-ahead log holding every page it wrote. A bulk load's
//! rebuild ([`super::index::resume_after_bulk_load`]) and the keyword-search catch-up of
//! most of the grid ([`super::words`]) end with [`after_bulk_write`]. And what saves
//! leave on PostgreSQL, moved every few seconds: their new entries in the pending lists
//! of the full-text and trigram indexes ([`spawn_pending_list_mover`]).

use crate::db::{Backend, Db};

/// After a bulk write on SQLite (a load's rebuild, a catch-up of every row's words): the
/// full-text indexes compacted ([`compact_full_text`]), then the write-ahead log copied
/// into the database file and emptied ([`Db::checkpoint_all`]). Until a write starts
/// the log over, every read looks its pages up in it first, and a log of every grid row
/// rewritten made that costly: measured at 2M customers right after the keyword
/// catch-up, a sort by a custom attribute took 1,046 ms at p95 with the log left as it
/// was, 4.3 ms with it emptied. Nothing on PostgreSQL.
pub async fn after_bulk_write(db: &Db) -> Result<(), sqlx::Error> {
    if db.backend != Backend::Sqlite {
        return Ok(());
    }
    compact_full_text(db).await?;
    if !db.checkpoint_all().await? {
        tracing::warn!("the write-ahead log is emptied later: other connections kept it busy");
    }
    Ok(())
}

/// SQLite's full-text indexes of the grid (migrations 0003, 0030) and of custom
/// attribute values (migration 0025).
const FULL_TEXT: [&str; 3] = [
    "customer_grid_fts",
    "customer_grid_trigram",
    "customer_value_trigram",
];

/// After a bulk write on SQLite (a rebuild, a seed, a fill of every customer's value),
/// merge each full-text index into one segment. A bulk write leaves hundreds of them, and
/// every later save then pays for merging them a little at a time: at a million customers
/// a customer's save measured 70 ms at p95 before, 17 ms after (7 s for the four
/// indexes). Each index is merged in a transaction of its own. Nothing on PostgreSQL.
pub async fn compact_full_text(db: &Db) -> Result<(), sqlx::Error> {
    if db.backend != Backend::Sqlite {
        return Ok(());
    }
    for fts in FULL_TEXT {
        let mut tx = db.begin().await?;
        sqlx::query(sqlx::AssertSqlSafe(optimize_sql(fts, fts)))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// The statement merging the full-text index `index` (named `qualified` in the
/// statement: `<schema>.<index>` for one in an attached file) into one segment.
pub(super) fn optimize_sql(qualified: &str, index: &str) -> String {
    format!("INSERT INTO {qualified} ({index}) VALUES ('optimize')")
}

/// How often [`spawn_pending_list_mover`] moves the full-text and trigram indexes'
/// pending entries into the indexes. Every second rather than every five: the move of
/// what saves added meanwhile is one burst of index writes, and saves running beside it
/// wait for the processor and the log. Measured at a million customers, runs of 200 to
/// 1,000 saves in a row: a customer's save with ten attribute values took at most 18–67 ms
/// with a move every second (seven runs; p95 10–15 ms), and 20–567 ms with one every
/// five (six runs, four of them over 40 ms; p95 9–21 ms), whose moves took up to
/// 1,444 ms each against 23–46 ms. With no save in between, a move reads each index's
/// first page and ends.
pub const PENDING_LISTS_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// On PostgreSQL, every `every` until the pool closes: [`move_pending_lists`]. Nothing on
/// SQLite.
pub fn spawn_pending_list_mover(db: Db, every: std::time::Duration) {
    if db.backend != Backend::Postgres {
        return;
    }
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if db.pool.is_closed() {
                return;
            }
            match move_pending_lists(&db).await {
                Ok(_) => {}
                Err(sqlx::Error::PoolClosed) => return,
                Err(err) => tracing::warn!(%err, "moving the search indexes' new entries failed"),
            }
        }
    });
}

/// On PostgreSQL, the new entries of every valid GIN index (the grid's keyword and
/// trigram indexes, the custom values' trigram indexes) moved from its pending list into
/// the index, in bulk. A save adds its entries to the list, which every search reads
/// whole until a vacuum moves them, and autovacuum waits for a fifth of the table to
/// change: at a million customers, after 5,700 saves the keyword index's list held 345
/// pages and a pasted email's search took 3.5 ms instead of 1.1. Taking each save's
/// entries into the index at once (`fastupdate = off`) cost saves nothing measurable but
/// made a bulk rewrite 2-3 times slower (50,000 grid rows: 32-44 s against 15 s), so the
/// lists stay and are moved every few seconds. Returns the list pages moved.
pub async fn move_pending_lists(db: &Db) -> Result<i64, sqlx::Error> {
    use sqlx::Row;
    if db.backend != Backend::Postgres {
        return Ok(0);
    }
    sqlx::query(
        "SELECT CAST(COALESCE(SUM(gin_clean_pending_list(c.oid)), 0) AS BIGINT) AS pages
         FROM pg_class c
         JOIN pg_am a ON a.oid = c.relam
         JOIN pg_index i ON i.indexrelid = c.oid
         WHERE a.amname = 'gin' AND i.indisvalid AND i.indisready
           AND c.relnamespace = current_schema()::regnamespace",
    )
    .fetch_one(&db.pool)
    .await?
    .try_get("pages")
}
