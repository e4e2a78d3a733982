//! SQL for customer groups.

use super::model::CustomerGroupRow;
use crate::db::Db;
use sqlx::Row;

/// Every customer group with its tax class name, by id.
pub async fn list(db: &Db) -> Result<Vec<CustomerGroupRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT g.customer_group_id, g.code, t.class_name
         FROM customer_groups g JOIN tax_classes t ON t.class_id = g.tax_class_id
         ORDER BY g.customer_group_id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CustomerGroupRow {
                id: r.try_get("customer_group_id")?,
                code: r.try_get("code")?,
                tax_class: r.try_get("class_name")?,
            })
        })
        .collect()
}
