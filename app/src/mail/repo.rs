//! SQL of outgoing mail: the outbox table (the Outbox page) and the SMTP queue.

use super::model::OutboxMessage;
use super::transport::Email;
use crate::db::Db;
use sqlx::Row;

/// Store `email` in the outbox.
pub async fn insert_outbox(db: &Db, email: &Email, now: i64) -> Result<(), sqlx::Error> {
    insert(
        db,
        "INSERT INTO mail_outbox (created_at, to_email, to_name, subject, body_text, template,
             from_name, from_email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        email,
        now,
    )
    .await
}

/// Run `sql` (an INSERT taking `created_at` then the email's fields as `$1…$8`).
async fn insert(db: &Db, sql: &'static str, email: &Email, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(sql)
        .bind(now)
        .bind(&email.to_email)
        .bind(&email.to_name)
        .bind(&email.subject)
        .bind(&email.body)
        .bind(email.template)
        .bind(email.from.as_ref().map_or("", |f| f.name.as_str()))
        .bind(email.from.as_ref().map_or("", |f| f.email.as_str()))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The newest `limit` outbox messages, newest first.
pub async fn outbox(db: &Db, limit: i64) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT message_id, created_at, to_email, to_name, subject, body_text, template,
             from_name, from_email
         FROM mail_outbox ORDER BY message_id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OutboxMessage {
                id: r.try_get("message_id")?,
                created_at: r.try_get("created_at")?,
                to_email: r.try_get("to_email")?,
                to_name: r.try_get("to_name")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body_text")?,
                template: r.try_get("template")?,
                from_name: r.try_get("from_name")?,
                from_email: r.try_get("from_email")?,
            })
        })
        .collect()
}

/// Queue `email` for sending now.
pub async fn enqueue(db: &Db, email: &Email, now: i64) -> Result<(), sqlx::Error> {
    insert(
        db,
        "INSERT INTO mail_queue (created_at, to_email, to_name, subject, body_text, template,
             from_name, from_email, attempts, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $1)",
        email,
        now,
    )
    .await
}

/// Up to `limit` queued message ids due at `now`, oldest first.
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT message_id FROM mail_queue WHERE next_attempt_at <= $1
         ORDER BY message_id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get("message_id"))
    .collect()
}

/// A message a worker claimed: its email and how many tries it has had.
pub struct Claimed {
    pub email: Email,
    pub template: String,
    pub attempts: i64,
}

/// Claim message `id` if it is still due at `now` (one conditional update, so only one
/// worker gets it), leaving it alone until `until`.
pub async fn claim(db: &Db, id: i64, now: i64, until: i64) -> Result<Option<Claimed>, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE mail_queue SET next_attempt_at = $2, attempts = attempts + 1
         WHERE message_id = $1 AND next_attempt_at <= $3
         RETURNING to_email, to_name, subject, body_text, template, from_name, from_email,
             attempts",
    )
    .bind(id)
    .bind(until)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|row| {
        Ok(Claimed {
            email: Email {
                to_email: row.try_get("to_email")?,
                to_name: row.try_get("to_name")?,
                subject: row.try_get("subject")?,
                body: row.try_get("body_text")?,
                template: "queued",
                vars: Vec::new(),
                from: {
                    let name: String = row.try_get("from_name")?;
                    let email: String = row.try_get("from_email")?;
                    (!email.is_empty()).then_some(super::transport::Sender { name, email })
                },
            },
            template: row.try_get("template")?,
            attempts: row.try_get("attempts")?,
        })
    })
    .transpose()
}

/// Remove a sent message.
pub async fn delete(db: &Db, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM mail_queue WHERE message_id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Try message `id` again at `next`, noting why the last try failed.
pub async fn retry_at(db: &Db, id: i64, next: i64, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_queue SET next_attempt_at = $2, last_error = $3
         WHERE message_id = $1",
    )
    .bind(id)
    .bind(next)
    .bind(error)
    .execute(&db.pool)
    .await?;
    Ok(())
}
