//! SQL for admin users, roles and sessions.

use crate::db::{Db, Tx};
use crate::sessions::password::PasswordHashString;
use sqlx::Row;

/// An admin user as stored. Holds the password hash: never sent to the browser.
#[derive(Debug, Clone)]
pub struct AdminRecord {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: PasswordHashString,
    pub role_id: i64,
    pub is_active: bool,
    pub locale: String,
    pub lock_expires: Option<i64>,
}

fn admin_from_row(row: &crate::db::Row) -> Result<AdminRecord, sqlx::Error> {
    Ok(AdminRecord {
        user_id: row.try_get("user_id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        password_hash: PasswordHashString(row.try_get("password_hash")?),
        role_id: row.try_get("role_id")?,
        is_active: row.try_get::<i64, _>("is_active")? != 0,
        locale: row.try_get("locale")?,
        lock_expires: row.try_get("lock_expires")?,
    })
}

const ADMIN_COLUMNS: &str =
    "user_id, email, name, password_hash, role_id, is_active, locale, lock_expires";

/// Find an admin by (lower-cased) email.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<AdminRecord>, sqlx::Error> {
    let sql = format!("SELECT {ADMIN_COLUMNS} FROM admin_users WHERE email = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(email)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(admin_from_row).transpose()
}

/// Insert an admin; returns the new id.
pub async fn insert_admin(
    tx: &mut Tx<'_>,
    email: &str,
    name: &str,
    hash: &PasswordHashString,
    role_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO admin_users (email, name, password_hash, role_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING user_id",
    )
    .bind(email)
    .bind(name)
    .bind(&hash.0)
    .bind(role_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get("user_id")
}

/// Replace an admin's password hash and clear any lock.
pub async fn set_password(
    tx: &mut Tx<'_>,
    user_id: i64,
    hash: &PasswordHashString,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE admin_users SET password_hash = $2, failures_num = 0, first_failure = NULL,
         lock_expires = NULL, updated_at = $3 WHERE user_id = $1",
    )
    .bind(user_id)
    .bind(&hash.0)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Change an admin's interface language.
pub async fn set_locale(
    tx: &mut Tx<'_>,
    user_id: i64,
    locale: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE admin_users SET locale = $2, updated_at = $3 WHERE user_id = $1")
        .bind(user_id)
        .bind(locale)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Enable or disable an admin.
pub async fn set_active(
    tx: &mut Tx<'_>,
    user_id: i64,
    active: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE admin_users SET is_active = $2, updated_at = $3 WHERE user_id = $1")
        .bind(user_id)
        .bind(i64::from(active))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Count one sign-in attempt *before* its password is checked and return its number in
/// the current series, or `None` while the account is locked. A lock that has run out
/// starts a new series. One atomic statement, so concurrent attempts (even on several
/// servers) each get their own number and cannot all slip past the limit.
pub async fn begin_attempt(db: &Db, user_id: i64, now: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "UPDATE admin_users SET
            failures_num = CASE WHEN lock_expires IS NOT NULL AND lock_expires <= $2
                                THEN 1 ELSE failures_num + 1 END,
            first_failure = CASE WHEN failures_num = 0 OR (lock_expires IS NOT NULL AND lock_expires <= $2)
                                 THEN $2 ELSE first_failure END,
            lock_expires = CASE WHEN lock_expires IS NOT NULL AND lock_expires <= $2
                                THEN NULL ELSE lock_expires END
         WHERE user_id = $1 AND (lock_expires IS NULL OR lock_expires <= $2)
         RETURNING failures_num",
    )
    .bind(user_id)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?
    .map(|row| row.try_get("failures_num"))
    .transpose()
}

/// The end of an admin's current lock, if any.
pub async fn lock_expires(db: &Db, user_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT lock_expires FROM admin_users WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("lock_expires")
}

/// Lock an admin until `until` and start the failure count afresh.
pub async fn lock(db: &Db, user_id: i64, until: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE admin_users SET lock_expires = $2, failures_num = 0 WHERE user_id = $1")
        .bind(user_id)
        .bind(until)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// After a successful sign-in: clear failures and remember the time.
pub async fn record_success(tx: &mut Tx<'_>, user_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE admin_users SET failures_num = 0, first_failure = NULL, lock_expires = NULL,
         last_login_at = $2 WHERE user_id = $1",
    )
    .bind(user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A role as stored.
#[derive(Debug, Clone)]
pub struct RoleRecord {
    pub role_id: i64,
    pub name: String,
    pub all_resources: bool,
}

/// Find a role by name.
pub async fn find_role(db: &Db, name: &str) -> Result<Option<RoleRecord>, sqlx::Error> {
    let row = sqlx::query("SELECT role_id, name, all_resources FROM admin_roles WHERE name = $1")
        .bind(name)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        Ok(RoleRecord {
            role_id: r.try_get("role_id")?,
            name: r.try_get("name")?,
            all_resources: r.try_get::<i64, _>("all_resources")? != 0,
        })
    })
    .transpose()
}

/// Create a role with the given resources; returns its id.
pub async fn insert_role(
    tx: &mut Tx<'_>,
    name: &str,
    resources: &[&str],
    now: i64,
) -> Result<i64, sqlx::Error> {
    let role_id: i64 = sqlx::query(
        "INSERT INTO admin_roles (name, all_resources, created_at) VALUES ($1, 0, $2) RETURNING role_id",
    )
    .bind(name)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get("role_id")?;
    for resource in resources {
        sqlx::query("INSERT INTO admin_role_resources (role_id, resource_id) VALUES ($1, $2)")
            .bind(role_id)
            .bind(*resource)
            .execute(&mut **tx)
            .await?;
    }
    Ok(role_id)
}

/// A live session joined with its admin and role.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub session_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub admin: AdminRecord,
    pub role_name: String,
    pub all_resources: bool,
}

/// Look a session up by token hash.
pub async fn find_admin_session(
    db: &Db,
    token_hash: &str,
) -> Result<Option<SessionRecord>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.session_id, s.created_at, s.last_seen_at, s.expires_at,
                u.user_id, u.email, u.name, u.password_hash, u.role_id, u.is_active, u.locale,
                u.lock_expires, r.name AS role_name, r.all_resources
         FROM sessions s
         JOIN admin_users u ON u.user_id = s.user_id
         JOIN admin_roles r ON r.role_id = u.role_id
         WHERE s.token_hash = $1 AND s.kind = 'admin'",
    )
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(SessionRecord {
        session_id: row.try_get("session_id")?,
        created_at: row.try_get("created_at")?,
        last_seen_at: row.try_get("last_seen_at")?,
        expires_at: row.try_get("expires_at")?,
        admin: admin_from_row(&row)?,
        role_name: row.try_get("role_name")?,
        all_resources: row.try_get::<i64, _>("all_resources")? != 0,
    }))
}

/// The resources granted to a role.
pub async fn role_resources(db: &Db, role_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT resource_id FROM admin_role_resources WHERE role_id = $1 ORDER BY resource_id",
    )
    .bind(role_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| r.try_get("resource_id")).collect()
}

/// How many admins exist (the demo seeding checks it).
pub async fn count_admins(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM admin_users")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")
}
