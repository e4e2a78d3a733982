//! `server seed --customers N [--seed S]`: deterministic, realistic customers for demos
//! and benchmarks. Customer `n` depends only on `(seed, n)`, so two runs with the same
//! seed produce the same data. Rows go in as one JSON batch per table and transaction,
//! together with their grid-index rows, or on PostgreSQL in bulk through `COPY`.

mod generate;
mod grid_rows;
mod ids;
mod postgres;

use crate::customers::grid::fts_build::FullTextBuild;
use crate::db::copy::CopyRows;
use crate::db::{Backend, Tx};
use crate::error::AppError;
use crate::state::AppState;
pub use generate::Rng;
use generate::{generate, NewAddress, NewCustomer, StoreRef};
use sqlx::Row;

/// Customers per transaction while the store's other writers wait their turn (about a
/// quarter of a second on SQLite).
const BATCH: u64 = 10_000;
/// Customers per batch of a bulk load, which has the store to itself: fewer, larger
/// commits (at a million customers on SQLite 59–60 s instead of 62 s with 10,000).
const BULK_BATCH: u64 = 25_000;

/// What a seeding run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub customers: u64,
    pub addresses: u64,
}

/// `INSERT INTO <table> (<columns>) SELECT … FROM <a JSON array of row arrays>`.
///
/// A batch travels as one JSON parameter instead of thousands of bound values: binding
/// cost, not SQL, dominated seeding (measured through sqlx on SQLite: 20 rows a
/// statement seeded 26,000 customers/s; one JSON array per batch several times more).
/// `columns` pairs each column with its PostgreSQL type for the casts.
///
/// On SQLite each row is first turned into SQLite's binary JSON, once: `json_each` hands
/// a row out as text, and every `->>` on it would parse that text again (measured at
/// 200,000 customers of 18 columns: 1.34 s of text, 0.60 s binary).
fn insert_json_sql(backend: Backend, table: &str, columns: &[(&str, &str)]) -> String {
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let values: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, ty))| match backend {
            Backend::Sqlite => format!("r.v ->> {i}"),
            Backend::Postgres => format!("(j.value ->> {i})::{ty}"),
        })
        .collect();
    match backend {
        Backend::Sqlite => format!(
            "WITH r AS MATERIALIZED (SELECT jsonb(j.value) AS v FROM json_each($1) AS j)
             INSERT INTO {table} ({}) SELECT {} FROM r",
            names.join(", "),
            values.join(", ")
        ),
        Backend::Postgres => format!(
            "INSERT INTO {table} ({}) SELECT {} FROM json_array_elements($1::json) AS j(value)",
            names.join(", "),
            values.join(", ")
        ),
    }
}

const CUSTOMER_COLUMNS: &[(&str, &str)] = &[
    ("entity_id", "bigint"),
    ("website_id", "bigint"),
    ("email", "text"),
    ("group_id", "bigint"),
    ("store_id", "bigint"),
    ("created_in", "text"),
    ("created_at", "bigint"),
    ("updated_at", "bigint"),
    ("firstname", "text"),
    ("lastname", "text"),
    ("dob", "text"),
    ("default_billing", "bigint"),
    ("default_shipping", "bigint"),
    ("taxvat", "text"),
    ("confirmation", "text"),
    ("gender", "bigint"),
    ("lock_expires", "bigint"),
    ("failures_num", "bigint"),
];

const ADDRESS_COLUMNS: &[(&str, &str)] = &[
    ("entity_id", "bigint"),
    ("parent_id", "bigint"),
    ("created_at", "bigint"),
    ("updated_at", "bigint"),
    ("firstname", "text"),
    ("lastname", "text"),
    ("company", "text"),
    ("street", "text"),
    ("city", "text"),
    ("region", "text"),
    ("region_id", "text"),
    ("postcode", "text"),
    ("country_id", "text"),
    ("telephone", "text"),
];

fn customers_json(rows: &[NewCustomer]) -> String {
    serde_json::Value::Array(
        rows.iter()
            .map(|c| {
                serde_json::json!([
                    c.id,
                    c.website_id,
                    c.email,
                    c.group_id,
                    c.store_id,
                    c.created_in,
                    c.created_at,
                    c.created_at,
                    c.firstname,
                    c.lastname,
                    c.dob,
                    c.default_billing,
                    c.default_shipping,
                    c.taxvat,
                    c.confirmation,
                    c.gender,
                    c.lock_expires,
                    c.failures_num
                ])
            })
            .collect(),
    )
    .to_string()
}

fn addresses_json(rows: &[NewAddress]) -> String {
    serde_json::Value::Array(
        rows.iter()
            .map(|a| {
                serde_json::json!([
                    a.id,
                    a.parent_id,
                    a.created_at,
                    a.created_at,
                    a.firstname,
                    a.lastname,
                    a.company,
                    a.street,
                    a.city,
                    a.region,
                    a.region_id,
                    a.postcode,
                    a.country_id,
                    a.telephone
                ])
            })
            .collect(),
    )
    .to_string()
}

async fn insert_json(
    tx: &mut Tx<'_>,
    backend: Backend,
    table: &str,
    columns: &[(&str, &str)],
    json: String,
) -> Result<(), sqlx::Error> {
    let sql = insert_json_sql(backend, table, columns);
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(json)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How rows reach the indexes of the grid table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadMode {
    /// Bulk when it pays: at least [`BULK_MIN`] customers, and no fewer than the store
    /// already has (the index builds read every row).
    Auto,
    /// Every batch updates every index, as any other write does.
    RowByRow,
    /// Indexes set aside during the load and built once at the end; on PostgreSQL the
    /// rows go in through `COPY`, all in one transaction ([`postgres`]).
    Bulk,
}

/// The smallest load [`LoadMode::Auto`] does in bulk.
pub const BULK_MIN: u64 = 50_000;

/// What a seeding run reports while it works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedProgress {
    /// `done` of `total` customers committed.
    Customers { done: u64, total: u64 },
    /// All rows are in; the grid's indexes are being built (bulk loads only).
    BuildingIndexes,
}

/// How a batch's rows are written for the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    /// One JSON array per table, read by `INSERT … SELECT` ([`insert_json_sql`]).
    Json,
    /// PostgreSQL's `COPY` text format ([`crate::db::copy`]), the generated rows kept
    /// for their grid rows ([`Batch::generated`]).
    Copy,
}

/// One batch, generated and serialised off the async runtime.
struct Batch {
    /// The rows, in the batch's [`Encoding`].
    customers: String,
    addresses: String,
    address_count: u64,
    /// [`Encoding::Copy`]: the customers and their addresses as generated, from which
    /// [`grid_rows::grid_copy`] writes their grid rows.
    generated: Option<(Vec<NewCustomer>, Vec<NewAddress>)>,
    /// The first customer id of the batch and how many customers it holds.
    first_id: i64,
    size: u64,
    /// The first address id of the next batch.
    next_address: i64,
}

impl Batch {
    /// The last customer id of the batch.
    fn last_id(&self) -> i64 {
        self.first_id + self.size as i64 - 1
    }
}

struct BatchSpec {
    seed: u64,
    first_n: u64,
    first_id: i64,
    size: u64,
    first_address: i64,
    now: i64,
    stores: std::sync::Arc<Vec<StoreRef>>,
    encoding: Encoding,
}

fn build_batch(spec: &BatchSpec) -> Batch {
    let mut next_address = spec.first_address;
    let mut customers = Vec::with_capacity(spec.size as usize);
    let mut addresses = Vec::with_capacity(spec.size as usize * 2);
    for i in 0..spec.size {
        let id = spec.first_id + i as i64;
        let before = addresses.len();
        let customer = generate(
            spec.seed,
            spec.first_n + i,
            id,
            &mut next_address,
            &spec.stores,
            spec.now,
            &mut addresses,
        );
        for a in &mut addresses[before..] {
            a.parent_id = id;
        }
        customers.push(customer);
    }
    let address_count = addresses.len() as u64;
    let (customer_rows, address_rows, generated) = match spec.encoding {
        Encoding::Json => (customers_json(&customers), addresses_json(&addresses), None),
        Encoding::Copy => (
            customers_copy(&customers),
            addresses_copy(&addresses),
            Some((customers, addresses)),
        ),
    };
    Batch {
        customers: customer_rows,
        addresses: address_rows,
        generated,
        address_count,
        first_id: spec.first_id,
        size: spec.size,
        next_address,
    }
}

/// Customers in [`CUSTOMER_COLUMNS`] order, as COPY text.
fn customers_copy(rows: &[NewCustomer]) -> String {
    let mut out = CopyRows::with_capacity(rows.len() * 200);
    for c in rows {
        out.int(c.id)
            .int(c.website_id)
            .text(&c.email)
            .int(c.group_id)
            .int(c.store_id)
            .text(&c.created_in)
            .int(c.created_at)
            .int(c.created_at)
            .text(&c.firstname)
            .text(&c.lastname)
            .opt_text(c.dob.as_deref())
            .opt_int(c.default_billing)
            .opt_int(c.default_shipping)
            .opt_text(c.taxvat.as_deref())
            .opt_text(c.confirmation.as_deref())
            .opt_int(c.gender)
            .opt_int(c.lock_expires)
            .int(c.failures_num)
            .end_row();
    }
    out.into_text()
}

/// Addresses in [`ADDRESS_COLUMNS`] order, as COPY text.
fn addresses_copy(rows: &[NewAddress]) -> String {
    let mut out = CopyRows::with_capacity(rows.len() * 160);
    for a in rows {
        out.int(a.id)
            .int(a.parent_id)
            .int(a.created_at)
            .int(a.created_at)
            .text(&a.firstname)
            .text(&a.lastname)
            .opt_text(a.company.as_deref())
            .text(&a.street)
            .text(&a.city)
            .text(&a.region)
            .text(&a.region_id)
            .text(&a.postcode)
            .text(&a.country_id)
            .text(&a.telephone)
            .end_row();
    }
    out.into_text()
}

/// Batches of generated customers, the next one generated on a blocking thread while
/// the current one is written, so the generator's core and the database's core work at
/// the same time.
struct Batches {
    seed: u64,
    first_n: u64,
    first_id: i64,
    count: u64,
    /// Customers per batch.
    size: u64,
    now: i64,
    stores: std::sync::Arc<Vec<StoreRef>>,
    encoding: Encoding,
    /// The first address id of the first batch.
    first_address: i64,
    /// Customers handed to the generator so far.
    queued: u64,
    pending: Option<tokio::task::JoinHandle<Batch>>,
}

impl Batches {
    /// Start generating the first batch.
    fn start(mut self) -> Self {
        self.queue(self.first_address);
        self
    }

    fn queue(&mut self, first_address: i64) {
        if self.queued >= self.count {
            return;
        }
        let spec = BatchSpec {
            seed: self.seed,
            first_n: self.first_n + self.queued,
            first_id: self.first_id + self.queued as i64,
            size: self.size.min(self.count - self.queued),
            first_address,
            now: self.now,
            stores: self.stores.clone(),
            encoding: self.encoding,
        };
        self.queued += spec.size;
        self.pending = Some(tokio::task::spawn_blocking(move || build_batch(&spec)));
    }

    /// The next batch, and the one after it started.
    async fn next(&mut self) -> Result<Option<Batch>, AppError> {
        let Some(pending) = self.pending.take() else {
            return Ok(None);
        };
        let batch = pending.await.map_err(AppError::internal)?;
        self.queue(batch.next_address);
        Ok(Some(batch))
    }
}

/// Add `count` generated customers (with 0–3 addresses each) after the existing ones,
/// [`LoadMode::Auto`]. `progress` is called after each committed batch.
pub async fn seed_customers(
    state: &AppState,
    count: u64,
    seed: u64,
    progress: impl FnMut(SeedProgress),
) -> Result<SeedReport, AppError> {
    seed_customers_with(state, count, seed, LoadMode::Auto, progress).await
}

/// [`seed_customers`] with an explicit [`LoadMode`].
pub async fn seed_customers_with(
    state: &AppState,
    count: u64,
    seed: u64,
    mode: LoadMode,
    mut progress: impl FnMut(SeedProgress),
) -> Result<SeedReport, AppError> {
    let db = &state.db;
    let stores: Vec<StoreRef> =
        sqlx::query("SELECT store_id, website_id, name FROM store_views ORDER BY store_id")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(StoreRef {
                    store_id: r.try_get("store_id")?,
                    website_id: r.try_get("website_id")?,
                    name: r.try_get("name")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
    // Ids for the new rows, set aside first, so that a shopper who signs up meanwhile
    // takes one after them.
    let reserved = ids::reserve(db, count).await?;
    let first_customer = reserved.first_customer;
    let bulk = match mode {
        LoadMode::Auto => count >= BULK_MIN && count >= first_customer as u64 - 1,
        LoadMode::RowByRow => false,
        LoadMode::Bulk => true,
    };
    let copy = bulk && db.backend == Backend::Postgres;
    // Customer numbers continue too, so emails stay unique when seeding again.
    let mut batches = Batches {
        seed,
        first_n: first_customer as u64,
        first_id: first_customer,
        count,
        size: if bulk { BULK_BATCH } else { BATCH },
        now: state.clock.now(),
        stores: std::sync::Arc::new(stores),
        encoding: if copy { Encoding::Copy } else { Encoding::Json },
        first_address: reserved.first_address,
        queued: 0,
        pending: None,
    }
    .start();
    if copy {
        let report = postgres::bulk_load(db, &mut batches, &mut progress).await?;
        ids::release_unused(db, &reserved, report.addresses).await?;
        Ok(report)
    } else {
        load(db, &mut batches, bulk, &reserved, &mut progress).await
    }
}

/// Write the batches through the pool, a transaction each, the grid index filled in the
/// same transaction as for every write. With `bulk` (on SQLite: PostgreSQL loads in bulk
/// through [`postgres::bulk_load`]) the grid's and the customers' indexes are set aside
/// during the load and built once at the end, and the load is all or nothing: a load that
/// fails or is interrupted, or whose customers the unique email index refuses once built
/// again, is undone, its committed batches removed
/// ([`crate::customers::grid::index::suspend_for_bulk_seed`]). The address ids of
/// `reserved` it did not use are given back.
async fn load(
    db: &crate::db::Db,
    batches: &mut Batches,
    bulk: bool,
    reserved: &ids::Reserved,
    progress: &mut impl FnMut(SeedProgress),
) -> Result<SeedReport, AppError> {
    use crate::customers::grid::index;
    // `bulk` is SQLite's. The grid's full-text indexes are built beside the load, each
    // batch once committed, with the rows the store had before it ([`FullTextBuild`]).
    let full_text = if bulk {
        let last = batches.first_id + batches.count as i64 - 1;
        index::suspend_for_bulk_seed(db, batches.first_id, last).await?;
        let build = FullTextBuild::start(db).await?;
        build.add(i64::MIN, batches.first_id - 1);
        Some(build)
    } else {
        None
    };
    let loaded = load_batches(db, batches, full_text.as_ref(), progress).await;
    let report = match loaded {
        Ok(report) => report,
        Err(error) => {
            // The batches committed are removed and what was set aside built again over
            // the rows the store had; the load's error is the one reported.
            if bulk {
                drop(full_text);
                if let Err(rebuild) = index::resume_after_bulk_load(db).await {
                    // The next start does it (`index::resume_after_bulk_load`).
                    tracing::error!(error = %rebuild, "a failed bulk load not undone");
                }
            }
            return Err(error);
        }
    };
    // Before the bulk load's end, which empties the write-ahead log.
    ids::release_unused(db, reserved, report.addresses).await?;
    if let Some(build) = full_text {
        progress(SeedProgress::BuildingIndexes);
        // Also empties the write-ahead log (gigabytes at a million customers): otherwise
        // the first writes after the load copy it (measured: an inline edit of 909 ms
        // right after seeding).
        index::finish_bulk_seed(db, build).await?;
    }
    Ok(report)
}

/// The batches of [`load`], a transaction each, each committed batch handed to the
/// full-text build where there is one.
async fn load_batches(
    db: &crate::db::Db,
    batches: &mut Batches,
    full_text: Option<&FullTextBuild>,
    progress: &mut impl FnMut(SeedProgress),
) -> Result<SeedReport, AppError> {
    let mut report = SeedReport {
        customers: 0,
        addresses: 0,
    };
    while let Some(batch) = batches.next().await? {
        let (first, last) = (batch.first_id, batch.last_id());
        let mut tx = db.begin().await?;
        if db.backend == Backend::Sqlite {
            // A bulk load touches every index: give this connection 512 MiB of cache
            // instead of 64 (it keeps the setting; the pool reuses it).
            sqlx::query("PRAGMA cache_size = -524288")
                .execute(&mut *tx)
                .await?;
        }
        insert_json(
            &mut tx,
            db.backend,
            "customer_entity",
            CUSTOMER_COLUMNS,
            batch.customers,
        )
        .await?;
        if batch.address_count > 0 {
            insert_json(
                &mut tx,
                db.backend,
                "customer_address_entity",
                ADDRESS_COLUMNS,
                batch.addresses,
            )
            .await?;
        }
        crate::customers::grid::index::refresh(&mut tx, first, last).await?;
        tx.commit().await?;
        if let Some(build) = full_text {
            build.add(first, last);
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
