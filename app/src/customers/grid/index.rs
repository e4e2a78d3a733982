//! Upkeep of the grid index `customer_grid_flat` (Magento's `customer_grid` indexer).
//!
//! Every write to a customer or an address calls [`refresh`] for that customer inside the
//! write's own transaction, so the grid and keyword search are never stale and no admin
//! has to remember a reindex. On SQLite the FTS5 table follows the flat table through
//! triggers; on PostgreSQL the `search` column is generated.

use super::columns::Column;
use crate::db::{Backend, Db, Tx};
use sqlx::Row;

/// Index columns the grid does not show: the billing phone's digits, for searching a
/// phone number however it was typed (and, added in [`refresh_sql`], the words of
/// searchable custom attributes: [`super::words`]).
const SEARCH_ONLY: &[(&str, &str)] = &[(
    "billing_phone_digits",
    "replace(replace(replace(replace(replace(replace(replace(b.telephone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')",
)];

/// Rebuild the grid rows of customers `$2..=$3` from their entity and default addresses
/// (`$1` is a newline): every column of the column table, filled by its source SQL, the
/// search-only columns and the text columns' sort keys.
fn refresh_sql(backend: Backend) -> String {
    let keys: Vec<(&str, String)> = super::sort_key::KEYED
        .iter()
        .map(|(column, key)| {
            (
                *key,
                super::sort_key::fold_sql(backend, column.source_sql()),
            )
        })
        .collect();
    let (names, sources): (Vec<&str>, Vec<&str>) = Column::ALL
        .iter()
        .map(|c| (c.index_column(), c.source_sql()))
        .chain(SEARCH_ONLY.iter().copied())
        .chain([("attribute_words", super::words::words_sql())])
        .chain(keys.iter().map(|(key, sql)| (*key, sql.as_str())))
        .unzip();
    format!(
        "INSERT INTO customer_grid_flat ({})
         SELECT {}
         FROM customer_entity c
         LEFT JOIN customer_address_entity b
           ON b.entity_id = c.default_billing AND b.parent_id = c.entity_id
         LEFT JOIN customer_address_entity s
           ON s.entity_id = c.default_shipping AND s.parent_id = c.entity_id
         WHERE c.entity_id BETWEEN $2 AND $3",
        names.join(", "),
        sources.join(",\n  ")
    )
}

/// The statement adding the grid rows of customers `$2..=$3` (`$1` is a newline):
/// [`refresh`] after deleting theirs, and bulk loads once for every customer they add.
/// Parameters are numbered in order of first use, as SQLite numbers them.
pub(crate) fn insert_sql(backend: Backend) -> &'static str {
    static SQLITE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| refresh_sql(Backend::Sqlite));
    static POSTGRES: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| refresh_sql(Backend::Postgres));
    match backend {
        Backend::Sqlite => SQLITE.as_str(),
        Backend::Postgres => POSTGRES.as_str(),
    }
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
    sqlx::query(sqlx::AssertSqlSafe(insert_sql(backend)))
        .bind("\n")
        .bind(from)
        .bind(to)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Rebuild the grid row of one customer.
pub async fn refresh_one(tx: &mut Tx<'_>, id: i64) -> Result<(), sqlx::Error> {
    refresh(tx, id, id).await
}

/// `app_flags` row holding the index and trigger definitions a bulk load set aside.
const BULK_LOAD_FLAG: &str = "customer_grid_bulk_load";

/// Before a bulk load on SQLite (seeding a large store): set the grid table's secondary
/// indexes and full-text triggers aside, so rows go in without one b-tree and two FTS5
/// updates each. Building them once over the loaded rows is far cheaper (measured at
/// 200,000 customers: 12.5 s row by row, 9.2 s loaded then built).
///
/// Their definitions are read from `sqlite_master` and kept in `app_flags` (never written
/// twice in the code), so [`resume_after_bulk_load`] restores exactly what the
/// migrations created, even after a crash. Until then, searches miss the new rows and
/// grid sorts scan; PostgreSQL is left as it is.
pub async fn suspend_for_bulk_load(db: &Db) -> Result<(), sqlx::Error> {
    if db.backend != Backend::Sqlite {
        return Ok(());
    }
    // A load that died half way is finished first, so nothing is set aside twice.
    resume_after_bulk_load(db).await?;
    let mut tx = db.begin().await?;
    let rows = sqlx::query(
        "SELECT type, name, sql FROM sqlite_master
         WHERE tbl_name = 'customer_grid_flat' AND type IN ('index', 'trigger')
           AND sql IS NOT NULL
         ORDER BY type, name",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut saved = Vec::with_capacity(rows.len());
    for row in &rows {
        let kind: String = row.try_get("type")?;
        let name: String = row.try_get("name")?;
        saved.push(row.try_get::<String, _>("sql")?);
        let drop = format!(
            "DROP {} \"{}\"",
            if kind == "index" { "INDEX" } else { "TRIGGER" },
            name.replace('"', "\"\"")
        );
        sqlx::query(sqlx::AssertSqlSafe(drop))
            .execute(&mut *tx)
            .await?;
    }
    let saved = serde_json::to_string(&saved).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query("INSERT INTO app_flags (name, value) VALUES ($1, $2)")
        .bind(BULK_LOAD_FLAG)
        .bind(saved)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// After a bulk load (or at start-up, after one that died): recreate what
/// [`suspend_for_bulk_load`] set aside and rebuild both full-text indexes from the grid
/// table, in one transaction. Returns whether there was anything to do.
pub async fn resume_after_bulk_load(db: &Db) -> Result<bool, sqlx::Error> {
    if db.backend != Backend::Sqlite {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    let saved: Option<String> = sqlx::query("SELECT value FROM app_flags WHERE name = $1")
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
    for sql in definitions {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await?;
    }
    // Each index is rebuilt with FTS5's own 1 MiB to gather terms in. More is faster to
    // build but leaves fewer segments and levels behind, and later saves merge into the
    // big one sooner: measured at a million customers, gathering all of the trigram
    // index at once (4.9 s instead of 7.7 + 1.5 s of merging) left it as one segment on
    // the lowest level, and about the fifteenth save after the load merged all of it
    // again (an inline edit of 3.5 s); 16 MiB (5.4 + 1.5 s) still gave 1 save in 1,500 a
    // 36 ms merge where 1 MiB gave none over 3 ms.
    for fts in ["customer_grid_fts", "customer_grid_trigram"] {
        let rebuild = format!("INSERT INTO {fts} ({fts}) VALUES ('rebuild')");
        sqlx::query(sqlx::AssertSqlSafe(rebuild))
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM app_flags WHERE name = $1")
        .bind(BULK_LOAD_FLAG)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    compact_full_text(db).await?;
    Ok(true)
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
        let optimize = format!("INSERT INTO {fts} ({fts}) VALUES ('optimize')");
        sqlx::query(sqlx::AssertSqlSafe(optimize))
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
/// on later starts it only reads the flag. On SQLite the grid's indexes and full-text
/// triggers are set aside for the update and rebuilt once, as for a bulk load (an update
/// row by row through 30 indexes and two full-text tables would take minutes at a
/// million customers). Returns the rows updated.
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
