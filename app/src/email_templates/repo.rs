//! SQL of the admins' email templates.

use super::model::{TemplateInput, TemplateRow};
use crate::db::{Db, Row, Tx};
use sqlx::Row as _;

fn row(r: &Row) -> Result<TemplateRow, sqlx::Error> {
    Ok(TemplateRow {
        id: r.try_get("template_id")?,
        name: r.try_get("template_code")?,
        orig_code: r.try_get("orig_code")?,
        subject: r.try_get("subject")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Every template, by name.
pub async fn list(db: &Db) -> Result<Vec<TemplateRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT template_id, template_code, orig_code, subject, created_at, updated_at
         FROM email_template ORDER BY LOWER(template_code), template_id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(row).collect()
}

/// Template `id` as the form edits it.
pub async fn load<'e, E>(db: E, id: i64) -> Result<Option<TemplateInput>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let found = sqlx::query(
        "SELECT template_id, template_code, orig_code, subject, body
         FROM email_template WHERE template_id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    found
        .map(|r| {
            Ok(TemplateInput {
                id: Some(r.try_get("template_id")?),
                name: r.try_get("template_code")?,
                orig_code: r.try_get("orig_code")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
            })
        })
        .transpose()
}

/// The subject and body of template `id` when it replaces `orig_code`.
pub async fn text_of(
    db: &Db,
    id: i64,
    orig_code: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let found = sqlx::query(
        "SELECT subject, body FROM email_template WHERE template_id = $1 AND orig_code = $2",
    )
    .bind(id)
    .bind(orig_code)
    .fetch_optional(&db.pool)
    .await?;
    found
        .map(|r| Ok((r.try_get("subject")?, r.try_get("body")?)))
        .transpose()
}

/// The email a stored template replaces (`None`: no such template).
pub async fn orig_of(tx: &mut Tx<'_>, id: i64) -> Result<Option<String>, sqlx::Error> {
    let found = sqlx::query("SELECT orig_code FROM email_template WHERE template_id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    found.map(|r| r.try_get("orig_code")).transpose()
}

/// Whether another template than `except` is named `name` (case ignored).
pub async fn name_taken(
    tx: &mut Tx<'_>,
    name: &str,
    except: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let found = sqlx::query(
        "SELECT 1 AS one FROM email_template
         WHERE LOWER(template_code) = LOWER($1) AND template_id <> $2",
    )
    .bind(name)
    .bind(except.unwrap_or(0))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.is_some())
}

/// Insert a checked template; returns its id.
pub async fn insert(tx: &mut Tx<'_>, t: &TemplateInput, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_template (template_code, orig_code, subject, body, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING template_id",
    )
    .bind(t.name.trim())
    .bind(&t.orig_code)
    .bind(t.subject.trim())
    .bind(&t.body)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get("template_id")
}

/// Update template `t.id` (its email stays the one it was made from); false when it
/// no longer exists.
pub async fn update(
    tx: &mut Tx<'_>,
    id: i64,
    t: &TemplateInput,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE email_template SET template_code = $1, subject = $2, body = $3, updated_at = $4
         WHERE template_id = $5",
    )
    .bind(t.name.trim())
    .bind(t.subject.trim())
    .bind(&t.body)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The configuration rows choosing template `id`: `(scope, scope id, path)`.
pub async fn used_by(
    tx: &mut Tx<'_>,
    id: i64,
    paths: &[&str],
) -> Result<Vec<(String, i64, String)>, sqlx::Error> {
    let mut used = Vec::new();
    for path in paths {
        let rows = sqlx::query(
            "SELECT scope, scope_id, path FROM core_config_data WHERE path = $1 AND value = $2",
        )
        .bind(*path)
        .bind(id.to_string())
        .fetch_all(&mut **tx)
        .await?;
        for r in rows {
            used.push((
                r.try_get("scope")?,
                r.try_get("scope_id")?,
                r.try_get("path")?,
            ));
        }
    }
    Ok(used)
}

/// Delete template `id`; false when it did not exist.
pub async fn delete(tx: &mut Tx<'_>, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM email_template WHERE template_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}
