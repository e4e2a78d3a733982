//! Upkeep of the grid index `customer_grid_flat` (Magento's `customer_grid` indexer).
//!
//! Every write to a customer or an address calls [`refresh`] for that customer inside the
//! write's own transaction, so the grid and keyword search are never stale and no admin
//! has to remember a reindex. On SQLite the FTS5 table follows the flat table through
//! triggers; on PostgreSQL a trigger computes the `search` column (migration 0034).

use super::columns::Column;
use super::fts_build::FullTextBuild;
use crate::db::{Backend, Db, Tx};
use sqlx::Row;

/// Index columns the grid does not show: the billing phone's digits, for searching a
/// phone number however it was typed (and, added in [`refresh_sql`], the words of
/// searchable custom attributes: [`super::words`]).
const SEARCH_ONLY: &[(&str, &str)] = &[(
    "billing_phone_digits",
    "replace(replace(replace(replace(replace(replace(replace(b.telephone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')",
)];

/// Which customers' grid rows a statement rebuilds.
#[derive(Clone, Copy)]
enum Rows {
    /// Ids `$2..=$3`.
    Range,
    /// Id `$2`. A statement of its own, not a range of one: PostgreSQL plans a prepared
    /// statement for its values on its first five runs on a connection, and then keeps
    /// a plan for any values once that looks as cheap, which for `BETWEEN $2 AND $3` (a
    /// guess of thousands of rows) it never did. Planning this statement (its sort keys'
    /// and words' expressions) took 5.2 ms of every customer save; for `= $2` the plan
    /// for any id is the same, kept from the sixth save on a connection. Measured at a
    /// million customers, an inline edit: 7.0-7.6 ms p50 before, 2.5-3.5 after.
    One,
}

/// Rebuild the grid rows of `rows` from their entity and default addresses (`$1` is a
/// newline): every column of the column table, filled by its source SQL, the
/// search-only columns and the text columns' sort keys.
fn refresh_sql(backend: Backend, rows: Rows) -> String {
    let keys: Vec<String> = super::sort_key::KEYED
        .iter()
        .map(|(column, _)| super::sort_key::fold_sql(backend, column.source_sql()))
        .collect();
    let sources: Vec<&str> = Column::ALL
        .iter()
        .map(|c| c.source_sql())
        .chain(SEARCH_ONLY.iter().map(|(_, sql)| *sql))
        .chain([super::words::words_sql()])
        .chain(keys.iter().map(String::as_str))
        .collect();
    let names = row_columns();
    format!(
        "INSERT INTO customer_grid_flat ({})
         SELECT {}
         FROM customer_entity c
         LEFT JOIN customer_address_entity b
           ON b.entity_id = c.default_billing AND b.parent_id = c.entity_id
         LEFT JOIN customer_address_entity s
           ON s.entity_id = c.default_shipping AND s.parent_id = c.entity_id
         WHERE c.entity_id {}",
        names.join(", "),
        sources.join(",\n  "),
        match rows {
            Rows::Range => "BETWEEN $2 AND $3",
            Rows::One => "= $2",
        }
    )
}

/// The columns of a grid row a write fills (PostgreSQL's trigger computes `search` from
/// them): every column of the column table, the search-only columns,
/// `attribute_words` and the text columns' sort keys, in [`refresh`]'s order.
pub(crate) fn row_columns() -> Vec<&'static str> {
    Column::ALL
        .iter()
        .map(|c| c.index_column())
        .chain(SEARCH_ONLY.iter().map(|(name, _)| *name))
        .chain(["attribute_words"])
        .chain(super::sort_key::KEYED.iter().map(|(_, key)| *key))
        .collect()
}

/// The statement adding the grid rows of `rows` (`$1` is a newline), built once per
/// backend and kind of rows: [`refresh`] and [`refresh_one`] after deleting theirs.
/// Parameters are numbered in order of first use, as SQLite numbers them.
fn kept_sql(backend: Backend, rows: Rows) -> &'static str {
    use std::sync::LazyLock;
    static SQLITE: LazyLock<[String; 2]> =
        LazyLock::new(|| [Rows::Range, Rows::One].map(|rows| refresh_sql(Backend::Sqlite, rows)));
    static POSTGRES: LazyLock<[String; 2]> =
        LazyLock::new(|| [Rows::Range, Rows::One].map(|rows| refresh_sql(Backend::Postgres, rows)));
    let kept = match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    };
    &kept[rows as usize]
}

/// Rebuild the grid rows of the customers with ids `from..=to` (deleted customers simply
/// have no row afterwards).
pub async fn refresh(tx: &mut Tx<'_>, from: i64, to: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM customer_grid_flat WHERE entity_id BETWEEN $1 AND $2")
        .bind(from)
        .bind(to)
        .execute(&mut **tx)
        .await?;
    let backend = Backend::of(tx);
    sqlx::query(sqlx::AssertSqlSafe(kept_sql(backend, Rows::Range)))
        .bind("\n")
        .bind(from)
        .bind(to)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Rebuild the grid row of one customer (none when the customer is gone), with
/// statements whose plans PostgreSQL keeps ([`Rows::One`]).
pub async fn refresh_one(tx: &mut Tx<'_>, id: i64) -> Result<(), sqlx::Error> {
    let backend = Backend::of(tx);
    sqlx::query("DELETE FROM customer_grid_flat WHERE entity_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(sqlx::AssertSqlSafe(kept_sql(backend, Rows::One)))
        .bind("\n")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// `app_flags` row holding the index and trigger definitions a bulk load set aside.
pub(crate) const BULK_LOAD_FLAG: &str = "customer_grid_bulk_load";

/// Before a bulk load (seeding a large store): set the grid table's secondary indexes
/// (and on SQLite its full-text triggers and the group count's insert trigger:
/// [`SET_ASIDE_SQLITE`]) aside, so rows go in without one b-tree and two FTS5 updates
/// each. Building them once over the loaded rows is far cheaper (measured at
/// 200,000 customers on SQLite: 12.5 s row by row, 9.2 s loaded then built).
///
/// Their definitions are read from the database's catalogue and kept in `app_flags`
/// (never written twice in the code), so [`resume_after_bulk_load`] restores exactly what
/// the migrations created, even after a crash. Until then, searches miss the new rows
/// (SQLite), grid sorts scan and (SQLite) the grid's count without a filter leaves the
/// new customers out. PostgreSQL's COPY load sets them aside itself
/// (`customers::seed::postgres`, with [`SET_ASIDE_POSTGRES`]); this is for a load through
/// the pool.
pub async fn suspend_for_bulk_load(db: &Db) -> Result<(), sqlx::Error> {
    set_aside(db, None).await
}

/// [`suspend_for_bulk_load`] before a SQLite bulk seed adds the customers
/// `first..=last`, a batch committed at a time: the customers' own indexes are set aside
/// too ([`SET_ASIDE_SQLITE`]), and the seed's customers recorded
/// ([`BULK_SEED_FLAG`]), so that a seed that does not finish, or whose customers an index
/// refuses once built again (an email a shopper took meanwhile), is undone whole
/// ([`resume_after_bulk_load`], [`finish_bulk_seed`]). On PostgreSQL, whose bulk seed is
/// one transaction (`customers::seed::postgres`), the same as [`suspend_for_bulk_load`].
pub async fn suspend_for_bulk_seed(db: &Db, first: i64, last: i64) -> Result<(), sqlx::Error> {
    let seed = (db.backend == Backend::Sqlite).then_some((first, last));
    set_aside(db, seed).await
}

/// [`suspend_for_bulk_load`], and with `seed` [`suspend_for_bulk_seed`] on SQLite.
async fn set_aside(db: &Db, seed: Option<(i64, i64)>) -> Result<(), sqlx::Error> {
    // A load that died half way is finished first, so nothing is set aside twice.
    resume_after_bulk_load(db).await?;
    let mut tx = db.begin().await?;
    let listing = match db.backend {
        Backend::Sqlite => sqlx::query(SET_ASIDE_SQLITE).bind(seed.is_some()),
        Backend::Postgres => sqlx::query(SET_ASIDE_POSTGRES),
    };
    let rows = listing.fetch_all(&mut *tx).await?;
    let mut saved = Vec::with_capacity(rows.len());
    for row in &rows {
        let kind: String = row.try_get("type")?;
        let name: String = row.try_get("name")?;
        saved.push(row.try_get::<String, _>("sql")?);
        sqlx::query(sqlx::AssertSqlSafe(drop_sql(&kind, &name)))
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO app_flags (name, value) VALUES ($1, $2)")
        .bind(BULK_LOAD_FLAG)
        .bind(saved_definitions(&saved)?)
        .execute(&mut *tx)
        .await?;
    if let Some((first, last)) = seed {
        sqlx::query("INSERT INTO app_flags (name, value) VALUES ($1, $2)")
            .bind(BULK_SEED_FLAG)
            .bind(format!("{first}..{last}"))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// `app_flags` row naming the customers (`<first>..<last>`) a SQLite bulk seed adds,
/// from before its first batch until the rebuild that ends it ([`finish_bulk_seed`])
/// commits: while it is there, the seed has not finished, and a resume removes them.
pub(crate) const BULK_SEED_FLAG: &str = "customer_grid_bulk_seed";

/// What a bulk load sets aside on SQLite: the grid table's indexes and full-text
/// triggers, and the trigger counting each new customer into their group's count
/// (migration 0031), an upsert per row: at a million customers 3.6 s of the 4.4 s their
/// insert took. [`rebuild`] counts them all at once instead ([`RECOUNT_SQLITE`]).
///
/// With `$1` true (a bulk seed: [`suspend_for_bulk_seed`]), the customers' indexes too
/// (their unique email index, and those of their website and group). Each took a b-tree
/// insert per customer: measured at a million customers, their table loaded in 11.4–12.4
/// s with them, 2.1–2.3 s without, and they were built afterwards in 2.0–2.1 s.
const SET_ASIDE_SQLITE: &str = "SELECT type, name, sql FROM sqlite_master
     WHERE ((tbl_name = 'customer_grid_flat' AND type IN ('index', 'trigger'))
            OR (type = 'trigger' AND name = 'customer_group_count_insert')
            OR ($1 AND tbl_name = 'customer_entity' AND type = 'index'))
       AND sql IS NOT NULL
     ORDER BY type, name";

/// The customers of each group counted again (as migration 0031 first counted them on
/// SQLite), after a bulk load added customers without its count trigger. In the rebuild's
/// transaction, so customers added or deleted by others during the load are counted too.
const RECOUNT_SQLITE: [&str; 2] = [
    "DELETE FROM customer_group_count",
    "INSERT INTO customer_group_count (group_id, shard, n)
     SELECT group_id, 0, COUNT(*) FROM customer_entity GROUP BY group_id",
];

/// The grid table's secondary indexes on PostgreSQL, as [`suspend_for_bulk_load`] sets
/// them aside: `type`, `name` and `sql` (the definition).
pub(crate) const SET_ASIDE_POSTGRES: &str =
    "SELECT 'index'::text AS type, c.relname::text AS name, pg_get_indexdef(i.indexrelid) AS sql
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = 'customer_grid_flat'::regclass AND NOT i.indisprimary
     ORDER BY c.relname";

/// The foreign keys a PostgreSQL COPY load sets aside with the grid's indexes: those of
/// the customer, address and grid tables. Each is checked by a query per row loaded (at a
/// million customers 19.6 s of a 31.8 s COPY); added back, each is checked by one join
/// over the table (1.2 s for the four of customers and addresses). `table_name` is the
/// table it belongs to; `drop_sql` removes it; `sql` adds it back unless it is there, so
/// an interrupted rebuild can run again.
pub const FOREIGN_KEYS_POSTGRES: &str =
    "SELECT t.relname::text AS table_name,
            format('ALTER TABLE %I DROP CONSTRAINT %I', t.relname, k.conname) AS drop_sql,
            format('DO $restore$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = %L::regclass AND conname = %L) THEN ALTER TABLE %I ADD CONSTRAINT %I %s; END IF; END $restore$',
                   t.relname, k.conname, t.relname, k.conname, pg_get_constraintdef(k.oid)) AS sql
     FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
     WHERE k.contype = 'f'
       AND k.conrelid IN ('customer_entity'::regclass, 'customer_address_entity'::regclass,
                          'customer_grid_flat'::regclass)
     ORDER BY t.relname, k.conname";

/// Whether a saved definition adds a foreign key back ([`FOREIGN_KEYS_POSTGRES`]).
fn is_foreign_key(sql: &str) -> bool {
    sql.starts_with("DO $restore$")
}

/// `DROP INDEX "<name>"` or `DROP TRIGGER "<name>"`.
pub(crate) fn drop_sql(kind: &str, name: &str) -> String {
    format!(
        "DROP {} \"{}\"",
        if kind == "index" { "INDEX" } else { "TRIGGER" },
        name.replace('"', "\"\"")
    )
}

/// The `app_flags` value recording the definitions a bulk load set aside.
pub(crate) fn saved_definitions(saved: &[String]) -> Result<String, sqlx::Error> {
    serde_json::to_string(saved).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// After a bulk load that did not finish (at start-up after one that died, or after
/// one that failed): recreate what [`suspend_for_bulk_load`] set aside. On SQLite in one
/// transaction, with both full-text indexes built anew ([`super::fts_build`]), after the
/// customers of a bulk seed that did not finish are removed ([`BULK_SEED_FLAG`]); on
/// PostgreSQL each index in a transaction of its own. Returns whether there was anything
/// to do.
pub async fn resume_after_bulk_load(db: &Db) -> Result<bool, sqlx::Error> {
    if db.backend == Backend::Postgres {
        return resume_on_postgres(db).await;
    }
    if let Some((first, last)) = seeded(db).await? {
        remove_seeded(db, first, last).await?;
        tracing::warn!(
            first,
            last,
            "a bulk seed that did not finish was undone: its customers removed"
        );
    }
    resume_on_sqlite(db, None).await
}

/// At the end of a SQLite bulk seed whose every batch is in: recreate what
/// [`suspend_for_bulk_seed`] set aside with the full-text indexes `full_text` built
/// beside the load, keeping its customers. Should an index refuse them (an email a
/// shopper took during the load, found when the unique index is built again), the seed
/// is undone whole ([`resume_after_bulk_load`]) and that refusal returned.
pub async fn finish_bulk_seed(db: &Db, full_text: FullTextBuild) -> Result<(), sqlx::Error> {
    let Err(refused) = resume_on_sqlite(db, Some(full_text)).await else {
        return Ok(());
    };
    // Unless the rebuild committed and what failed came after it.
    if seeded(db).await?.is_some() {
        tracing::error!(error = %refused, "a bulk seed's customers refused: the seed is undone");
        resume_after_bulk_load(db).await?;
    }
    Err(refused)
}

/// The customers of a SQLite bulk seed that has not finished ([`BULK_SEED_FLAG`]).
async fn seeded(db: &Db) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT value FROM app_flags WHERE name = $1")
        .bind(BULK_SEED_FLAG)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    id_range(&row.try_get::<String, _>("value")?, "customers of a seed").map(Some)
}

/// The ids `<first>..<last>` an `app_flags` row names ([`BULK_SEED_FLAG`],
/// [`BULK_ROWS_FLAG`]); `what` names them in the error for a value that is not one.
fn id_range(value: &str, what: &str) -> Result<(i64, i64), sqlx::Error> {
    value
        .split_once("..")
        .and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?)))
        .ok_or_else(|| sqlx::Error::Decode(format!("{what}: {value}").into()))
}

/// Remove the customers `first..=last` of a bulk seed that did not finish (their
/// addresses and grid rows follow them), and its record, in one transaction. Ids given
/// after the seed's reservation are after `last` (`customers::seed`), so no one else's
/// customer is among them. With the grid's indexes and triggers still set aside, the
/// rebuild after it counts the groups again and indexes what is left.
async fn remove_seeded(db: &Db, first: i64, last: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM customer_entity WHERE entity_id BETWEEN $1 AND $2")
        .bind(first)
        .bind(last)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM app_flags WHERE name = $1")
        .bind(BULK_SEED_FLAG)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// [`resume_after_bulk_load`] on SQLite, with the full-text build a load fed as it went
/// (without one, the whole grid is indexed here).
async fn resume_on_sqlite(db: &Db, full_text: Option<FullTextBuild>) -> Result<bool, sqlx::Error> {
    let pending = sqlx::query("SELECT 1 AS one FROM app_flags WHERE name = $1")
        .bind(BULK_LOAD_FLAG)
        .fetch_optional(&db.pool)
        .await?;
    if pending.is_none() {
        return Ok(false);
    }
    let mut full_text = match full_text {
        Some(build) => build,
        None => {
            let build = FullTextBuild::start(db).await?;
            build.add(i64::MIN, i64::MAX);
            build
        }
    };
    // The rebuild runs on a connection of its own ([`super::fts_build`]); this process's
    // other writers wait their turn for the writer meanwhile, as for any write.
    let writer = db.writer_connection().await?;
    let mut conn = db.own_connection().await?;
    // For the builds, the connection sorts each index in runs of 4 MiB, helper threads
    // (one per core) sorting runs side by side, then merges them: at a million customers
    // the 26 indexes were built in 12 s instead of 16.5 s with the 512 MiB cache a bulk
    // load gives the writer (one sort of every row at once, mostly outside the
    // processor's caches). And its commit leaves the write-ahead log to the checkpointer
    // (`Db::spawn_checkpointer`), which copies the build's pages into the database file
    // on another core: the commit took 0.3 s instead of 4 s.
    let helpers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    for (pragma, value) in [
        ("threads", helpers as i64),
        ("cache_size", -4096),
        ("wal_autocheckpoint", 0),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA {pragma} = {value}")))
            .execute(&mut conn)
            .await?;
    }
    sqlx::query("ATTACH $1 AS full_text_build")
        .bind(full_text.file())
        .execute(&mut conn)
        .await?;
    let resumed = rebuild(&mut conn, &mut full_text).await;
    let detached = sqlx::query("DETACH full_text_build")
        .execute(&mut conn)
        .await;
    use sqlx::Connection as _;
    conn.close().await?;
    drop(writer);
    drop(full_text);
    detached?;
    if !resumed? {
        return Ok(false);
    }
    super::settle::after_bulk_write(db).await?;
    Ok(true)
}

/// In one transaction: recreate the indexes and triggers set aside (if a bulk load set
/// any aside), count each group's customers again and put the full-text indexes built
/// meanwhile in place.
async fn rebuild(
    conn: &mut sqlx::AnyConnection,
    full_text: &mut FullTextBuild,
) -> Result<bool, sqlx::Error> {
    use sqlx::Connection as _;
    // Not `BEGIN IMMEDIATE`, which would also take the write lock of the build's file,
    // attached, that its own connection is still writing: the first statement takes the
    // store's write lock alone, waiting for it as an immediate transaction does.
    let mut tx = conn.begin().await?;
    let saved: Option<String> =
        sqlx::query("UPDATE app_flags SET value = value WHERE name = $1 RETURNING value")
            .bind(BULK_LOAD_FLAG)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.try_get("value"))
            .transpose()?;
    let Some(saved) = saved else {
        return Ok(false);
    };
    let definitions: Vec<String> =
        serde_json::from_str(&saved).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    for sql in definitions.iter().map(String::as_str).chain(RECOUNT_SQLITE) {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await?;
    }
    full_text.finish(&mut tx, "full_text_build").await?;
    // A seed's customers are kept from here on ([`BULK_SEED_FLAG`]).
    sqlx::query("DELETE FROM app_flags WHERE name IN ($1, $2)")
        .bind(BULK_LOAD_FLAG)
        .bind(BULK_SEED_FLAG)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// `app_flags` row naming the customers (`<first>..<last>`) whose grid rows a
/// PostgreSQL bulk load committed without: [`resume_after_bulk_load`] adds them.
pub(crate) const BULK_ROWS_FLAG: &str = "customer_grid_bulk_rows";

/// Customers whose grid rows are added in one transaction after a bulk load.
const ROWS_CHUNK: i64 = 25_000;

/// Advisory lock held while one process loads in bulk or rebuilds set-aside indexes on
/// PostgreSQL: an app server started meanwhile, or app servers started together after an
/// interrupted build, leave the build to the process holding it.
pub(crate) const BULK_LOAD_LOCK: i64 = 0x636c_6965_6e74_0001;

/// [`resume_after_bulk_load`] on PostgreSQL: the indexes built two at a time, each on
/// a connection of its own (at a million customers 28–32 s, where one after another in
/// the load's transaction took 57 s), after the grid rows a load left to add, also two
/// chunks at a time. The largest indexes (full-text and trigram) go first, so the two
/// connections finish close together. Each is committed as it is built, and definitions
/// skip an index that exists: a build interrupted half way continues where it stopped.
async fn resume_on_postgres(db: &Db) -> Result<bool, sqlx::Error> {
    let mut first = db.pool.acquire().await?;
    if !crate::db::try_advisory_lock(&mut first, BULK_LOAD_LOCK).await? {
        return Ok(false);
    }
    let built = build_on_postgres(db, &mut first).await;
    crate::db::advisory_unlock(&mut first, BULK_LOAD_LOCK).await?;
    built
}

/// The work of [`resume_on_postgres`], by a caller holding [`BULK_LOAD_LOCK`] on `first`:
/// the grid rows a load left to add, then what it set aside. Returns whether there was
/// anything to do.
pub(crate) async fn build_on_postgres(
    db: &Db,
    first: &mut sqlx::AnyConnection,
) -> Result<bool, sqlx::Error> {
    let (mut rows, mut saved) = (None::<String>, None::<String>);
    for row in sqlx::query("SELECT name, value FROM app_flags WHERE name IN ($1, $2)")
        .bind(BULK_ROWS_FLAG)
        .bind(BULK_LOAD_FLAG)
        .fetch_all(&mut *first)
        .await?
    {
        let name: String = row.try_get("name")?;
        let value = Some(row.try_get("value")?);
        if name == BULK_ROWS_FLAG {
            rows = value;
        } else {
            saved = value;
        }
    }
    if rows.is_none() && saved.is_none() {
        return Ok(false);
    }
    let mut second = db.pool.acquire().await?;
    if let Some(range) = rows {
        // The grid rows first (the indexes are built over them), in chunks of customers,
        // each chunk's rows replaced in a transaction of its own: a fill interrupted half
        // way is done again whole.
        let (from, to) = id_range(&range, "grid rows to add")?;
        let chunks = (from..=to)
            .step_by(ROWS_CHUNK as usize)
            .map(|start| (start, (start + ROWS_CHUNK - 1).min(to)));
        let queue = std::sync::Mutex::new(chunks.collect::<std::collections::VecDeque<_>>());
        futures::try_join!(fill_from(&queue, first), fill_from(&queue, &mut second))?;
        sqlx::query("DELETE FROM app_flags WHERE name = $1")
            .bind(BULK_ROWS_FLAG)
            .execute(&mut *first)
            .await?;
    }
    if let Some(saved) = saved {
        let definitions: Vec<String> =
            serde_json::from_str(&saved).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        // Adding a foreign key back locks the tables it joins (about half a second each
        // at a million customers). The grid's first, alone: it locks the grid against the
        // index builds (and the customers against the other keys). Then the largest
        // index, the full-text one, while the other connection adds the customers' and
        // addresses' foreign keys (they lock no table it reads) and their own indexes
        // (a shopper's addresses are found by theirs; under a second each); then the
        // grid's other indexes, the largest first.
        let (grid_keys, mut definitions): (Vec<String>, Vec<String>) =
            definitions.into_iter().partition(|sql| {
                is_foreign_key(sql) && sql.contains("ALTER TABLE customer_grid_flat ")
            });
        for sql in grid_keys {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *first)
                .await?;
        }
        definitions.sort_by_key(|sql| {
            let gin = sql.contains(" USING gin ");
            let grid = sql.contains("customer_grid_flat USING ");
            match (is_foreign_key(sql), gin) {
                (false, true) if sql.contains(" (search)") => 0,
                (true, _) => 1,
                (false, false) if !grid => 2,
                (false, true) => 3,
                (false, false) => 4,
            }
        });
        let queue = std::sync::Mutex::new(std::collections::VecDeque::from(definitions));
        futures::try_join!(build_from(&queue, first), build_from(&queue, &mut second))?;
        sqlx::query("DELETE FROM app_flags WHERE name = $1")
            .bind(BULK_LOAD_FLAG)
            .execute(&mut *first)
            .await?;
    }
    Ok(true)
}

/// The next piece of work of a queue two connections take from.
fn next<T>(queue: &std::sync::Mutex<std::collections::VecDeque<T>>) -> Option<T> {
    queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front()
}

/// Add the grid rows of the chunks of customers in `queue`, on `conn`, until it is empty.
async fn fill_from(
    queue: &std::sync::Mutex<std::collections::VecDeque<(i64, i64)>>,
    conn: &mut sqlx::AnyConnection,
) -> Result<(), sqlx::Error> {
    use sqlx::Connection as _;
    while let Some((from, to)) = next(queue) {
        let mut tx = conn.begin().await?;
        refresh(&mut tx, from, to).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Build the definitions in `queue`, one after another on `conn`, until it is empty.
async fn build_from(
    queue: &std::sync::Mutex<std::collections::VecDeque<String>>,
    conn: &mut sqlx::AnyConnection,
) -> Result<(), sqlx::Error> {
    use sqlx::Connection as _;
    while let Some(sql) = next(queue) {
        if is_foreign_key(&sql) {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *conn)
                .await?;
            continue;
        }
        let sql = sql.replacen(" INDEX ", " INDEX IF NOT EXISTS ", 1);
        // A b-tree sorts in memory rather than in temporary files, and by its own
        // connection alone, without the parallel workers PostgreSQL would start for it:
        // two builds side by side already keep both cores busy, and a parallel sort only
        // adds the merging of the workers' runs (measured at a million customers, the
        // grid's 26 b-trees on two connections: 24.9–26.0 s without workers, 27.6–29.7 s
        // with two each). A GIN index gathers its entries in memory and writes them out
        // each time it is full, and gathers fastest in small amounts that stay in the
        // processor's caches: the full-text index at a million customers took 14.9 s
        // with 32 MB, 16.1 s with 64 MB and 23.2 s with 512 MB.
        let memory = if sql.contains(" USING gin ") {
            "32MB"
        } else {
            "512MB"
        };
        let mut tx = conn.begin().await?;
        for setting in [
            format!("SET LOCAL maintenance_work_mem = '{memory}'"),
            "SET LOCAL max_parallel_maintenance_workers = 0".to_string(),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(setting))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// `app_flags` row a migration adds when it adds sort keys: the rows indexed before then
/// need theirs.
const SORT_KEYS_FLAG: &str = "customer_grid_sort_keys";

/// Fill the sort keys of rows indexed before their key columns existed (a migration adds
/// them empty and sets [`SORT_KEYS_FLAG`]). Run after migrating (`server::open_state`);
/// on later starts it only reads the flag. The grid's indexes (and on SQLite its
/// full-text triggers) are set aside for the update and rebuilt once, as for a bulk load
/// (an update row by row through 30 indexes and two full-text tables would take minutes
/// at a million customers). Returns the rows updated.
pub async fn backfill_sort_keys(db: &Db) -> Result<u64, sqlx::Error> {
    let pending = sqlx::query("SELECT 1 AS one FROM app_flags WHERE name = $1")
        .bind(SORT_KEYS_FLAG)
        .fetch_optional(&db.pool)
        .await?
        .is_some();
    if !pending {
        return Ok(0);
    }
    suspend_for_bulk_load(db).await?;
    let sets: Vec<String> = super::sort_key::KEYED
        .iter()
        .map(|(column, key)| {
            format!(
                "{key} = {}",
                super::sort_key::fold_sql(db.backend, column.index_column())
            )
        })
        .collect();
    let sql = format!("UPDATE customer_grid_flat SET {}", sets.join(",\n  "));
    let mut tx = db.begin().await?;
    let updated = sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM app_flags WHERE name = $1")
        .bind(SORT_KEYS_FLAG)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    resume_after_bulk_load(db).await?;
    Ok(updated)
}
