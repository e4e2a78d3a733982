//! SQL for sessions (admin and customer) and per-address rate limits.

use crate::db::{Db, Tx};
use sqlx::Row;

/// Store a new session.
#[allow(clippy::too_many_arguments)]
pub async fn insert_session(
    tx: &mut Tx<'_>,
    token_hash: &str,
    kind: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
    ip: &str,
    user_agent: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, kind, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING session_id",
    )
    .bind(token_hash)
    .bind(kind)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .bind(ip)
    .bind(user_agent)
    .fetch_one(&mut **tx)
    .await?
    .try_get("session_id")
}

/// Record activity on a session (for the idle timeout).
pub async fn touch_session(db: &Db, session_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE session_id = $1")
        .bind(session_id)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// End one session by token hash.
pub async fn delete_session_by_hash<'e, E>(exec: E, token_hash: &str) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(exec)
        .await?;
    Ok(())
}

/// End one session by id.
pub async fn delete_session(db: &Db, session_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE session_id = $1")
        .bind(session_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// End every session of one user.
pub async fn delete_user_sessions(
    tx: &mut Tx<'_>,
    kind: &str,
    user_id: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE kind = $1 AND user_id = $2")
        .bind(kind)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

/// Count the sessions of one user (tests and the CLI use it).
pub async fn count_user_sessions(db: &Db, kind: &str, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM sessions WHERE kind = $1 AND user_id = $2")
        .bind(kind)
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")
}

/// Remove sessions past their absolute expiry (housekeeping).
pub async fn purge_expired_sessions(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

/// Count one event in a fixed window of `window` seconds for `bucket`, atomically, and
/// return the events counted in the current window. Shared by every server process.
pub async fn hit_rate_limit(
    db: &Db,
    bucket: &str,
    window: i64,
    now: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket) DO UPDATE SET
            hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
            window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
         RETURNING hits, window_start",
    )
    .bind(bucket)
    .bind(now)
    .bind(now - window)
    .fetch_one(&db.pool)
    .await?;
    Ok((row.try_get("hits")?, row.try_get("window_start")?))
}

/// Take back one event counted by [`hit_rate_limit`] (the attempt turned out fine).
pub async fn undo_rate_limit_hit(db: &Db, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE rate_limits SET hits = hits - 1 WHERE bucket = $1 AND hits > 0")
        .bind(bucket)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Remove rate-limit windows that ended before `older_than` (housekeeping).
pub async fn purge_rate_limits(db: &Db, older_than: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(older_than)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}
