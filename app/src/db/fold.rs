//! `clientele_fold(text)`: the grid's sort-key fold as a SQL function of SQLite's, written
//! in Rust and registered on every SQLite connection this process opens.
//!
//! The same fold in SQL (a `replace` per accented letter, then `lower`: what PostgreSQL
//! still runs, [`crate::customers::grid::sort_key`]) cost SQLite about 5 µs per grid row
//! of eleven keys: measured at 200,000 customers, 5.3 s of the grid index's 6 s, and at
//! a million half of a seed's load. One pass over the characters does the same work
//! in a fraction of that.
//!
//! It returns exactly what that SQL returns: each accented letter of the fold's table
//! replaced by its plain spelling ([`crate::customers::grid::sort_key::plain`]), then
//! ASCII letters in lower case (SQLite's `lower` changes no other letter), `NULL` for
//! `NULL`; a number is folded as its text. So keys stored before it and after it sort
//! together, and the migrations' keys need no refill. The output is never longer than
//! the input (every letter of the table is two bytes, its spelling one or two).
//!
//! The function lives in the process, not in the file: the `sqlite3` shell (or any other
//! program) opening the database can read the keys but not call it.

use libsqlite3_sys as ffi;
use std::ffi::{c_char, c_int};
use std::sync::Once;

/// The function's name in SQL (as SQLite is given it: [`C_NAME`]).
pub const NAME: &str = crate::customers::grid::sort_key::FOLD_FUNCTION;
const C_NAME: &std::ffi::CStr = c"clientele_fold";

/// Register [`NAME`] for every SQLite connection opened from now on (SQLite's automatic
/// extensions). Idempotent; call before the first connection opens.
pub fn register() {
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(|| {
        // SAFETY: `init` has the signature SQLite calls automatic extensions with, and
        // stays valid for the life of the process.
        let code = unsafe { ffi::sqlite3_auto_extension(Some(init)) };
        assert_eq!(code, ffi::SQLITE_OK, "registering {NAME} with SQLite");
    });
}

/// Called by SQLite for each new connection: defines the function on it.
unsafe extern "C" fn init(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    // SAFETY: `db` is the connection SQLite is opening; the name is a NUL-terminated
    // static; `call` has the signature of a scalar function.
    unsafe {
        ffi::sqlite3_create_function_v2(
            db,
            C_NAME.as_ptr(),
            1,
            ffi::SQLITE_UTF8 | ffi::SQLITE_DETERMINISTIC | ffi::SQLITE_INNOCUOUS,
            std::ptr::null_mut(),
            Some(call),
            None,
            None,
            None,
        )
    }
}

/// The scalar function: one argument, its folded text or `NULL`.
unsafe extern "C" fn call(
    context: *mut ffi::sqlite3_context,
    _argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: SQLite passes exactly one argument (the function was declared with one),
    // and the text pointer it returns is valid for `len` bytes until the value changes,
    // which it does not while this call reads it.
    unsafe {
        let value = *argv;
        if ffi::sqlite3_value_type(value) == ffi::SQLITE_NULL {
            ffi::sqlite3_result_null(context);
            return;
        }
        let text = ffi::sqlite3_value_text(value);
        let len = ffi::sqlite3_value_bytes(value);
        let bytes = if text.is_null() || len <= 0 {
            &[][..]
        } else {
            std::slice::from_raw_parts(text, len as usize)
        };
        let folded = fold_bytes(bytes);
        ffi::sqlite3_result_text(
            context,
            folded.as_ptr().cast(),
            folded.len() as c_int,
            ffi::SQLITE_TRANSIENT(),
        );
    }
}

/// The fold of SQLite text, which is UTF-8 but not always valid: invalid bytes are kept
/// as they are (as `replace` keeps them) and only ASCII letters change case.
fn fold_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                fold_into(text, &mut out);
                break;
            }
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                // Everything before `valid_up_to` is valid UTF-8.
                fold_into(std::str::from_utf8(valid).unwrap_or_default(), &mut out);
                let bad = error.error_len().unwrap_or(after.len());
                out.extend(after[..bad].iter().map(u8::to_ascii_lowercase));
                rest = &after[bad..];
            }
        }
    }
    out
}

/// The fold of `text`, as [`NAME`] returns it (for keys written outside SQLite).
pub fn fold_text(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    fold_into(text, &mut out);
    // Valid UTF-8 in, valid UTF-8 out: only whole characters are replaced.
    String::from_utf8(out).unwrap_or_default()
}

/// Append the fold of `text` to `out`.
fn fold_into(text: &str, out: &mut Vec<u8>) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
        return;
    }
    let mut buffer = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase() as u8);
        } else if let Some(plain) = crate::customers::grid::sort_key::plain(c) {
            out.extend_from_slice(plain.as_bytes());
        } else {
            out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_is_given_the_name_the_sql_calls() {
        assert_eq!(C_NAME.to_str(), Ok(NAME));
    }

    #[test]
    fn text_folds_as_the_sql_fold_does() {
        assert_eq!(
            fold_bytes("Élodie MÜLLER-Łukasz".as_bytes()),
            b"elodie muller-lukasz"
        );
        assert_eq!(
            fold_bytes("Straße Æbeltoft".as_bytes()),
            b"strasse aebeltoft"
        );
        // Letters outside the table keep their case, as SQLite's `lower` keeps them.
        assert_eq!(fold_bytes("ΩMEGA".as_bytes()), "Ωmega".as_bytes());
        // Invalid UTF-8 passes through, around folded text.
        assert_eq!(fold_bytes(b"A\xffB\xc3\x89"), b"a\xffbe");
    }

    /// In a real SQLite database, the function and the SQL it replaces agree on every
    /// letter of the fold's table, on mixed text, on numbers and on `NULL`.
    #[tokio::test]
    async fn the_function_returns_what_the_sql_fold_returns() {
        use crate::customers::grid::sort_key::{fold_sql, fold_sql_portable, FOLD};
        use crate::db::{Backend, Db};
        use sqlx::Row as _;
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/fold.db", dir.path().display());
        let db = Db::connect(&url, 1).await.unwrap();
        let mut samples: Vec<Option<String>> = FOLD
            .iter()
            .map(|(letter, _)| Some(format!("x{letter}Y")))
            .collect();
        samples.extend(
            [
                "Élodie MÜLLER",
                "Þórunn Ægisdóttir-Straße",
                "ΩMEGA Ωmega",
                "plain ASCII, Mixed Case 123",
                "",
            ]
            .map(|s| Some(s.to_string())),
        );
        samples.push(None);
        let sql = format!(
            "SELECT {} AS function, {} AS chain",
            fold_sql(Backend::Sqlite, "$1"),
            fold_sql_portable("$1")
        );
        assert!(sql.contains(NAME), "SQLite folds through the function");
        for sample in &samples {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(sample.clone())
                .fetch_one(&db.pool)
                .await
                .unwrap();
            let function: String = row.get("function");
            let chain: String = row.get("chain");
            assert_eq!(function, chain, "{sample:?}");
        }
        let number: String = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {NAME}(12.5) AS k")))
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .get("k");
        assert_eq!(number, "12.5");
    }
}
