//! The server side of a small grid's "Export CSV" link (Now Online and the two logs):
//! the admin's session cookie checked as a server function's, the matching rows read
//! in pages, the visible columns with headers in the admin's language. At most
//! [`MAX_ROWS`] rows: past that the admin is asked to narrow the filters.

use super::state::{messages::NO_COLUMNS, GridColumn};
use crate::auth::service::AdminPrincipal;
use crate::customers::grid::export::{write_row, Format};
use crate::error::AppError;
use crate::i18n::{tr, Key, Locale, Message};
use crate::state::AppState;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap};

/// Rows read per query.
const BATCH: u32 = 5_000;
/// The most rows one file holds.
pub const MAX_ROWS: u64 = 100_000;

/// The signed-in admin of a download request, who must hold `resource`.
pub async fn admin(
    state: &AppState,
    headers: &HeaderMap,
    resource: &str,
) -> Result<AdminPrincipal, AppError> {
    let token = crate::sessions::token::read_cookie(headers, crate::sessions::token::ADMIN_COOKIE);
    let admin = crate::auth::service::authenticate(state, token.as_deref())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    admin.require(resource)?;
    Ok(admin)
}

/// The CSV of `total` matching rows read by `fetch(page, size)`, one line per row of
/// the `columns` made by `cell`.
pub async fn csv<C, R, F, Fut>(
    columns: &[C],
    locale: Locale,
    total: u64,
    mut fetch: F,
    cell: impl Fn(&R, C) -> String,
) -> Result<String, AppError>
where
    C: GridColumn,
    F: FnMut(u32, u32) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<R>, AppError>>,
{
    if columns.is_empty() {
        return Err(AppError::field("columns", NO_COLUMNS));
    }
    if total > MAX_ROWS {
        return Err(AppError::field(
            "rows",
            Message::new(Key::ErrExportNarrow).with("max", MAX_ROWS as i64),
        ));
    }
    let mut out = String::new();
    let header: Vec<String> = columns
        .iter()
        .map(|c| tr(locale, c.label()).to_string())
        .collect();
    write_row(&mut out, Format::Csv, &header);
    let mut page = 1;
    loop {
        let rows = fetch(page, BATCH).await?;
        for row in &rows {
            let cells: Vec<String> = columns.iter().map(|c| cell(row, *c)).collect();
            write_row(&mut out, Format::Csv, &cells);
        }
        if rows.len() < BATCH as usize {
            return Ok(out);
        }
        page += 1;
    }
}

/// The answer: the file named `name`, or the error as JSON with its status.
pub fn file(name: &str, answer: Result<String, AppError>) -> Response {
    match answer {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            csv,
        )
            .into_response(),
        Err(err) => crate::customers::grid::download::error_response(err),
    }
}
