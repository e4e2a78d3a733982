//! SQL of customer writes. Each write also rebuilds the customer's grid row
//! ([`crate::customers::grid::index`]) in the same transaction.

use crate::db::Tx;
use sqlx::Row;

/// Is `email` taken by another customer, on `website` or (global sharing) anywhere?
pub async fn email_taken(
    tx: &mut Tx<'_>,
    email: &str,
    website: Option<i64>,
    except_id: i64,
) -> Result<bool, sqlx::Error> {
    let row =
        match website {
            Some(w) => {
                sqlx::query(
                    "SELECT COUNT(*) AS n FROM customer_entity
                 WHERE email = $1 AND website_id = $2 AND entity_id <> $3",
                )
                .bind(email)
                .bind(w)
                .bind(except_id)
                .fetch_one(&mut **tx)
                .await?
            }
            None => sqlx::query(
                "SELECT COUNT(*) AS n FROM customer_entity WHERE email = $1 AND entity_id <> $2",
            )
            .bind(email)
            .bind(except_id)
            .fetch_one(&mut **tx)
            .await?,
        };
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// The fields an inline edit changes.
pub struct GridFields<'a> {
    pub id: i64,
    pub email: &'a str,
    pub group_id: i64,
    pub website_id: i64,
    pub taxvat: Option<&'a str>,
    pub gender: Option<i64>,
    pub now: i64,
}

/// Apply an inline edit. A new website moves the account's store to that website's
/// first store view (a customer's store view must belong to their website). `false` when the
/// customer does not exist.
pub async fn update_grid_fields(tx: &mut Tx<'_>, f: &GridFields<'_>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE customer_entity SET email = $1, group_id = $2, taxvat = $3, gender = $4,
             store_id = CASE WHEN website_id = $5 THEN store_id ELSE
                 (SELECT MIN(store_id) FROM store_views WHERE website_id = $5) END,
             website_id = $5, updated_at = $6, version = version + 1
         WHERE entity_id = $7",
    )
    .bind(f.email)
    .bind(f.group_id)
    .bind(f.taxvat)
    .bind(f.gender)
    .bind(f.website_id)
    .bind(f.now)
    .bind(f.id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Do the group and the website exist (the group not being NOT LOGGED IN)?
pub async fn group_and_website_exist(
    tx: &mut Tx<'_>,
    group_id: i64,
    website_id: i64,
) -> Result<(bool, bool), sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM customer_groups WHERE customer_group_id = $1 AND customer_group_id > 0) AS g,
                (SELECT COUNT(*) FROM websites WHERE website_id = $2 AND website_id > 0) AS w",
    )
    .bind(group_id)
    .bind(website_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok((
        row.try_get::<i64, _>("g")? > 0,
        row.try_get::<i64, _>("w")? > 0,
    ))
}

/// How many password reset requests since `since` came from `ip` or for `email` (either
/// one, when both are given), and when the last one came.
pub async fn recent_reset_requests(
    tx: &mut Tx<'_>,
    ip: Option<&str>,
    email: Option<&str>,
    since: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    let mut sql = crate::db::Sql::new(
        "SELECT COUNT(*) AS n, MAX(created_at) AS last FROM password_reset_requests WHERE (",
    );
    match (ip, email) {
        (Some(ip), Some(email)) => {
            sql.push("ip = ")
                .push_bind(ip)
                .push(" OR email = ")
                .push_bind(email);
        }
        (Some(ip), None) => {
            sql.push("ip = ").push_bind(ip);
        }
        (None, Some(email)) => {
            sql.push("email = ").push_bind(email);
        }
        (None, None) => {
            sql.push("1 = 0");
        }
    }
    sql.push(") AND created_at > ").push_bind(since);
    let row = sql.query().fetch_one(&mut **tx).await?;
    Ok((row.try_get("n")?, row.try_get("last")?))
}

/// Record a password reset request.
pub async fn record_reset_request(
    tx: &mut Tx<'_>,
    email: &str,
    ip: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO password_reset_requests (email, ip, created_at) VALUES ($1, $2, $3)")
        .bind(email)
        .bind(ip)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
