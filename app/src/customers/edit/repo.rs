//! SQL of the admin's customer form: load, insert, versioned update, delete, unlock,
//! reset tokens and newsletter subscriptions. Writes take the caller's transaction.

use super::model::SessionSummary;
use crate::customers::model::CustomerInput;
use crate::db::{Db, Row, Tx};
use sqlx::Row as _;

/// A customer as stored, with the names the Customer View tab shows.
pub struct Stored {
    pub input: CustomerInput,
    pub store_id: Option<i64>,
    pub created_at: i64,
    pub created_in: String,
    pub confirmation_pending: bool,
    pub lock_expires: Option<i64>,
    pub has_password: bool,
    pub default_billing: Option<i64>,
    pub group_name: String,
    pub website_name: String,
    pub last_login_at: Option<i64>,
    pub last_logout_at: Option<i64>,
}

fn text(r: &Row, col: &str) -> Result<String, sqlx::Error> {
    Ok(r.try_get::<Option<String>, _>(col)?.unwrap_or_default())
}

/// The customer with this id, if any.
pub async fn load<'e, E>(db: E, id: i64) -> Result<Option<Stored>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT c.entity_id, c.version, c.website_id, c.group_id, c.disable_auto_group_change,
                c.prefix, c.firstname, c.middlename, c.lastname, c.suffix, c.email, c.dob,
                c.taxvat, c.gender, c.store_id, c.created_at, c.created_in, c.confirmation,
                c.lock_expires, c.password_hash, c.default_billing, c.assistance_allowed,
                g.code AS group_name, w.name AS website_name,
                l.last_login_at, l.last_logout_at
         FROM customer_entity c
         LEFT JOIN customer_groups g ON g.customer_group_id = c.group_id
         LEFT JOIN websites w ON w.website_id = c.website_id
         LEFT JOIN customer_log l ON l.customer_id = c.entity_id
         WHERE c.entity_id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Stored {
        input: CustomerInput {
            id: Some(r.try_get("entity_id")?),
            version: r.try_get("version")?,
            website_id: r.try_get::<Option<i64>, _>("website_id")?.unwrap_or(0),
            group_id: r.try_get("group_id")?,
            disable_auto_group_change: r.try_get::<i64, _>("disable_auto_group_change")? != 0,
            prefix: text(&r, "prefix")?,
            firstname: text(&r, "firstname")?,
            middlename: text(&r, "middlename")?,
            lastname: text(&r, "lastname")?,
            suffix: text(&r, "suffix")?,
            email: text(&r, "email")?,
            dob: text(&r, "dob")?,
            taxvat: text(&r, "taxvat")?,
            gender: r.try_get("gender")?,
            send_welcome_from: None,
            newsletter: Vec::new(),
            assistance_allowed: Some(r.try_get::<i64, _>("assistance_allowed")? != 0),
            custom: Default::default(),
        },
        store_id: r.try_get("store_id")?,
        created_at: r.try_get("created_at")?,
        created_in: text(&r, "created_in")?,
        confirmation_pending: r.try_get::<Option<String>, _>("confirmation")?.is_some(),
        lock_expires: r.try_get("lock_expires")?,
        has_password: r.try_get::<Option<String>, _>("password_hash")?.is_some(),
        default_billing: r.try_get("default_billing")?,
        group_name: text(&r, "group_name")?,
        website_name: text(&r, "website_name")?,
        last_login_at: r.try_get("last_login_at")?,
        last_logout_at: r.try_get("last_logout_at")?,
    }))
}

fn opt(value: &str) -> Option<&str> {
    let v = value.trim();
    (!v.is_empty()).then_some(v)
}

/// Bind the fields an admin edits, as `$1…$12` in this order: website, email, group,
/// disable-auto-group-change, prefix, first, middle and last name, suffix, date of birth,
/// Tax/VAT, gender. Insert and update both number them so.
fn bind_fields<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    c: &'q CustomerInput,
    email: &'q str,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    query
        .bind(c.website_id)
        .bind(email)
        .bind(c.group_id)
        .bind(i64::from(c.disable_auto_group_change))
        .bind(opt(&c.prefix))
        .bind(c.firstname.trim())
        .bind(opt(&c.middlename))
        .bind(c.lastname.trim())
        .bind(opt(&c.suffix))
        .bind(opt(&c.dob))
        .bind(opt(&c.taxvat))
        .bind(c.gender)
}

/// Insert a new customer (no password: admin-created accounts get one through the
/// welcome email's link). Returns the id.
pub async fn insert(
    tx: &mut Tx<'_>,
    c: &CustomerInput,
    email: &str,
    store_id: i64,
    created_in: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    bind_fields(
        sqlx::query(
            "INSERT INTO customer_entity (website_id, email, group_id, disable_auto_group_change,
                 prefix, firstname, middlename, lastname, suffix, dob, taxvat, gender, store_id,
                 created_in, created_at, updated_at, assistance_allowed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)
             RETURNING entity_id",
        ),
        c,
        email,
    )
    .bind(store_id)
    .bind(created_in)
    .bind(now)
    .bind(i64::from(c.assistance_allowed.unwrap_or(false)))
    .fetch_one(&mut **tx)
    .await?
    .try_get("entity_id")
}

/// Update a customer if it is still at `c.version`; returns the new version, or `None`
/// when the row is missing or was changed since (the caller tells which). A new website
/// moves the account's store to that website's default store view.
pub async fn update(
    tx: &mut Tx<'_>,
    c: &CustomerInput,
    id: i64,
    email: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = bind_fields(
        sqlx::query(
            "UPDATE customer_entity SET
                 store_id = CASE WHEN website_id = $1 THEN store_id ELSE
                     (SELECT g.default_store_id FROM websites w
                      JOIN store_groups g ON g.group_id = w.default_group_id
                      WHERE w.website_id = $1) END,
                 website_id = $1, email = $2, group_id = $3, disable_auto_group_change = $4,
                 prefix = $5, firstname = $6, middlename = $7, lastname = $8, suffix = $9,
                 dob = $10, taxvat = $11, gender = $12, updated_at = $13, version = version + 1,
                 assistance_allowed = CASE WHEN $16 < 0 THEN assistance_allowed ELSE $16 END
             WHERE entity_id = $14 AND version = $15
             RETURNING version",
        ),
        c,
        email,
    )
    .bind(now)
    .bind(id)
    .bind(c.version)
    // -1 keeps the consent as it is.
    .bind(c.assistance_allowed.map_or(-1, i64::from))
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get("version")).transpose()
}

/// Does a customer with this id exist?
pub async fn exists(tx: &mut Tx<'_>, id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT entity_id FROM customer_entity WHERE entity_id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .is_some(),
    )
}

/// Delete a customer; addresses, subscriptions, the grid row and the log go with it.
pub async fn delete(tx: &mut Tx<'_>, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM customer_entity WHERE entity_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Clear the failure counter, first failure and lock (the Unlock button).
pub async fn unlock(tx: &mut Tx<'_>, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE customer_entity SET failures_num = 0, first_failure = NULL, lock_expires = NULL,
             updated_at = $1
         WHERE entity_id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Store a new reset-password token's hash (replacing any earlier token).
pub async fn set_reset_token(
    tx: &mut Tx<'_>,
    id: i64,
    token_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customer_entity SET rp_token = $1, rp_token_created_at = $2 WHERE entity_id = $3",
    )
    .bind(token_hash)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Magento's subscriber statuses.
pub const SUBSCRIBED: i64 = 1;
pub const UNSUBSCRIBED: i64 = 3;

/// The websites where the customer has an active subscription.
pub async fn subscribed_websites(db: &Db, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT DISTINCT v.website_id FROM newsletter_subscriber n
         JOIN store_views v ON v.store_id = n.store_id
         WHERE n.customer_id = $1 AND n.subscriber_status = $2",
    )
    .bind(id)
    .bind(SUBSCRIBED)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| r.try_get("website_id")).collect()
}

/// Subscribe the customer on the website's default store view, or unsubscribe every
/// subscription they have on the website.
pub async fn set_subscription(
    tx: &mut Tx<'_>,
    customer_id: i64,
    website_id: i64,
    subscribed: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    if subscribed {
        sqlx::query(
            "INSERT INTO newsletter_subscriber (store_id, customer_id, subscriber_email,
                 subscriber_status, change_status_at)
             SELECT g.default_store_id, c.entity_id, c.email, $1, $2
             FROM customer_entity c, websites w
             JOIN store_groups g ON g.group_id = w.default_group_id
             WHERE c.entity_id = $3 AND w.website_id = $4
             ON CONFLICT (customer_id, store_id) DO UPDATE SET
                 subscriber_status = excluded.subscriber_status,
                 subscriber_email = excluded.subscriber_email,
                 change_status_at = excluded.change_status_at",
        )
        .bind(SUBSCRIBED)
        .bind(now)
        .bind(customer_id)
        .bind(website_id)
        .execute(&mut **tx)
        .await?;
    } else {
        sqlx::query(
            "UPDATE newsletter_subscriber SET subscriber_status = $1, change_status_at = $2
             WHERE customer_id = $3 AND subscriber_status <> $1
               AND store_id IN (SELECT store_id FROM store_views WHERE website_id = $4)",
        )
        .bind(UNSUBSCRIBED)
        .bind(now)
        .bind(customer_id)
        .bind(website_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The store view's name and website, if it exists.
pub async fn store_view(
    tx: &mut Tx<'_>,
    store_id: i64,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    let row = sqlx::query("SELECT name, website_id FROM store_views WHERE store_id = $1")
        .bind(store_id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| Ok((r.try_get("name")?, r.try_get("website_id")?)))
        .transpose()
}

/// The website's default store view.
pub async fn default_store(tx: &mut Tx<'_>, website_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT g.default_store_id AS id FROM websites w
         JOIN store_groups g ON g.group_id = w.default_group_id WHERE w.website_id = $1",
    )
    .bind(website_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get("id")).transpose()
}

/// Every active store view as (website id, website name, (store id, store name)), by
/// website, the website's default store view first.
pub async fn active_store_views(db: &Db) -> Result<Vec<(i64, String, (i64, String))>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT w.website_id, w.name AS website_name, v.store_id, v.name AS store_name,
                CASE WHEN v.store_id = g.default_store_id THEN 0 ELSE 1 END AS not_default
         FROM websites w
         JOIN store_views v ON v.website_id = w.website_id AND v.is_active = 1
         LEFT JOIN store_groups g ON g.group_id = w.default_group_id
         WHERE w.website_id > 0
         ORDER BY w.sort_order, w.website_id, not_default, v.sort_order, v.store_id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("website_id")?,
                r.try_get("website_name")?,
                (r.try_get("store_id")?, r.try_get("store_name")?),
            ))
        })
        .collect()
}

/// Customer `id`'s sessions still alive at `now` (idle less than `idle` seconds), most
/// recently active first, at most `limit`; each with the admin who opened it when
/// Login as Customer did.
pub async fn live_sessions(
    db: &Db,
    id: i64,
    now: i64,
    idle: i64,
    limit: i64,
) -> Result<Vec<SessionSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.created_at, s.last_seen_at, s.ip, s.user_agent, s.assist_log_id,
                l.admin_name
         FROM sessions s
         LEFT JOIN login_as_customer_log l ON l.log_id = s.assist_log_id
         WHERE s.kind = 'customer' AND s.user_id = $1 AND s.expires_at > $2
           AND s.last_seen_at > $2 - $3
         ORDER BY s.last_seen_at DESC, s.session_id DESC
         LIMIT $4",
    )
    .bind(id)
    .bind(now)
    .bind(idle)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let assisted: Option<i64> = r.try_get("assist_log_id")?;
            Ok(SessionSummary {
                started_at: r.try_get("created_at")?,
                last_seen_at: r.try_get("last_seen_at")?,
                ip: r.try_get("ip")?,
                user_agent: r.try_get("user_agent")?,
                assisted_by: assisted
                    .map(|_| r.try_get::<Option<String>, _>("admin_name"))
                    .transpose()?
                    .map(Option::unwrap_or_default),
            })
        })
        .collect()
}
