//! Upkeep of the grid index `customer_grid_flat` (spec §4.8).
//!
//! Every write to a customer or an address calls [`refresh`] for that customer inside the
//! write's own transaction, so the grid and keyword search are never stale and no admin
//! has to remember a reindex. On SQLite the FTS5 table follows the flat table through
//! triggers; on PostgreSQL the `search` column is generated.

use crate::db::Tx;

/// Rebuild the grid rows of customers `from..=to` from their entity and default addresses.
const REFRESH_SQL: &str = "
INSERT INTO customer_grid_flat (entity_id, name, email, group_id, created_at, website_id,
  confirmation_pending, created_in, dob, gender, taxvat, lock_expires, billing_full,
  billing_firstname, billing_lastname, billing_telephone, billing_phone_digits, billing_postcode,
  billing_country_id, billing_region, billing_street, billing_city, billing_fax, billing_vat_id,
  billing_company, shipping_full)
SELECT c.entity_id,
  trim(COALESCE(c.prefix || ' ', '') || c.firstname || ' ' || COALESCE(c.middlename || ' ', '') || c.lastname || COALESCE(' ' || c.suffix, '')),
  c.email, c.group_id, c.created_at, c.website_id,
  CASE WHEN c.confirmation IS NULL THEN 0 ELSE 1 END,
  c.created_in, c.dob, c.gender, c.taxvat, c.lock_expires,
  replace(b.street, $1, ', ') || ', ' || b.city || COALESCE(', ' || b.region, '') || COALESCE(' ' || b.postcode, '') || ', ' || b.country_id,
  b.firstname, b.lastname, b.telephone,
  replace(replace(replace(replace(replace(replace(replace(b.telephone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''),
  b.postcode, b.country_id, b.region, replace(b.street, $1, ', '), b.city, b.fax, b.vat_id, b.company,
  replace(s.street, $1, ', ') || ', ' || s.city || COALESCE(', ' || s.region, '') || COALESCE(' ' || s.postcode, '') || ', ' || s.country_id
FROM customer_entity c
LEFT JOIN customer_address_entity b ON b.entity_id = c.default_billing AND b.parent_id = c.entity_id
LEFT JOIN customer_address_entity s ON s.entity_id = c.default_shipping AND s.parent_id = c.entity_id
WHERE c.entity_id BETWEEN $2 AND $3";

/// Rebuild the grid rows of the customers with ids `from..=to` (deleted customers simply
/// have no row afterwards).
pub async fn refresh(tx: &mut Tx<'_>, from: i64, to: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM customer_grid_flat WHERE entity_id BETWEEN $1 AND $2")
        .bind(from)
        .bind(to)
        .execute(&mut **tx)
        .await?;
    // Parameters are numbered in order of first use, as SQLite numbers them.
    sqlx::query(REFRESH_SQL)
        .bind("\n")
        .bind(from)
        .bind(to)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Rebuild the grid row of one customer.
pub async fn refresh_one(tx: &mut Tx<'_>, id: i64) -> Result<(), sqlx::Error> {
    refresh(tx, id, id).await
}
