//! SQL for websites, store groups and store views.

use super::model::StoreViewInfo;
use crate::config::repo::bump_version;
use crate::db::{Db, Tx};
use sqlx::Row;

/// The id of the default store view: the default store of the default group of the
/// default website.
const DEFAULT_VIEW_ID: &str = "SELECT g.default_store_id AS id FROM websites w
     JOIN store_groups g ON g.group_id = w.default_group_id
     WHERE w.is_default = 1";

/// Every active store view, ordered as a switcher shows them.
pub async fn list_views(db: &Db) -> Result<Vec<StoreViewInfo>, sqlx::Error> {
    Ok(views_and_default(db).await?.0)
}

/// Every active store view, ordered as a switcher shows them, and the id of the default
/// one (the default store of the default group of the default website), in one query:
/// every storefront request needs both.
pub async fn views_and_default(db: &Db) -> Result<(Vec<StoreViewInfo>, Option<i64>), sqlx::Error> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
        "SELECT v.store_id, v.code, v.name, v.website_id, w.name AS website_name, g.name AS group_name,
                ({DEFAULT_VIEW_ID}) AS default_id
         FROM store_views v
         JOIN websites w ON w.website_id = v.website_id
         JOIN store_groups g ON g.group_id = v.group_id
         WHERE v.is_active = 1
         ORDER BY w.sort_order, w.website_id, v.sort_order, v.store_id"
        )
    });
    let rows = sqlx::query(sqlx::AssertSqlSafe(SQL.as_str()))
        .fetch_all(&db.pool)
        .await?;
    let default_id = match rows.first() {
        Some(row) => row.try_get("default_id")?,
        None => None,
    };
    let views = rows
        .iter()
        .map(|r| {
            Ok(StoreViewInfo {
                store_id: r.try_get("store_id")?,
                code: r.try_get("code")?,
                name: r.try_get("name")?,
                website_id: r.try_get("website_id")?,
                website_name: r.try_get("website_name")?,
                group_name: r.try_get("group_name")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((views, default_id))
}

/// The default store view's id ([`DEFAULT_VIEW_ID`]).
pub async fn default_view_id(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query(DEFAULT_VIEW_ID)
        .fetch_one(&db.pool)
        .await?
        .try_get("id")
}

// Each write below bumps the configuration's version stamp in its transaction: the
// storefront keeps the store views in memory until that stamp moves
// (`super::service`).

/// Add a website; returns its id.
pub async fn insert_website(
    tx: &mut Tx<'_>,
    code: &str,
    name: &str,
    sort_order: i64,
) -> Result<i64, sqlx::Error> {
    let id = sqlx::query(
        "INSERT INTO websites (code, name, sort_order) VALUES ($1, $2, $3) RETURNING website_id",
    )
    .bind(code)
    .bind(name)
    .bind(sort_order)
    .fetch_one(&mut **tx)
    .await?
    .try_get("website_id")?;
    bump_version(tx).await?;
    Ok(id)
}

/// Add a store group to a website and make it the website's default; returns its id.
pub async fn insert_group(
    tx: &mut Tx<'_>,
    website_id: i64,
    code: &str,
    name: &str,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query(
        "INSERT INTO store_groups (website_id, code, name) VALUES ($1, $2, $3) RETURNING group_id",
    )
    .bind(website_id)
    .bind(code)
    .bind(name)
    .fetch_one(&mut **tx)
    .await?
    .try_get("group_id")?;
    sqlx::query(
        "UPDATE websites SET default_group_id = $2 WHERE website_id = $1 AND default_group_id = 0",
    )
    .bind(website_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    bump_version(tx).await?;
    Ok(id)
}

/// Add a store view to a group (the group's default if it had none); returns its id.
pub async fn insert_view(
    tx: &mut Tx<'_>,
    group_id: i64,
    code: &str,
    name: &str,
    sort_order: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query(
        "INSERT INTO store_views (code, website_id, group_id, name, sort_order)
         SELECT $1, website_id, group_id, $3, $4 FROM store_groups WHERE group_id = $2
         RETURNING store_id",
    )
    .bind(code)
    .bind(group_id)
    .bind(name)
    .bind(sort_order)
    .fetch_one(&mut **tx)
    .await?
    .try_get("store_id")?;
    sqlx::query("UPDATE store_groups SET default_store_id = $2 WHERE group_id = $1 AND default_store_id = 0")
        .bind(group_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    bump_version(tx).await?;
    Ok(id)
}

/// A website id from its code or numeric id.
pub async fn find_website(db: &Db, code_or_id: &str) -> Result<Option<i64>, sqlx::Error> {
    let id = code_or_id.parse::<i64>().unwrap_or(-1);
    let row = sqlx::query("SELECT website_id FROM websites WHERE code = $1 OR website_id = $2")
        .bind(code_or_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.try_get("website_id")).transpose()
}

/// A store view's `(website_id, store_id)` from its code or numeric id.
pub async fn find_view(db: &Db, code_or_id: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let id = code_or_id.parse::<i64>().unwrap_or(-1);
    let row = sqlx::query(
        "SELECT website_id, store_id FROM store_views WHERE code = $1 OR store_id = $2",
    )
    .bind(code_or_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((r.try_get("website_id")?, r.try_get("store_id")?)))
        .transpose()
}

/// Every website (not the admin scope) as (id, name), in display order.
pub async fn list_websites(db: &Db) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query("SELECT website_id, name FROM websites WHERE website_id > 0 ORDER BY sort_order, website_id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("website_id")?, r.try_get("name")?)))
        .collect()
}
