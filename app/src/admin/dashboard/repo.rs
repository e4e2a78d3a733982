//! SQL of the dashboard's figures. Each reads an index or a kept count: the customer
//! count, `customer_grid_created` and `customer_grid_locked`, and the sessions' expiry index.

use super::Registration;
use crate::db::Db;
use sqlx::Row;

fn count(row: &sqlx::any::AnyRow) -> Result<u64, sqlx::Error> {
    Ok(row.try_get::<i64, _>("n")?.max(0) as u64)
}

/// Customers in total: the count the database keeps, as the unfiltered grid reads it.
pub async fn total(db: &Db) -> Result<u64, sqlx::Error> {
    use crate::customers::grid::repo;
    repo::count(&db.pool, &repo::Condition::default()).await
}

/// Customers registered at or after `since` (unix seconds).
pub async fn registered_since(db: &Db, since: i64) -> Result<u64, sqlx::Error> {
    count(
        &sqlx::query("SELECT COUNT(*) AS n FROM customer_grid_flat WHERE created_at >= $1")
            .bind(since)
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Registrations per day (days since 1970-01-01, UTC) from `since` on.
pub async fn registrations_per_day(db: &Db, since: i64) -> Result<Vec<(i64, u64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT created_at / 86400 AS day, COUNT(*) AS n FROM customer_grid_flat
         WHERE created_at >= $1 GROUP BY created_at / 86400",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<i64, _>("day")?, count(r)?)))
        .collect()
}

/// Accounts locked at `now`.
pub async fn locked(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    count(
        &sqlx::query("SELECT COUNT(*) AS n FROM customer_grid_flat WHERE lock_expires > $1")
            .bind(now)
            .fetch_one(&db.pool)
            .await?,
    )
}

/// The newest registrations, newest first.
pub async fn latest(db: &Db, limit: u32) -> Result<Vec<Registration>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT entity_id, name, email, created_at FROM customer_grid_flat
         ORDER BY created_at DESC, entity_id DESC LIMIT $1",
    )
    .bind(i64::from(limit))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Registration {
                id: r.try_get("entity_id")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}
