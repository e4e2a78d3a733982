//! `GET /captcha/{token}`: a challenge's picture (SVG), while the challenge lasts.

use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// The handler: 404 for an unknown, used or expired challenge.
pub async fn handler(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let token_ok = token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit());
    if !token_ok {
        return StatusCode::NOT_FOUND.into_response();
    }
    match super::service::picture(&state, &token).await {
        Ok(Some(svg)) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            svg,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "CAPTCHA picture failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
