//! Seeding a large store on PostgreSQL: rows go in through `COPY … FROM STDIN` on a
//! connection of its own (the `Any` driver has no `COPY`), the grid table's secondary
//! indexes are set aside and built once at the end, and all of it is one transaction:
//! a load that fails or is interrupted leaves the store as it was.
//!
//! The whole load holds the grid table's lock (dropping an index takes it), so the
//! customers grid waits for it: meant for seeding a new store, as [`LoadMode::Auto`]
//! chooses it only for a load at least as large as the store.
//!
//! [`LoadMode::Auto`]: super::LoadMode::Auto

use super::{Batches, SeedProgress, SeedReport, ADDRESS_COLUMNS, CUSTOMER_COLUMNS};
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
    let mut tx = conn.begin().await?;
    // Index builds sort in memory instead of in temporary files.
    sqlx::query("SET LOCAL maintenance_work_mem = '512MB'")
        .execute(&mut *tx)
        .await?;
    // No JIT compilation, as on the pool's connections: once the planner expects a
    // batch's grid rows to cost enough, compiling the statement's hundreds of expressions
    // takes longer than running them (measured at 1M customers: 1.9 s of JIT for a
    // 10,000-row batch that runs in 0.5 s without).
    sqlx::query("SET LOCAL jit = off").execute(&mut *tx).await?;
    // The definitions are read from the catalogue, so what is rebuilt is exactly what
    // the migrations created.
    let indexes: Vec<(String, String)> = sqlx::query(
        "SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE i.indrelid = 'customer_grid_flat'::regclass AND NOT i.indisprimary
         ORDER BY c.relname",
    )
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("name")?, row.try_get("def")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    for (name, _) in &indexes {
        let drop = format!("DROP INDEX \"{}\"", name.replace('"', "\"\""));
        sqlx::query(sqlx::AssertSqlSafe(drop))
            .execute(&mut *tx)
            .await?;
    }

    let copy_customers = copy_sql("customer_entity", CUSTOMER_COLUMNS);
    let copy_addresses = copy_sql("customer_address_entity", ADDRESS_COLUMNS);
    let insert_grid = crate::customers::grid::index::insert_sql(crate::db::Backend::Postgres);
    let mut report = SeedReport {
        customers: 0,
        addresses: 0,
    };
    while let Some(batch) = batches.next().await? {
        let mut copy = tx.copy_in_raw(&copy_customers).await?;
        copy.send(batch.customers.as_bytes()).await?;
        copy.finish().await?;
        if batch.address_count > 0 {
            let mut copy = tx.copy_in_raw(&copy_addresses).await?;
            copy.send(batch.addresses.as_bytes()).await?;
            copy.finish().await?;
        }
        sqlx::query(sqlx::AssertSqlSafe(insert_grid))
            .bind("\n")
            .bind(batch.first_id)
            .bind(batch.last_id())
            .execute(&mut *tx)
            .await?;
        report.customers += batch.size;
        report.addresses += batch.address_count;
        progress(SeedProgress::Customers {
            done: report.customers,
            total: batches.count,
        });
    }

    progress(SeedProgress::BuildingIndexes);
    for (_, def) in indexes {
        sqlx::query(sqlx::AssertSqlSafe(def))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    // Fresh statistics for the planner (the tables grew many times over), and the
    // visibility map, without which an index-only walk (migration 0032) would read every
    // row it passes: autovacuum would set it too, but only a while later.
    sqlx::query("VACUUM (ANALYZE) customer_entity, customer_address_entity, customer_grid_flat")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(report)
}
