//! The ids a seed gives its rows, set aside before it writes any.
//!
//! Seeded rows carry their ids (a batch is built ahead of its transaction, and its
//! addresses and grid rows name its customers). A shopper who registers while a seed
//! runs takes the next id of the table's sequence: without a reservation that is the
//! seed's next row, and one of the two writes fails on a duplicate key (the shopper's
//! sign-up, or the rest of the seed). So the customers' ids and room for every address
//! the seed may write (at most [`MAX_ADDRESSES`] a customer) are taken from the
//! sequences first, the tables locked for the moment it takes, and what the seed did not
//! use is given back at its end, unless someone took an id after the reservation. A seed
//! that fails leaves its range unused: ids are never reused anyway.

use super::generate::MAX_ADDRESSES;
use crate::db::{Backend, Db};
use crate::error::AppError;
use sqlx::Row;

/// The tables whose ids a seed sets aside.
const CUSTOMERS: &str = "customer_entity";
const ADDRESSES: &str = "customer_address_entity";

/// Ids set aside for a seed: its first customer's, and `first..=last` of the addresses'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reserved {
    pub first_customer: i64,
    pub first_address: i64,
    pub last_address: i64,
}

/// Set aside ids for `count` customers and their addresses, after every id the
/// tables or their sequences have given (a deleted customer's id is not given again).
pub(super) async fn reserve(db: &Db, count: u64) -> Result<Reserved, AppError> {
    let count = i64::try_from(count).map_err(AppError::internal)?;
    let mut tx = db.begin().await?;
    if db.backend == Backend::Postgres {
        // Holds off new rows (a registration's insert waits) and waits for those being
        // written, so every id given so far is in a table or in its sequence.
        sqlx::query(
            "LOCK TABLE customer_entity, customer_address_entity IN SHARE ROW EXCLUSIVE MODE",
        )
        .execute(&mut *tx)
        .await?;
    }
    let mut ranges = [(0, 0); 2];
    for (range, (table, size)) in ranges
        .iter_mut()
        .zip([(CUSTOMERS, count), (ADDRESSES, count * MAX_ADDRESSES)])
    {
        let given = last_given(&mut tx, db.backend, table).await?;
        *range = (given + 1, given + size);
        set_sequence(&mut tx, db.backend, table, given + size).await?;
    }
    tx.commit().await?;
    let [(first_customer, _), (first_address, last_address)] = ranges;
    Ok(Reserved {
        first_customer,
        first_address,
        last_address,
    })
}

/// Give back the addresses' ids the seed set aside and did not use, once it has written
/// `written` addresses, when no one has taken an id since (else the sequence stays where
/// it is).
pub(super) async fn release_unused(
    db: &Db,
    reserved: &Reserved,
    written: u64,
) -> Result<(), AppError> {
    let last_used = reserved.first_address + written as i64 - 1;
    if last_used >= reserved.last_address {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    if db.backend == Backend::Postgres {
        sqlx::query("LOCK TABLE customer_address_entity IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
    }
    if last_given(&mut tx, db.backend, ADDRESSES).await? == reserved.last_address {
        set_sequence(&mut tx, db.backend, ADDRESSES, last_used).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The largest id `table` holds or its sequence has given (0 for none).
async fn last_given(
    tx: &mut crate::db::Tx<'_>,
    backend: Backend,
    table: &str,
) -> Result<i64, AppError> {
    let sql = match backend {
        Backend::Sqlite => format!(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0),
                        COALESCE((SELECT MAX(entity_id) FROM {table}), 0)) AS last"
        ),
        // `pg_sequence_last_value`: NULL while the sequence has given nothing.
        Backend::Postgres => format!(
            "SELECT GREATEST(
                 COALESCE(pg_sequence_last_value(pg_get_serial_sequence('{table}', 'entity_id')::regclass), 0),
                 COALESCE((SELECT MAX(entity_id) FROM {table}), 0))::BIGINT AS last"
        ),
    };
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_one(&mut **tx)
        .await?
        .try_get("last")?)
}

/// Make `table`'s next id `last + 1`.
async fn set_sequence(
    tx: &mut crate::db::Tx<'_>,
    backend: Backend,
    table: &str,
    last: i64,
) -> Result<(), AppError> {
    match backend {
        Backend::Sqlite => {
            // `sqlite_sequence` has a row per table once it has given an id.
            let updated = sqlx::query("UPDATE sqlite_sequence SET seq = $1 WHERE name = $2")
                .bind(last)
                .bind(table)
                .execute(&mut **tx)
                .await?;
            if updated.rows_affected() == 0 {
                sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)")
                    .bind(table)
                    .bind(last)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Backend::Postgres => {
            // A sequence starts at 1: "nothing given yet" is 1 with `is_called` false.
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'entity_id'), GREATEST($1, 1), $1 >= 1)"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(last)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}
