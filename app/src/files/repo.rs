//! SQL of uploaded files (migration 0027).

use crate::attributes::model::EntityType;
use crate::db::{Db, Tx};
use sqlx::Row as _;

/// An upload as [`insert`] records it.
pub struct NewFile<'a> {
    pub token: &'a str,
    pub attribute_id: i64,
    /// The uploading customer (they may see it before it is attached).
    pub customer_id: Option<i64>,
    pub uploader: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub created_at: i64,
}

/// A recorded upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    pub token: String,
    pub attribute_id: i64,
    pub customer_id: Option<i64>,
    pub uploader: String,
    pub file_name: String,
    pub content_type: String,
    pub attached: bool,
}

pub async fn insert(db: &Db, f: &NewFile<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_file (token, attribute_id, customer_id, uploader, file_name,
            content_type, size, width, height, attached, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10)",
    )
    .bind(f.token)
    .bind(f.attribute_id)
    .bind(f.customer_id)
    .bind(f.uploader)
    .bind(f.file_name)
    .bind(f.content_type)
    .bind(f.size)
    .bind(f.width.map(i64::from))
    .bind(f.height.map(i64::from))
    .bind(f.created_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn find(db: &Db, token: &str) -> Result<Option<StoredFile>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT token, attribute_id, customer_id, uploader, file_name, content_type, attached
         FROM customer_file WHERE token = $1",
    )
    .bind(token)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(StoredFile {
            token: r.try_get("token")?,
            attribute_id: r.try_get("attribute_id")?,
            customer_id: r.try_get("customer_id")?,
            uploader: r.try_get("uploader")?,
            file_name: r.try_get("file_name")?,
            content_type: r.try_get("content_type")?,
            attached: r.try_get::<i64, _>("attached")? != 0,
        })
    })
    .transpose()
}

/// The customer of customer (or address) `id`.
pub async fn owner(tx: &mut Tx<'_>, entity: EntityType, id: i64) -> Result<i64, sqlx::Error> {
    match entity {
        EntityType::Customer => Ok(id),
        EntityType::Address => {
            sqlx::query("SELECT parent_id FROM customer_address_entity WHERE entity_id = $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?
                .try_get("parent_id")
        }
    }
}

/// The column of `entity`'s id in `customer_file`.
fn entity_column(entity: EntityType) -> &'static str {
    match entity {
        EntityType::Customer => "customer_id",
        EntityType::Address => "address_id",
    }
}

/// Attach upload `token` (of `attribute_id`, by `uploader`, made at `not_before` or
/// later, not attached yet) to customer (or address) `id` owned by `customer`; whether
/// there was such an upload.
#[allow(clippy::too_many_arguments)]
pub async fn attach(
    tx: &mut Tx<'_>,
    token: &str,
    file_name: &str,
    attribute_id: i64,
    uploader: &str,
    not_before: i64,
    entity: EntityType,
    id: i64,
    customer: i64,
) -> Result<bool, sqlx::Error> {
    let address = (entity == EntityType::Address).then_some(id);
    let done = sqlx::query(
        "UPDATE customer_file SET attached = 1, customer_id = $1, address_id = $2
         WHERE token = $3 AND attribute_id = $4 AND uploader = $5 AND attached = 0
           AND created_at >= $6 AND file_name = $7",
    )
    .bind(customer)
    .bind(address)
    .bind(token)
    .bind(attribute_id)
    .bind(uploader)
    .bind(not_before)
    .bind(file_name)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Delete the file `token` of attribute `attribute_id` attached to customer (or
/// address) `id` (its bytes go to the trash).
pub async fn remove(
    tx: &mut Tx<'_>,
    token: &str,
    attribute_id: i64,
    entity: EntityType,
    id: i64,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "DELETE FROM customer_file WHERE token = $1 AND attribute_id = $2 AND {} = $3",
        entity_column(entity)
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(token)
        .bind(attribute_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The stored value of a Text-kept attribute `attribute_id` of customer (or address)
/// `id`.
pub async fn value(
    tx: &mut Tx<'_>,
    entity: EntityType,
    id: i64,
    attribute_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let table = match entity {
        EntityType::Customer => "customer_entity_varchar",
        EntityType::Address => "customer_address_entity_varchar",
    };
    let sql = format!("SELECT value FROM {table} WHERE entity_id = $1 AND attribute_id = $2");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(attribute_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| r.try_get("value"))
        .transpose()
}

/// Uploads made before `before` and never attached, deleted; how many.
pub async fn expire_unattached(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM customer_file WHERE attached = 0 AND created_at < $1")
            .bind(before)
            .execute(&db.pool)
            .await?
            .rows_affected(),
    )
}

/// Uploads made by `uploader` since `since` (attached or not).
pub async fn count_since(db: &Db, uploader: &str, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM customer_file WHERE uploader = $1 AND created_at >= $2")
        .bind(uploader)
        .bind(since)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")
}

/// Up to `limit` tokens whose bytes are to be deleted.
pub async fn trash(db: &Db, limit: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query("SELECT token FROM customer_file_trash ORDER BY token LIMIT $1")
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("token"))
        .collect()
}

/// The trash entry of `token`, emptied.
pub async fn forget(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM customer_file_trash WHERE token = $1")
        .bind(token)
        .execute(&db.pool)
        .await?;
    Ok(())
}
