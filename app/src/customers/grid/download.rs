//! `GET /admin/customers/export`: the grid export as a streamed file download. The
//! admin's session cookie is checked like a server function's (`Magento_Customer::manage`);
//! rows are read in keyset batches while the response is sent, so memory stays flat.
//!
//! A download holds no database connection while the client reads (each batch is its
//! own query), at most [`EXPORTS_PER_ADMIN`] run per admin and [`EXPORTS_AT_ONCE`] in
//! all (the next gets 429), and a client that takes more than [`SEND_TIMEOUT`] to take
//! the next piece is cut off, so stalled downloads cannot pile up.
//!
//! Query string: the grid state (search, filters, columns), `format=csv|xml`, and either
//! `ids=1,2,3` (those rows) or `except=4,5` (every matching row but those); neither means
//! every matching row.

use super::export::{Exporter, Format};
use super::model::{GridQuery, Selection, MAX_SELECTED_IDS};
use super::slots::{Slot, SEND_TIMEOUT};
use crate::error::AppError;
use crate::i18n::{Key, Message};
use crate::sessions::token::{read_cookie, ADMIN_COOKIE};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

fn ids(value: &str) -> Result<Vec<i64>, AppError> {
    let ids: Result<Vec<i64>, _> = value
        .split(',')
        .filter(|v| !v.is_empty())
        .map(|v| v.trim().parse::<i64>())
        .collect();
    match ids {
        Ok(ids) if ids.len() <= MAX_SELECTED_IDS => Ok(ids),
        Ok(_) => Err(AppError::field(
            "ids",
            Message::new(Key::ErrExportTooMany).with("max", MAX_SELECTED_IDS),
        )),
        Err(_) => Err(AppError::field("ids", Key::ErrRowIds)),
    }
}

/// What the query string asks for.
fn parse(raw: &str) -> Result<(GridQuery, Selection, Format), AppError> {
    let mut format = None;
    let mut selection = Selection::AllMatching { except: Vec::new() };
    let mut grid = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match k {
            "format" => {
                format = Some(match v {
                    "csv" => Format::Csv,
                    "xml" => Format::ExcelXml,
                    _ => return Err(AppError::field("format", Key::ErrExportFormat)),
                })
            }
            "ids" => selection = Selection::Ids(ids(v)?),
            "except" => selection = Selection::AllMatching { except: ids(v)? },
            _ => grid.push(part),
        }
    }
    let query = GridQuery::from_query_string(&grid.join("&"));
    query
        .validate()
        .map_err(|fields| AppError::Validation { fields })?;
    Ok((query, selection, format.unwrap_or(Format::Csv)))
}

pub(crate) fn error_response(err: AppError) -> Response {
    let status =
        StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(&err).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The handler.
pub async fn export_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    match start(&state, &headers, raw.as_deref().unwrap_or("")).await {
        Ok(response) => response,
        Err(err) => error_response(err),
    }
}

async fn start(state: &AppState, headers: &HeaderMap, raw: &str) -> Result<Response, AppError> {
    let token = read_cookie(headers, ADMIN_COOKIE);
    let admin = crate::auth::service::authenticate(state, token.as_deref())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    admin.require(crate::auth::acl::CUSTOMERS_MANAGE)?;
    let (query, selection, format) = parse(raw)?;
    let options = super::service::options(state).await?;
    let locale = crate::i18n::Locale::from_code(&admin.view.locale);
    let columns = query.columns.clone();
    let slot = Slot::take(&state.exports, admin.view.id)?;
    let mut exporter = Exporter::start(
        state, &query, &selection, &columns, &options, locale, format,
    )
    .await?;
    let total = exporter.total();
    // The file is made by a task of its own that hands each piece over a one-piece
    // channel: it waits for the client to take the last piece, at most SEND_TIMEOUT.
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<bytes::Bytes, AppError>>(1);
    tokio::spawn(async move {
        let _slot = slot;
        loop {
            let piece = match exporter.next_chunk().await {
                Ok(Some(chunk)) => Ok(bytes::Bytes::from(chunk)),
                Ok(None) => return,
                Err(err) => Err(err),
            };
            let failed = piece.is_err();
            match tokio::time::timeout(SEND_TIMEOUT, sender.send(piece)).await {
                Ok(Ok(())) if !failed => {}
                Ok(Ok(())) | Ok(Err(_)) => return,
                Err(_) => {
                    tracing::info!(
                        admin = admin.view.id,
                        "export stopped: the client stopped reading"
                    );
                    return;
                }
            }
        }
    });
    // Fused: the compression layer polls once more after the end.
    let stream = futures::StreamExt::fuse(futures::stream::unfold(
        receiver,
        |mut receiver| async move { receiver.recv().await.map(|piece| (piece, receiver)) },
    ));
    let mut response = Body::from_stream(stream).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    let disposition = format!("attachment; filename=\"customers.{}\"", format.extension());
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert("x-total-rows", HeaderValue::from(total));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_names_format_selection_and_grid_state() {
        let (q, sel, format) = parse("search=smith&format=xml&ids=3,1").unwrap();
        assert_eq!(q.search, "smith");
        assert_eq!(format, Format::ExcelXml);
        assert_eq!(sel, Selection::Ids(vec![3, 1]));
        let (_, sel, format) = parse("except=2").unwrap();
        assert_eq!(
            (sel, format),
            (Selection::AllMatching { except: vec![2] }, Format::Csv)
        );
        assert!(parse("format=pdf").is_err());
        assert!(parse("ids=1,x").is_err());
    }
}
