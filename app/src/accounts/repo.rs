//! SQL of storefront sign-in: the account an email names on a website, its failure
//! counters, and the customer's sessions and sign-in log.

use super::rules::FailureState;
use crate::db::{Db, Row, Tx};
use sqlx::Row as _;

/// What sign-in needs to know about an account.
#[derive(Clone, Debug)]
pub struct AccountRecord {
    pub id: i64,
    pub website_id: i64,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    /// `None` for an account created in the Admin that never set a password.
    pub password_hash: Option<String>,
    /// The confirmation key while the email is unconfirmed.
    pub confirmation: Option<String>,
    pub failures: FailureState,
}

const ACCOUNT_COLUMNS: &str = "entity_id, website_id, email, firstname, lastname, password_hash,
    confirmation, failures_num, first_failure, lock_expires";

fn account_from_row(r: &Row) -> Result<AccountRecord, sqlx::Error> {
    Ok(AccountRecord {
        id: r.try_get("entity_id")?,
        website_id: r.try_get::<Option<i64>, _>("website_id")?.unwrap_or(0),
        email: r.try_get("email")?,
        firstname: r.try_get("firstname")?,
        lastname: r.try_get("lastname")?,
        password_hash: r.try_get("password_hash")?,
        confirmation: r.try_get("confirmation")?,
        failures: failures_from_row(r)?,
    })
}

fn failures_from_row(r: &Row) -> Result<FailureState, sqlx::Error> {
    Ok(FailureState {
        failures_num: r.try_get("failures_num")?,
        first_failure: r.try_get("first_failure")?,
        lock_expires: r.try_get("lock_expires")?,
    })
}

/// The account `email` (lower-case) names: on `website`, or on any website when
/// accounts are shared globally (`website` is `None`; there is at most one then).
pub async fn find_by_email(
    db: &Db,
    email: &str,
    website: Option<i64>,
) -> Result<Option<AccountRecord>, sqlx::Error> {
    let row = match website {
        Some(w) => {
            let sql = format!(
                "SELECT {ACCOUNT_COLUMNS} FROM customer_entity WHERE email = $1 AND website_id = $2"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(email)
                .bind(w)
                .fetch_optional(&db.pool)
                .await?
        }
        None => {
            let sql = format!(
                "SELECT {ACCOUNT_COLUMNS} FROM customer_entity WHERE email = $1
                 ORDER BY entity_id LIMIT 1"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(email)
                .fetch_optional(&db.pool)
                .await?
        }
    };
    row.as_ref().map(account_from_row).transpose()
}

/// Count one password attempt on the account before its password is checked, in one
/// atomic statement, so concurrent guesses each get their own number and none can
/// outrun the lock. The first attempt (or the first after an expired lock) counts 1.
/// Returns the attempt's number, or `None` while the account is locked.
pub async fn begin_attempt(db: &Db, id: i64, now: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "UPDATE customer_entity SET
            failures_num = CASE WHEN failures_num = 0 OR first_failure IS NULL
                                  OR (lock_expires IS NOT NULL AND lock_expires <= $2)
                                THEN 1 ELSE failures_num + 1 END,
            first_failure = CASE WHEN failures_num = 0 OR first_failure IS NULL
                                   OR (lock_expires IS NOT NULL AND lock_expires <= $2)
                                 THEN $2 ELSE first_failure END,
            lock_expires = CASE WHEN lock_expires IS NOT NULL AND lock_expires <= $2
                                THEN NULL ELSE lock_expires END
         WHERE entity_id = $1 AND (lock_expires IS NULL OR lock_expires <= $2)
         RETURNING failures_num",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?
    .map(|row| row.try_get("failures_num"))
    .transpose()
}

/// A right password: the failure count starts again (an unexpired lock stays).
pub async fn clear_failures(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customer_entity SET failures_num = 0, first_failure = NULL
         WHERE entity_id = $1 AND (lock_expires IS NULL OR lock_expires <= $2)",
    )
    .bind(id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Lock the account until `until` (the counters stay, as Magento keeps them).
pub async fn lock(tx: &mut Tx<'_>, id: i64, until: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customer_entity SET lock_expires = $2 WHERE entity_id = $1")
        .bind(id)
        .bind(until)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Clear the failure counters and the lock, and note the sign-in in `customer_log`.
pub async fn record_sign_in(tx: &mut Tx<'_>, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customer_entity SET failures_num = 0, first_failure = NULL, lock_expires = NULL
         WHERE entity_id = $1",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO customer_log (customer_id, last_login_at) VALUES ($1, $2)
         ON CONFLICT (customer_id) DO UPDATE SET last_login_at = $2",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Note a sign-out in `customer_log`.
pub async fn record_sign_out(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_log (customer_id, last_logout_at) VALUES ($1, $2)
         ON CONFLICT (customer_id) DO UPDATE SET last_logout_at = $2",
    )
    .bind(id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A live customer session and who it belongs to.
#[derive(Clone, Debug)]
pub struct CustomerSession {
    pub session_id: i64,
    pub customer_id: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub website_id: i64,
    /// Opened by Login as Customer: the admin session it depends on, and its log entry.
    pub assisted: Option<(i64, i64)>,
}

/// Look a customer session up by token hash (admin sessions never match).
pub async fn find_session(
    db: &Db,
    token_hash: &str,
) -> Result<Option<CustomerSession>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.session_id, s.last_seen_at, s.expires_at, c.entity_id, c.email, c.firstname,
                c.lastname, c.website_id, s.assisted_by_session, s.assist_log_id
         FROM sessions s JOIN customer_entity c ON c.entity_id = s.user_id
         WHERE s.token_hash = $1 AND s.kind = 'customer'",
    )
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(CustomerSession {
        session_id: r.try_get("session_id")?,
        customer_id: r.try_get("entity_id")?,
        last_seen_at: r.try_get("last_seen_at")?,
        expires_at: r.try_get("expires_at")?,
        email: r.try_get("email")?,
        firstname: r.try_get("firstname")?,
        lastname: r.try_get("lastname")?,
        website_id: r.try_get::<Option<i64>, _>("website_id")?.unwrap_or(0),
        assisted: r
            .try_get::<Option<i64>, _>("assisted_by_session")?
            .zip(r.try_get::<Option<i64>, _>("assist_log_id")?),
    }))
}

/// Set a new account's password hash, its confirmation key (hashed; `None` when no
/// confirmation is needed) and its remote shopping assistance consent.
pub async fn set_credentials(
    tx: &mut Tx<'_>,
    id: i64,
    password_hash: &str,
    confirmation: Option<&str>,
    assistance: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customer_entity SET password_hash = $1, confirmation = $2, assistance_allowed = $3
         WHERE entity_id = $4",
    )
    .bind(password_hash)
    .bind(confirmation)
    .bind(i64::from(assistance))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The account with this id (read inside a transaction).
pub async fn account(tx: &mut Tx<'_>, id: i64) -> Result<Option<AccountRecord>, sqlx::Error> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM customer_entity WHERE entity_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(account_from_row).transpose()
}

/// Mark the email confirmed (the key works once).
pub async fn clear_confirmation(tx: &mut Tx<'_>, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customer_entity SET confirmation = NULL, updated_at = $1, version = version + 1
         WHERE entity_id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Replace the confirmation key (hashed) of an unconfirmed account.
pub async fn set_confirmation(tx: &mut Tx<'_>, id: i64, key_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customer_entity SET confirmation = $1
         WHERE entity_id = $2 AND confirmation IS NOT NULL",
    )
    .bind(key_hash)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The account a reset token (hashed) belongs to.
#[derive(Clone, Debug)]
pub struct ResetAccount {
    pub id: i64,
    pub website_id: i64,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub token_created_at: i64,
}

/// Find the account holding this reset token hash.
pub async fn find_by_reset_token(
    db: &Db,
    token_hash: &str,
) -> Result<Option<ResetAccount>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT entity_id, website_id, email, firstname, lastname, rp_token_created_at
         FROM customer_entity WHERE rp_token = $1",
    )
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(ResetAccount {
        id: r.try_get("entity_id")?,
        website_id: r.try_get::<Option<i64>, _>("website_id")?.unwrap_or(0),
        email: r.try_get("email")?,
        firstname: r.try_get("firstname")?,
        lastname: r.try_get("lastname")?,
        token_created_at: r
            .try_get::<Option<i64>, _>("rp_token_created_at")?
            .unwrap_or(0),
    }))
}

/// Store a new password if `token_hash` is still the account's reset token; the token,
/// the lock and the failure counter are cleared. `false` when the token changed.
pub async fn set_password_from_token(
    tx: &mut Tx<'_>,
    id: i64,
    token_hash: &str,
    password_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE customer_entity SET password_hash = $1, rp_token = NULL,
             rp_token_created_at = NULL, failures_num = 0, first_failure = NULL,
             lock_expires = NULL, updated_at = $2, version = version + 1
         WHERE entity_id = $3 AND rp_token = $4",
    )
    .bind(password_hash)
    .bind(now)
    .bind(id)
    .bind(token_hash)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// End the customer's sessions, except `keep` (the one making a change, if any).
pub async fn end_sessions(
    tx: &mut Tx<'_>,
    customer_id: i64,
    keep: Option<i64>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM sessions WHERE kind = 'customer' AND user_id = $1 AND session_id <> $2",
    )
    .bind(customer_id)
    .bind(keep.unwrap_or(0))
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// "Allow remote shopping assistance" of customer `id`.
pub async fn assistance(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT assistance_allowed FROM customer_entity WHERE entity_id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        Some(r) => {
            r.try_get::<Option<i64>, _>("assistance_allowed")?
                .unwrap_or(0)
                != 0
        }
        None => false,
    })
}

/// Set the remote shopping assistance consent.
pub async fn set_assistance(tx: &mut Tx<'_>, id: i64, allowed: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customer_entity SET assistance_allowed = $1 WHERE entity_id = $2")
        .bind(i64::from(allowed))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Store a new password hash chosen in Account Information (any reset link stops
/// working).
pub async fn set_password(
    tx: &mut Tx<'_>,
    id: i64,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customer_entity SET password_hash = $1, rp_token = NULL, rp_token_created_at = NULL
         WHERE entity_id = $2",
    )
    .bind(password_hash)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Is the customer's group excluded from `website` ("Excluded Website(s)" of the group)?
pub async fn group_excluded(db: &Db, customer_id: i64, website: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM customer_entity c
         JOIN customer_group_excluded_websites x
           ON x.customer_group_id = c.group_id AND x.website_id = $2
         WHERE c.entity_id = $1",
    )
    .bind(customer_id)
    .bind(website)
    .fetch_one(&db.pool)
    .await?
    .try_get("n")?;
    Ok(n > 0)
}

/// The store view an account was created in and its website's default store view.
pub async fn account_store_ids(
    db: &Db,
    id: i64,
) -> Result<Option<(Option<i64>, Option<i64>)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT c.store_id, c.website_id, g.default_store_id FROM customer_entity c
         LEFT JOIN websites w ON w.website_id = c.website_id
         LEFT JOIN store_groups g ON g.group_id = w.default_group_id
         WHERE c.entity_id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((r.try_get("store_id")?, r.try_get("default_store_id")?)))
        .transpose()
}
