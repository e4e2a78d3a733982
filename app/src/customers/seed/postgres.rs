//! Seeding a large store on PostgreSQL: customers and addresses go in through `COPY …
//! FROM STDIN` on a connection of its own (the `Any` driver has no `COPY`), in one
//! transaction with their foreign keys and secondary indexes set aside
//! ([`index::FOREIGN_KEYS_POSTGRES`], [`LOAD_INDEXES`]; the unique ones built again before
//! it commits): a load that fails or is interrupted leaves them as they were. Their grid
//! rows (written by the seed: [`grid_rows`]) go in meanwhile on another connection, in a
//! transaction committed right after the load's, on the core the load leaves idle; the
//! grid's secondary indexes and its foreign key are set aside before both, in a
//! transaction of their own ([`set_aside_grid`]), since the load's would hold the grid
//! table's lock.
//! Then the foreign keys and the other indexes are added two at a time on other
//! connections ([`index::build_on_postgres`]).
//!
//! What is left to build is committed (`app_flags`), so a build that is interrupted is
//! finished at the next start, and a load that fails is followed by the build of what was
//! set aside for it. One process loads or builds at a time ([`index::BULK_LOAD_LOCK`],
//! held from before anything is set aside until all is built). Until then the grid sorts
//! without its indexes, and the new customers are missing from it, as they would be from
//! an index being built.
//!
//! The load holds the locks of the customer and address tables, and those of the
//! websites, customer groups and store views (dropping a foreign key locks the table it
//! refers to), so the store's pages that write them wait for it: meant for seeding a new
//! store, as [`LoadMode::Auto`] chooses it only for a load at least as large as the store.
//!
//! [`LoadMode::Auto`]: super::LoadMode::Auto

use super::{grid_rows, Batches, SeedProgress, SeedReport, ADDRESS_COLUMNS, CUSTOMER_COLUMNS};
use crate::customers::grid::index;
use crate::db::Db;
use crate::error::AppError;
use sqlx::{Connection as _, Row as _};

/// `COPY <table> (<columns>) FROM STDIN` (text format).
fn copy_sql(table: &str, columns: &[(&str, &str)]) -> String {
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    format!("COPY {table} ({}) FROM STDIN", names.join(", "))
}

/// Load every batch with its grid rows, then build what was set aside.
pub(super) async fn bulk_load(
    db: &Db,
    batches: &mut Batches,
    progress: &mut impl FnMut(SeedProgress),
) -> Result<SeedReport, AppError> {
    // Out of the pool: were this stopped half way, closing it gives the lock back.
    let mut first = db.pool.acquire().await?.detach();
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(index::BULK_LOAD_LOCK)
        .execute(&mut first)
        .await?;
    let loaded = load_locked(db, &mut first, batches, progress).await;
    // Also after a load that failed: what was set aside before its transaction is built
    // again (the load's own transaction rolled back).
    let built = index::build_on_postgres(db, &mut first).await;
    let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(index::BULK_LOAD_LOCK)
        .execute(&mut first)
        .await;
    let report = loaded?;
    built?;
    unlocked?;
    // Fresh statistics for the planner (the tables grew many times over), and the
    // visibility map, without which an index-only walk (migration 0032) would read every
    // row it passes: autovacuum would set it too, but only a while later. The grid on
    // this connection, the customers and addresses on another, side by side.
    let mut second = db.pool.acquire().await?;
    futures::try_join!(
        sqlx::query("VACUUM (ANALYZE) customer_grid_flat").execute(&mut first),
        sqlx::query("VACUUM (ANALYZE) customer_entity, customer_address_entity")
            .execute(&mut *second),
    )?;
    drop(second);
    first.close().await?;
    Ok(report)
}

/// [`bulk_load`] once it holds the lock, up to the build.
async fn load_locked(
    db: &Db,
    first: &mut sqlx::AnyConnection,
    batches: &mut Batches,
    progress: &mut impl FnMut(SeedProgress),
) -> Result<SeedReport, AppError> {
    // A build that died half way is finished first, so nothing is set aside twice.
    index::build_on_postgres(db, first).await?;
    let grid_copy = grid_copy_sql(first).await?;
    let connect = || async {
        db.postgres_connection()
            .await?
            .ok_or_else(|| AppError::internal("a COPY load needs PostgreSQL"))
    };
    let mut conn = connect().await?;
    let mut saved = set_aside_grid(&mut conn).await?;

    let mut tx = conn.begin().await?;
    set_aside_foreign_keys(&mut tx, |_| true, &mut saved).await?;
    let unique = set_aside_load_indexes(&mut tx, &mut saved).await?;
    sqlx::query("UPDATE app_flags SET value = $2 WHERE name = $1")
        .bind(index::BULK_LOAD_FLAG)
        .bind(index::saved_definitions(&saved)?)
        .execute(&mut *tx)
        .await?;

    // The grid rows, written from each batch's generated rows on another core while the
    // next batch loads, and copied on their connection as they come.
    let (rows, generated) = tokio::sync::mpsc::channel(2);
    let (committed, load_committed) = tokio::sync::oneshot::channel();
    let grid = async {
        match &grid_copy {
            Some((sql, _)) => copy_grid(connect().await?, sql, generated, load_committed).await,
            None => Ok(None),
        }
    };
    let load = async {
        let grid = grid_copy.as_ref().map(|(_, search)| (rows, *search));
        let report = copy_batches(&mut tx, batches, grid, progress).await?;
        // The customers' grid rows are committed after the load (or added by the SQL,
        // where the seed writes none or the grid's commit fails): until they are all in,
        // this flag says which are missing, and [`index::build_on_postgres`] adds them.
        if report.customers > 0 {
            let last = batches.first_id + report.customers as i64 - 1;
            sqlx::query("INSERT INTO app_flags (name, value) VALUES ($1, $2)")
                .bind(index::BULK_ROWS_FLAG)
                .bind(format!("{}..{last}", batches.first_id))
                .execute(&mut *tx)
                .await?;
        }
        // The unique ones back before the commit: a load whose email is taken fails here
        // and rolls back whole. A b-tree sorts in memory rather than in temporary files.
        if !unique.is_empty() {
            sqlx::query("SET LOCAL maintenance_work_mem = '512MB'")
                .execute(&mut *tx)
                .await?;
        }
        for sql in &unique {
            sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        let _ = committed.send(());
        Ok::<_, AppError>(report)
    };
    let (report, left) = futures::try_join!(load, grid)?;
    conn.close().await?;
    progress(SeedProgress::BuildingIndexes);
    if let Some(left) = left {
        for id in left {
            let mut tx = db.begin().await?;
            index::refresh_one(&mut tx, id).await?;
            tx.commit().await?;
        }
        sqlx::query("DELETE FROM app_flags WHERE name = $1")
            .bind(index::BULK_ROWS_FLAG)
            .execute(&mut *first)
            .await?;
    }
    Ok(report)
}

/// Copy the batches' customers and addresses in the load's transaction, each batch's
/// generated rows handed to `grid` (with their grid rows being written) once it is in.
async fn copy_batches(
    tx: &mut sqlx::PgConnection,
    batches: &mut Batches,
    grid: Option<(tokio::sync::mpsc::Sender<GridRows>, bool)>,
    progress: &mut impl FnMut(SeedProgress),
) -> Result<SeedReport, AppError> {
    let copy_customers = copy_sql("customer_entity", CUSTOMER_COLUMNS);
    let copy_addresses = copy_sql("customer_address_entity", ADDRESS_COLUMNS);
    let mut report = SeedReport {
        customers: 0,
        addresses: 0,
    };
    while let Some(batch) = batches.next().await? {
        copy_text(tx, &copy_customers, &batch.customers).await?;
        if batch.address_count > 0 {
            copy_text(tx, &copy_addresses, &batch.addresses).await?;
        }
        if let (Some((grid, search)), Some((customers, addresses))) = (&grid, batch.generated) {
            let search = *search;
            let rows = tokio::task::spawn_blocking(move || {
                grid_rows::grid_copy(&customers, &addresses, search)
            });
            grid.send(rows)
                .await
                .map_err(|_| AppError::internal("the grid rows' connection stopped"))?;
        }
        report.customers += batch.size;
        report.addresses += batch.address_count;
        progress(SeedProgress::Customers {
            done: report.customers,
            total: batches.count,
        });
    }
    Ok(report)
}

/// A batch's grid rows being written: COPY text, and the customers whose rows are left to
/// the SQL ([`grid_rows::grid_copy`]).
type GridRows = tokio::task::JoinHandle<Option<(String, Vec<i64>)>>;

/// The `COPY` statement of the grid rows the seed writes, and whether they hold their
/// `search` words. `None` where the seed writes none and the SQL adds them all: the
/// database's sort-key fold is not the seed's, or the grid has a column the seed does not
/// know ([`grid_rows::copy_sql`]).
async fn grid_copy_sql(conn: &mut sqlx::AnyConnection) -> Result<Option<(String, bool)>, AppError> {
    // The database's sort-key fold, and its `unaccent` and `lower` of the `search` words,
    // of every letter the seed writes itself.
    let fold = crate::customers::grid::sort_key::fold_sql_portable("$1::text");
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {fold} AS folded, lower(clientele_unaccent($1)) AS unaccented"
    )))
    .bind(grid_rows::sample())
    .fetch_one(&mut *conn)
    .await?;
    let search = grid_rows::sample_agrees(&row.try_get::<String, _>("unaccented")?);
    let folds_alike = grid_rows::sample_agrees(&row.try_get::<String, _>("folded")?);
    Ok(grid_rows::copy_sql(search)
        .filter(|_| folds_alike)
        .map(|sql| (sql, search)))
}

/// Set the grid table's secondary indexes and its foreign key aside, in a transaction
/// committed at once with their definitions (`app_flags`), and return those: the grid
/// rows then go in on a connection of their own while the load's transaction runs, which
/// would otherwise hold the grid table's lock (dropping an index or a foreign key takes
/// it) until its end.
async fn set_aside_grid(conn: &mut sqlx::PgConnection) -> Result<Vec<String>, AppError> {
    let mut tx = conn.begin().await?;
    let mut saved = Vec::new();
    for row in drop_listed(&mut tx, index::SET_ASIDE_POSTGRES).await? {
        saved.push(row.try_get("sql")?);
    }
    set_aside_foreign_keys(&mut tx, |table| table == "customer_grid_flat", &mut saved).await?;
    sqlx::query("INSERT INTO app_flags (name, value) VALUES ($1, $2)")
        .bind(index::BULK_LOAD_FLAG)
        .bind(index::saved_definitions(&saved)?)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(saved)
}

/// The secondary indexes of the customer and address tables, which a load sets aside in
/// its transaction: kept, each took a b-tree insert per row (at a million customers 6.8 s
/// of the 10.9 s the customers' rows took to write, 2.2 s of the addresses' 6.2 s; built
/// afterwards 2.5 s and 0.5 s). Partial indexes stay (a seed's rows are not in them), as
/// do those behind a constraint.
const LOAD_INDEXES: &str =
    "SELECT c.relname::text AS name, pg_get_indexdef(i.indexrelid) AS sql, i.indisunique AS is_unique
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid IN ('customer_entity'::regclass, 'customer_address_entity'::regclass)
       AND NOT i.indisprimary AND i.indpred IS NULL
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY c.relname";

/// Drop the indexes of [`LOAD_INDEXES`] in the load's transaction. The definitions of the
/// unique ones are returned, to be built again before it commits (the load's rows checked
/// against the store's); the others' are added to `saved`, to be built with the grid's.
async fn set_aside_load_indexes(
    tx: &mut sqlx::PgConnection,
    saved: &mut Vec<String>,
) -> Result<Vec<String>, AppError> {
    let mut unique = Vec::new();
    for row in drop_listed(tx, LOAD_INDEXES).await? {
        let sql: String = row.try_get("sql")?;
        if row.try_get::<bool, _>("is_unique")? {
            unique.push(sql);
        } else {
            saved.push(sql);
        }
    }
    Ok(unique)
}

/// Drop each index `listing` names (its `name` column); its rows are returned, with
/// the definitions that build them again.
async fn drop_listed(
    conn: &mut sqlx::PgConnection,
    listing: &str,
) -> Result<Vec<sqlx::postgres::PgRow>, AppError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(listing))
        .fetch_all(&mut *conn)
        .await?;
    for row in &rows {
        let name: String = row.try_get("name")?;
        sqlx::query(sqlx::AssertSqlSafe(index::drop_sql("index", &name)))
            .execute(&mut *conn)
            .await?;
    }
    Ok(rows)
}

/// Drop the foreign keys ([`index::FOREIGN_KEYS_POSTGRES`]) of the tables `of` takes,
/// their definitions added to `saved`.
async fn set_aside_foreign_keys(
    conn: &mut sqlx::PgConnection,
    of: impl Fn(&str) -> bool,
    saved: &mut Vec<String>,
) -> Result<(), AppError> {
    for row in sqlx::query(index::FOREIGN_KEYS_POSTGRES)
        .fetch_all(&mut *conn)
        .await?
    {
        if of(&row.try_get::<String, _>("table_name")?) {
            saved.push(row.try_get("sql")?);
            let drop: String = row.try_get("drop_sql")?;
            sqlx::query(sqlx::AssertSqlSafe(drop))
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Copy the grid rows of the batches `generated` hands over, on `conn`, in one
/// transaction committed once the load's is (`load_committed`): never visible before the
/// customers they show. Returns the customers whose rows are left to the SQL.
async fn copy_grid(
    mut conn: sqlx::PgConnection,
    sql: &str,
    mut generated: tokio::sync::mpsc::Receiver<GridRows>,
    load_committed: tokio::sync::oneshot::Receiver<()>,
) -> Result<Option<Vec<i64>>, AppError> {
    let mut tx = conn.begin().await?;
    let mut left = Vec::new();
    while let Some(rows) = generated.recv().await {
        let (rows, to_sql) = rows
            .await
            .map_err(AppError::internal)?
            .ok_or_else(|| AppError::internal("the seed wrote no grid rows"))?;
        left.extend(to_sql);
        copy_text(&mut tx, sql, &rows).await?;
    }
    if load_committed.await.is_err() {
        // The load failed: its error is the one reported, and these rows roll back.
        return Ok(None);
    }
    tx.commit().await?;
    conn.close().await?;
    Ok(Some(left))
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
