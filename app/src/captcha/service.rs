//! When a form asks for a CAPTCHA, making challenges, and checking answers.
//!
//! Rules (Magento's): nothing is asked unless "Enable CAPTCHA on Storefront" is Yes and
//! the form is among the selected Forms. Create an Account, Forgot Your Password? and
//! Change password then always ask. The login form asks always in the "Always"
//! Displaying Mode; in "After number of attempts to login" once the email has failed
//! "Number of Unsuccessful Attempts to Login" times on the website (0: always), or the
//! address [`IP_ATTEMPTS`] times whatever the email. A successful sign-in clears both.
//!
//! A challenge is answered once: right or wrong, it is gone, and the form gets a new
//! picture. It expires after "CAPTCHA Timeout (minutes)".

use super::model::{Answer, CaptchaForm, Challenge, ANSWER_FIELD, INCORRECT};
use crate::config::registry::{
    CAPTCHA_CASE_SENSITIVE, CAPTCHA_ENABLE, CAPTCHA_FAILED_ATTEMPTS_LOGIN, CAPTCHA_FORMS,
    CAPTCHA_LENGTH, CAPTCHA_MODE, CAPTCHA_SYMBOLS, CAPTCHA_TIMEOUT,
};
use crate::config::service::At;
use crate::error::AppError;
use crate::i18n::Key;
use crate::state::AppState;
use rand::Rng as _;
use sqlx::Row as _;

pub use super::over_limit::IP_ATTEMPTS;

/// Challenges one address may hold at once; asking for more drops its oldest.
pub const CHALLENGES_PER_ADDRESS: i64 = 100;

/// The symbols of the built-in configuration, used when the configured ones hold
/// nothing the pictures can draw.
const DEFAULT_SYMBOLS: &str = "ABCDEFGHJKMnpqrstuvwxyz23456789";

/// The CAPTCHA configuration of one website.
struct Policy {
    enabled: bool,
    forms: Vec<String>,
    always: bool,
    attempts: i64,
    timeout_minutes: i64,
    length: (usize, usize),
    symbols: Vec<char>,
    case_sensitive: bool,
}

async fn policy(state: &AppState, website: i64) -> Result<Policy, AppError> {
    let config = state.config.snapshot().await?;
    let at = At::website(website);
    let mut symbols: Vec<char> = config
        .get(CAPTCHA_SYMBOLS, at)
        .chars()
        .filter(|c| super::image::drawable(*c))
        .collect();
    if symbols.is_empty() {
        symbols = DEFAULT_SYMBOLS.chars().collect();
    }
    symbols.dedup();
    Ok(Policy {
        enabled: config.get(CAPTCHA_ENABLE, at),
        forms: config
            .get(CAPTCHA_FORMS, at)
            .split(',')
            .map(|f| f.trim().to_string())
            .collect(),
        always: config.get(CAPTCHA_MODE, at) == "always",
        attempts: config.get(CAPTCHA_FAILED_ATTEMPTS_LOGIN, at).max(0),
        timeout_minutes: config.get(CAPTCHA_TIMEOUT, at).max(1),
        length: parse_length(&config.get(CAPTCHA_LENGTH, at)),
        symbols,
        case_sensitive: config.get(CAPTCHA_CASE_SENSITIVE, at),
    })
}

/// "Number of Symbols": a count ("5") or a range ("4-5"), each 1 to 8; anything else
/// reads as Magento's default 4-5.
pub fn parse_length(text: &str) -> (usize, usize) {
    let number = |s: &str| {
        s.trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=8).contains(n))
    };
    let parsed = match text.split_once('-') {
        Some((low, high)) => number(low).zip(number(high)),
        None => number(text).map(|n| (n, n)),
    };
    match parsed {
        Some((low, high)) if low <= high => (low, high),
        Some((low, high)) => (high, low),
        None => (4, 5),
    }
}

fn login_key(website: i64, email: &str) -> String {
    format!("{website}:{}", email.trim().to_lowercase())
}

/// How current an address's count must be: showing a form may go by the set each
/// process keeps ([`super::over_limit::OverLimit`]); checking a posted form reads the
/// count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Count {
    Recent,
    Exact,
}

/// Must `form` on `website` be answered with a CAPTCHA, for the sign-in of `login`
/// (the email typed, when there is one) from address `ip`? (What a posted form is
/// checked against.)
pub async fn required(
    state: &AppState,
    form: CaptchaForm,
    website: i64,
    login: Option<&str>,
    ip: &str,
) -> Result<bool, AppError> {
    let p = policy(state, website).await?;
    requires(state, &p, form, website, login, ip, Count::Exact).await
}

/// [`required`] under the website's policy `p`, read once by the caller.
async fn requires(
    state: &AppState,
    p: &Policy,
    form: CaptchaForm,
    website: i64,
    login: Option<&str>,
    ip: &str,
    count: Count,
) -> Result<bool, AppError> {
    if !p.enabled || !p.forms.iter().any(|f| f == form.code()) {
        return Ok(false);
    }
    if form != CaptchaForm::Login || p.always || p.attempts == 0 {
        return Ok(true);
    }
    let mut keys = Vec::with_capacity(2);
    match count {
        Count::Recent if state.captcha_over_limit.get(&state.db).await?.contains(ip) => {
            return Ok(true)
        }
        Count::Recent => {}
        Count::Exact => keys.push(("ip", ip.to_string())),
    }
    if let Some(email) = login.filter(|e| !e.trim().is_empty()) {
        keys.push(("login", login_key(website, email)));
    }
    for (kind, value) in keys {
        let count: Option<i64> =
            sqlx::query("SELECT count FROM captcha_log WHERE kind = $1 AND value = $2")
                .bind(kind)
                .bind(value)
                .fetch_optional(&state.db.pool)
                .await?
                .map(|r| r.try_get("count"))
                .transpose()?;
        let limit = if kind == "ip" {
            IP_ATTEMPTS
        } else {
            p.attempts
        };
        if count.unwrap_or(0) >= limit {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A new challenge for `form` on `website`, asked from `ip`. Expired challenges are
/// cleared on the way, and the address keeps at most [`CHALLENGES_PER_ADDRESS`].
pub async fn issue(
    state: &AppState,
    form: CaptchaForm,
    website: i64,
    ip: &str,
) -> Result<Challenge, AppError> {
    let p = policy(state, website).await?;
    let (token, answer) = draw(&p);
    store(state, &token, &answer, form, website, ip, &p).await?;
    Ok(Challenge { token })
}

/// A fresh token and a random answer of the configured length and symbols.
fn draw(p: &Policy) -> (String, String) {
    let mut rng = rand::rng();
    let length = rng.random_range(p.length.0..=p.length.1);
    let answer: String = (0..length)
        .map(|_| p.symbols[rng.random_range(0..p.symbols.len())])
        .collect();
    (crate::sessions::token::new_token(), answer)
}

async fn store(
    state: &AppState,
    token: &str,
    answer: &str,
    form: CaptchaForm,
    website: i64,
    ip: &str,
    p: &Policy,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM captcha_challenge WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO captcha_challenge (token, form, website_id, answer, ip, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token)
    .bind(form.code())
    .bind(website)
    .bind(answer)
    .bind(ip)
    .bind(now + p.timeout_minutes * 60)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM captcha_challenge WHERE ip = $1 AND token NOT IN (
             SELECT token FROM captcha_challenge WHERE ip = $1
             ORDER BY expires_at DESC, token LIMIT $2)",
    )
    .bind(ip)
    .bind(CHALLENGES_PER_ADDRESS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A new challenge for `form` when it must be answered now (see [`required`]), else
/// `None`. A page built several times in one render calls this once
/// (`crate::request::once`, in the server function).
pub async fn challenge_if_required(
    state: &AppState,
    form: CaptchaForm,
    website: i64,
    login: Option<&str>,
    ip: &str,
) -> Result<Option<Challenge>, AppError> {
    let p = policy(state, website).await?;
    if !requires(state, &p, form, website, login, ip, Count::Recent).await? {
        return Ok(None);
    }
    let (token, answer) = draw(&p);
    store(state, &token, &answer, form, website, ip, &p).await?;
    Ok(Some(Challenge { token }))
}

/// Check the answer posted with `form` when the form must be answered: a missing,
/// wrong, expired or already used answer is refused on the `captcha` field. The
/// challenge is used up either way.
pub async fn check(
    state: &AppState,
    form: CaptchaForm,
    website: i64,
    login: Option<&str>,
    ip: &str,
    posted: &Answer,
) -> Result<(), AppError> {
    let p = policy(state, website).await?;
    if !requires(state, &p, form, website, login, ip, Count::Exact).await? {
        return Ok(());
    }
    let answer = posted.text.as_deref().map(str::trim).unwrap_or_default();
    if answer.is_empty() {
        return Err(AppError::field(ANSWER_FIELD, Key::ErrCaptchaRequired));
    }
    let Some(token) = posted.token.as_deref().filter(|t| !t.is_empty()) else {
        return Err(AppError::field(ANSWER_FIELD, INCORRECT));
    };
    let mut tx = state.db.begin().await?;
    let row = sqlx::query(
        "DELETE FROM captcha_challenge WHERE token = $1
         RETURNING form, website_id, answer, expires_at",
    )
    .bind(token)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    let Some(row) = row else {
        return Err(AppError::field(ANSWER_FIELD, INCORRECT));
    };
    let expected: String = row.try_get("answer")?;
    let matches = if p.case_sensitive {
        expected == answer
    } else {
        expected.to_lowercase() == answer.to_lowercase()
    };
    let right = row.try_get::<String, _>("form")? == form.code()
        && row.try_get::<i64, _>("website_id")? == website
        && row.try_get::<i64, _>("expires_at")? > state.clock.now()
        && matches;
    if right {
        Ok(())
    } else {
        Err(AppError::field(ANSWER_FIELD, INCORRECT))
    }
}

/// Count a failed sign-in of `email` on `website` from `ip`.
pub async fn sign_in_failed(
    state: &AppState,
    website: i64,
    email: &str,
    ip: &str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let mut address_count = 0;
    for (kind, value) in [("login", login_key(website, email)), ("ip", ip.to_string())] {
        address_count = sqlx::query(
            "INSERT INTO captcha_log (kind, value, count, updated_at) VALUES ($1, $2, 1, $3)
             ON CONFLICT (kind, value)
             DO UPDATE SET count = captcha_log.count + 1, updated_at = excluded.updated_at
             RETURNING count",
        )
        .bind(kind)
        .bind(value)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("count")?;
    }
    tx.commit().await?;
    if address_count == IP_ATTEMPTS {
        state.captcha_over_limit.forget();
    }
    Ok(())
}

/// A successful sign-in: its email and address start counting again.
pub async fn signed_in(
    state: &AppState,
    website: i64,
    email: &str,
    ip: &str,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "DELETE FROM captcha_log WHERE (kind = 'login' AND value = $1) OR (kind = 'ip' AND value = $2)",
    )
    .bind(login_key(website, email))
    .bind(ip)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    state.captcha_over_limit.cleared(ip);
    Ok(())
}

/// The picture of challenge `token`, while it lasts.
pub async fn picture(state: &AppState, token: &str) -> Result<Option<String>, AppError> {
    let row = sqlx::query("SELECT answer, expires_at FROM captcha_challenge WHERE token = $1")
        .bind(token)
        .fetch_optional(&state.db.pool)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    if row.try_get::<i64, _>("expires_at")? <= state.clock.now() {
        return Ok(None);
    }
    let answer: String = row.try_get("answer")?;
    // The same challenge draws the same picture (the browser may ask twice); each
    // challenge its own.
    let seed = token.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    Ok(Some(super::image::svg(&answer, seed)))
}

#[cfg(test)]
mod tests {
    use super::parse_length;

    #[test]
    fn number_of_symbols_reads_a_count_or_a_range() {
        assert_eq!(parse_length("4-5"), (4, 5));
        assert_eq!(parse_length(" 6 "), (6, 6));
        assert_eq!(parse_length("7-3"), (3, 7));
        assert_eq!(parse_length("9"), (4, 5));
        assert_eq!(parse_length("0-2"), (4, 5));
        assert_eq!(parse_length("many"), (4, 5));
    }
}
