//! `server seed --customers N [--seed S]`: deterministic, realistic customers for demos
//! and benchmarks. Customer `n` depends only on `(seed, n)`, so two runs with the same
//! seed produce the same data. Rows go in as multi-row inserts, many per transaction,
//! together with their grid-index rows.

mod generate;

use crate::db::{Backend, Tx};
use crate::error::AppError;
use crate::state::AppState;
use generate::{generate, NewAddress, NewCustomer, StoreRef};
use sqlx::Row;

/// Customers per transaction.
const BATCH: u64 = 10_000;
/// Customer rows per INSERT statement. Small on purpose: binding cost grows faster than
/// linearly with a statement's parameter count (measured on SQLite through sqlx: 1,000
/// rows a statement seeded 1,300 customers/s, 50 rows 17,000/s, 20 rows 26,000/s).
const CUSTOMER_ROWS_PER_STATEMENT: usize = 20;
/// Address rows per INSERT statement (14 parameters each; see above).
const ADDRESS_ROWS_PER_STATEMENT: usize = 25;

/// What a seeding run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub customers: u64,
    pub addresses: u64,
}

/// `($1, $2, …), (…)` for `rows` rows of `cols` parameters.
fn placeholders(rows: usize, cols: usize) -> String {
    let mut sql = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..cols {
            if c > 0 {
                sql.push(',');
            }
            sql.push('$');
            sql.push_str(&(r * cols + c + 1).to_string());
        }
        sql.push(')');
    }
    sql
}

async fn insert_customers(tx: &mut Tx<'_>, rows: &[NewCustomer]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(CUSTOMER_ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO customer_entity (entity_id, website_id, email, group_id, store_id, created_in,
             created_at, updated_at, firstname, lastname, dob, default_billing, default_shipping,
             taxvat, confirmation, gender, lock_expires, failures_num) VALUES {}",
            placeholders(chunk.len(), 18)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for c in chunk {
            q = q
                .bind(c.id)
                .bind(c.website_id)
                .bind(&c.email)
                .bind(c.group_id)
                .bind(c.store_id)
                .bind(&c.created_in)
                .bind(c.created_at)
                .bind(c.created_at)
                .bind(&c.firstname)
                .bind(&c.lastname)
                .bind(&c.dob)
                .bind(c.default_billing)
                .bind(c.default_shipping)
                .bind(&c.taxvat)
                .bind(&c.confirmation)
                .bind(c.gender)
                .bind(c.lock_expires)
                .bind(c.failures_num);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_addresses(tx: &mut Tx<'_>, rows: &[NewAddress]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ADDRESS_ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO customer_address_entity (entity_id, parent_id, created_at, updated_at,
             firstname, lastname, company, street, city, region, region_id, postcode, country_id,
             telephone) VALUES {}",
            placeholders(chunk.len(), 14)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in chunk {
            q = q
                .bind(a.id)
                .bind(a.parent_id)
                .bind(a.created_at)
                .bind(a.created_at)
                .bind(&a.firstname)
                .bind(&a.lastname)
                .bind(&a.company)
                .bind(&a.street)
                .bind(&a.city)
                .bind(&a.region)
                .bind(&a.region_id)
                .bind(&a.postcode)
                .bind(&a.country_id)
                .bind(&a.telephone);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Add `count` generated customers (with 0–3 addresses each) after the existing ones.
/// `progress(done, total)` is called after each committed batch.
pub async fn seed_customers(
    state: &AppState,
    count: u64,
    seed: u64,
    mut progress: impl FnMut(u64, u64),
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
    let max_id = |table: &'static str| async move {
        let sql = format!("SELECT COALESCE(MAX(entity_id), 0) AS m FROM {table}");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_one(&db.pool)
            .await?
            .try_get::<i64, _>("m")
    };
    let first_customer = max_id("customer_entity").await? + 1;
    let mut next_address = max_id("customer_address_entity").await? + 1;
    // Customer numbers continue too, so emails stay unique when seeding again.
    let first_n = first_customer as u64;
    let now = state.clock.now();

    let mut report = SeedReport {
        customers: 0,
        addresses: 0,
    };
    let mut customers = Vec::with_capacity(BATCH as usize);
    let mut addresses = Vec::with_capacity(BATCH as usize * 2);
    let mut done = 0;
    while done < count {
        let size = BATCH.min(count - done);
        customers.clear();
        addresses.clear();
        for i in 0..size {
            let n = first_n + done + i;
            let id = first_customer + (done + i) as i64;
            let before = addresses.len();
            let customer = generate(seed, n, id, &mut next_address, &stores, now, &mut addresses);
            for a in &mut addresses[before..] {
                a.parent_id = id;
            }
            customers.push(customer);
        }
        let first_id = first_customer + done as i64;
        let mut tx = db.begin().await?;
        insert_customers(&mut tx, &customers).await?;
        insert_addresses(&mut tx, &addresses).await?;
        // The grid index is filled in the same transaction, as for every write.
        crate::customers::grid::index::refresh(&mut tx, first_id, first_id + size as i64 - 1)
            .await?;
        tx.commit().await?;
        done += size;
        report.customers += size;
        report.addresses += addresses.len() as u64;
        progress(done, count);
    }

    if db.backend == Backend::Postgres {
        // Rows were inserted with explicit ids: move the identity sequences past them.
        for (table, column) in [
            ("customer_entity", "entity_id"),
            ("customer_address_entity", "entity_id"),
        ] {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), (SELECT COALESCE(MAX({column}), 1) FROM {table}))"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&db.pool)
                .await?;
        }
    }
    Ok(report)
}
