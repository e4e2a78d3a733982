//! Seeding a large store on PostgreSQL: customers and addresses go in through `COPY …
//! FROM STDIN` on a connection of its own (the `Any` driver has no `COPY`), in one
//! transaction with the grid table's secondary indexes and the three tables' foreign keys
//! set aside ([`index::FOREIGN_KEYS_POSTGRES`]): a load that fails or is interrupted
//! leaves the store as it was. Their grid rows (written by the seed: [`grid_rows`]), then
//! the foreign keys and the grid's indexes, are then added two at a time on other
//! connections ([`copy_grid_rows`], [`index::resume_after_bulk_load`]):
//! what is left to build was committed with the load (`app_flags`), so a build that is
//! interrupted is finished at the next start. Until then the new customers are missing
//! from the grid, as they would be from an index being built.
//!
//! The load holds the grid table's lock (dropping an index takes it), and those of the
//! websites, customer groups and store views (dropping a foreign key locks the table it
//! refers to), so the store's pages wait for it: meant for seeding a new store, as
//! [`LoadMode::Auto`] chooses it only for a load at least as large as the store.
//!
//! [`LoadMode::Auto`]: super::LoadMode::Auto

use super::{
    grid_rows, Batches, Encoding, SeedProgress, SeedReport, ADDRESS_COLUMNS, CUSTOMER_COLUMNS,
};
use crate::customers::grid::index;
use crate::db::Db;
use crate::error::AppError;
use sqlx::{Connection as _, Row as _};

/// `COPY <table> (<columns>) FROM STDIN` (text format).
fn copy_sql(table: &str, columns: &[(&str, &str)]) -> String {
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    format!("COPY {table} ({}) FROM STDIN", names.join(", "))
}

/// Load every batch, a grid row for each customer, then build the grid's indexes.
pub(super) async fn bulk_load(
    db: &Db,
    batches: &mut Batches,
    progress: &mut impl FnMut(SeedProgress),
) -> Result<SeedReport, AppError> {
    let mut conn = db
        .postgres_connection()
        .await?
        .ok_or_else(|| AppError::internal("a COPY load needs PostgreSQL"))?;
    // A build of the indexes that died half way is finished first, so nothing is set
    // aside twice.
    index::resume_after_bulk_load(db).await?;
    let mut tx = conn.begin().await?;
    // The definitions are read from the catalogue, so what is rebuilt is exactly what
    // the migrations created; they are kept in `app_flags` with the load, so an
    // interrupted build is finished at the next start.
    let mut saved = Vec::new();
    for row in sqlx::query(index::SET_ASIDE_POSTGRES)
        .fetch_all(&mut *tx)
        .await?
    {
        let (kind, name): (String, String) = (row.try_get("type")?, row.try_get("name")?);
        saved.push(row.try_get::<String, _>("sql")?);
        sqlx::query(sqlx::AssertSqlSafe(index::drop_sql(&kind, &name)))
            .execute(&mut *tx)
            .await?;
    }
    for row in sqlx::query(index::FOREIGN_KEYS_POSTGRES)
        .fetch_all(&mut *tx)
        .await?
    {
        saved.push(row.try_get::<String, _>("sql")?);
        let drop: String = row.try_get("drop_sql")?;
        sqlx::query(sqlx::AssertSqlSafe(drop))
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO app_flags (name, value) VALUES ($1, $2)")
        .bind(index::BULK_LOAD_FLAG)
        .bind(index::saved_definitions(&saved)?)
        .execute(&mut *tx)
        .await?;

    let copy_customers = copy_sql("customer_entity", CUSTOMER_COLUMNS);
    let copy_addresses = copy_sql("customer_address_entity", ADDRESS_COLUMNS);
    let first_id = batches.first_id;
    let mut report = SeedReport {
        customers: 0,
        addresses: 0,
    };
    while let Some(batch) = batches.next().await? {
        copy_text(&mut tx, &copy_customers, &batch.customers).await?;
        if batch.address_count > 0 {
            copy_text(&mut tx, &copy_addresses, &batch.addresses).await?;
        }
        report.customers += batch.size;
        report.addresses += batch.address_count;
        progress(SeedProgress::Customers {
            done: report.customers,
            total: batches.count,
        });
    }

    // The customers' grid rows are added after the commit, like the indexes and before
    // them, two batches at a time on two connections ([`copy_grid_rows`]; at a million
    // customers the rows took half a second a batch of 10,000 in this transaction, where
    // the customers' COPY took a quarter). Until they are all in, this flag says which
    // are missing, and [`index::resume_after_bulk_load`] adds them through the SQL.
    if report.customers > 0 {
        let last = first_id + report.customers as i64 - 1;
        sqlx::query("INSERT INTO app_flags (name, value) VALUES ($1, $2)")
            .bind(index::BULK_ROWS_FLAG)
            .bind(format!("{first_id}..{last}"))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    progress(SeedProgress::BuildingIndexes);
    if report.customers > 0 {
        copy_grid_rows(db, batches).await?;
    }
    index::resume_after_bulk_load(db).await?;
    // Fresh statistics for the planner (the tables grew many times over), and the
    // visibility map, without which an index-only walk (migration 0032) would read every
    // row it passes: autovacuum would set it too, but only a while later.
    sqlx::query("VACUUM (ANALYZE) customer_entity, customer_address_entity, customer_grid_flat")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(report)
}

/// The load's grid rows, written by [`grid_rows`] and copied on two connections, a batch
/// in a transaction at a time; then those of the customers it left to the SQL, and the
/// flag of missing rows removed. Done under the lock of [`index::resume_after_bulk_load`],
/// which adds the rows through the SQL instead when this does not: another process holds
/// the lock, the database's fold is not [`grid_rows`]'s, the grid has a column the seed
/// does not know, or this stopped half way (the flag stays until the end).
async fn copy_grid_rows(db: &Db, load: &Batches) -> Result<(), AppError> {
    let connect = || async {
        db.postgres_connection()
            .await?
            .ok_or_else(|| AppError::internal("a COPY load needs PostgreSQL"))
    };
    let mut lock = connect().await?;
    let locked: bool = sqlx::query("SELECT pg_try_advisory_lock($1) AS locked")
        .bind(index::BULK_LOAD_LOCK)
        .fetch_one(&mut lock)
        .await?
        .try_get("locked")?;
    if !locked {
        return Ok(());
    }
    // The database's sort-key fold, and its `unaccent` and `lower` of the `search` words,
    // of every letter the seed writes itself.
    let fold = crate::customers::grid::sort_key::fold_sql_portable("$1::text");
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {fold} AS folded, lower(clientele_unaccent($1)) AS unaccented"
    )))
    .bind(grid_rows::sample())
    .fetch_one(&mut lock)
    .await?;
    let search = grid_rows::sample_agrees(&row.try_get::<String, _>("unaccented")?);
    let folds_alike = grid_rows::sample_agrees(&row.try_get::<String, _>("folded")?);
    if let Some(copy) = grid_rows::copy_sql(search).filter(|_| folds_alike) {
        let source = tokio::sync::Mutex::new(load.again(Encoding::GridCopy { search }));
        let left = std::sync::Mutex::new(Vec::new());
        let (mut first, mut second) = (connect().await?, connect().await?);
        futures::try_join!(
            copy_from(&source, &copy, &left, &mut first),
            copy_from(&source, &copy, &left, &mut second)
        )?;
        first.close().await?;
        second.close().await?;
        let left = left.into_inner().unwrap_or_else(|e| e.into_inner());
        for id in left {
            let mut tx = db.begin().await?;
            index::refresh_one(&mut tx, id).await?;
            tx.commit().await?;
        }
        sqlx::query("DELETE FROM app_flags WHERE name = $1")
            .bind(index::BULK_ROWS_FLAG)
            .execute(&mut lock)
            .await?;
    }
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(index::BULK_LOAD_LOCK)
        .execute(&mut lock)
        .await?;
    lock.close().await?;
    Ok(())
}

/// Copy the grid rows of the batches `source` generates, on `conn`, until it is done;
/// the customers whose rows are left to the SQL go to `left`.
async fn copy_from(
    source: &tokio::sync::Mutex<Batches>,
    copy: &str,
    left: &std::sync::Mutex<Vec<i64>>,
    conn: &mut sqlx::PgConnection,
) -> Result<(), AppError> {
    loop {
        let Some(batch) = source.lock().await.next().await? else {
            return Ok(());
        };
        let (rows, to_sql) = batch
            .grid
            .ok_or_else(|| AppError::internal("the seed wrote no grid rows"))?;
        left.lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(to_sql);
        let mut tx = conn.begin().await?;
        copy_text(&mut tx, copy, &rows).await?;
        tx.commit().await?;
    }
}

/// Send `rows` (COPY text) through the `COPY … FROM STDIN` statement `sql` on `conn`.
async fn copy_text(
    conn: &mut sqlx::PgConnection,
    sql: &str,
    rows: &str,
) -> Result<(), sqlx::Error> {
    let mut sink = conn.copy_in_raw(sql).await?;
    sink.send(rows.as_bytes()).await?;
    sink.finish().await?;
    Ok(())
}
