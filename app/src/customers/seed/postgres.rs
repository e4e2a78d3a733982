//! Seeding a large store on PostgreSQL: customers and addresses go in through `COPY …
//! FROM STDIN` on a connection of its own (the `Any` driver has no `COPY`), in one
//! transaction with the grid table's secondary indexes and the three tables' foreign keys
//! set aside ([`index::FOREIGN_KEYS_POSTGRES`]): a load that fails or is interrupted
//! leaves the store as it was. Their grid rows, then the foreign keys and the grid's
//! indexes, are then built two at a time on other connections
//! ([`index::resume_after_bulk_load`]):
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

use super::{Batches, SeedProgress, SeedReport, ADDRESS_COLUMNS, CUSTOMER_COLUMNS};
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
        let mut copy = tx.copy_in_raw(&copy_customers).await?;
        copy.send(batch.customers.as_bytes()).await?;
        copy.finish().await?;
        if batch.address_count > 0 {
            let mut copy = tx.copy_in_raw(&copy_addresses).await?;
            copy.send(batch.addresses.as_bytes()).await?;
            copy.finish().await?;
        }
        report.customers += batch.size;
        report.addresses += batch.address_count;
        progress(SeedProgress::Customers {
            done: report.customers,
            total: batches.count,
        });
    }

    // The customers' grid rows are added after the commit, like the indexes and before
    // them, by two of the pool's connections at once (at a million customers the rows
    // took half a second a batch of 10,000 in this transaction, where the customers'
    // COPY took a quarter). The pool's connections compile no plan (no JIT): for the
    // rows' statement, compiling its hundreds of expressions took 1.9 s of a 10,000-row
    // batch that runs in 0.5 s without.
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
