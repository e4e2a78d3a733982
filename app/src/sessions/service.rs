//! Sessions and per-address limits, shared by admin and customer sign-in: who is
//! calling, opening and keeping sessions alive, and counting events toward a limit.

use super::repo;
use super::token::{new_token, token_hash};
use crate::error::AppError;
use crate::state::AppState;

/// Sessions are touched at most this often, so a busy admin does not cause a write per
/// request; the idle timeout is therefore exact to within this many seconds.
const TOUCH_EVERY: i64 = 30;

/// Who is calling, from the request.
#[derive(Clone, Debug, Default)]
pub struct Caller {
    pub token: Option<String>,
    pub ip: String,
    pub user_agent: String,
}

/// Normalise an email for look-up (admin emails are stored lower-cased).
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Open a session of `kind` (`admin` or `customer`) for `user_id`, ending the caller's
/// previous one in the same transaction: the token rotates at every sign-in. Returns
/// the new token; the database keeps only its hash.
pub async fn open_session(
    tx: &mut crate::db::Tx<'_>,
    kind: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
    caller: &Caller,
) -> Result<String, sqlx::Error> {
    if let Some(old) = &caller.token {
        repo::delete_session_by_hash(&mut **tx, &token_hash(old)).await?;
    }
    let token = new_token();
    repo::insert_session(
        tx,
        &token_hash(&token),
        kind,
        user_id,
        now,
        expires_at,
        &caller.ip,
        &caller.user_agent,
    )
    .await?;
    Ok(token)
}

/// Is a session (last seen, absolute end) still alive with an idle limit of `idle`
/// seconds? A dead one (idle too long, past its end, or `revoked`) is deleted; a live
/// one has its activity recorded, at most every minute.
pub async fn keep_alive(
    state: &AppState,
    session_id: i64,
    (last_seen_at, expires_at): (i64, i64),
    idle: i64,
    revoked: bool,
) -> Result<bool, AppError> {
    let now = state.clock.now();
    if revoked || last_seen_at + idle <= now || expires_at <= now {
        repo::delete_session(&state.db, session_id).await?;
        return Ok(false);
    }
    if now - last_seen_at >= TOUCH_EVERY {
        repo::touch_session(&state.db, session_id, now).await?;
    }
    Ok(true)
}

/// Count one event from an address toward `limit` in `bucket` (a fixed window in the
/// database, shared by every server process). Past the limit the caller is refused with
/// the minutes left in the window.
pub async fn count_toward_limit(
    state: &AppState,
    bucket: &str,
    limit: crate::state::RateLimit,
    now: i64,
) -> Result<(), AppError> {
    if limit.max <= 0 {
        return Ok(());
    }
    let (hits, window_start) = repo::hit_rate_limit(&state.db, bucket, limit.window, now).await?;
    if hits > limit.max {
        tracing::info!(bucket, hits, "rate limit reached");
        return Err(AppError::TooManyRequests {
            minutes: minutes_left(window_start + limit.window, now),
        });
    }
    Ok(())
}

pub fn minutes_left(until: i64, now: i64) -> i64 {
    ((until - now) + 59) / 60
}

/// A light syntax check: one `@`, something before it, a dot in the domain.
pub fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_syntax() {
        assert!(looks_like_email("a@b.co"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("@b.co"));
        assert!(!looks_like_email("a b@c.co"));
        assert!(!looks_like_email("a@b@c.co"));
    }

    #[test]
    fn minutes_round_up() {
        assert_eq!(minutes_left(100 + 60, 100), 1);
        assert_eq!(minutes_left(100 + 61, 100), 2);
        assert_eq!(minutes_left(100 + 1800, 100), 30);
    }
}
