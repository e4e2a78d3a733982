//! The French, Dutch and Brazilian Portuguese catalogues as files the browser loads
//! (`GET /i18n/<tag>.json?v=<version>`): the bundles carry English only, and a page in
//! another language fetches its own catalogue beside the wasm (the page preloads it).
//!
//! A file is a JSON array of every key's text in [`Key::ALL`]'s order, built once per
//! process. The version is a hash over the files: a file asked for at the current
//! version is cached for a year, any other answer is revalidated.

use super::{Key, Locale};
use axum::extract::{Path, Query};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// The languages a browser loads (English is in every bundle).
const LOADED: [Locale; 3] = [Locale::Fr, Locale::Nl, Locale::PtBr];

/// The files' bodies, in [`LOADED`]'s order.
fn bodies() -> &'static [String; 3] {
    static BODIES: LazyLock<[String; 3]> = LazyLock::new(|| {
        LOADED.map(|locale| {
            let texts: Vec<&str> = Key::ALL.iter().map(|key| super::tr(locale, *key)).collect();
            serde_json::to_string(&texts).unwrap_or_default()
        })
    });
    &BODIES
}

/// The catalogues' version: the first 16 hex digits of a SHA-256 over every file's
/// body (the texts in key order), so any change to what a browser keeps changes it.
pub fn version() -> &'static str {
    static VERSION: LazyLock<String> = LazyLock::new(|| {
        let mut hash = Sha256::new();
        for body in bodies() {
            hash.update(body);
            hash.update([0]);
        }
        hex::encode(hash.finalize())[..16].to_string()
    });
    &VERSION
}

#[derive(serde::Deserialize)]
pub struct Asked {
    v: Option<String>,
}

/// `GET /i18n/{file}`: `fr.json`, `nl.json` or `pt-BR.json`; anything else is 404.
pub async fn serve(Path(file): Path<String>, Query(asked): Query<Asked>) -> Response {
    let at = file
        .strip_suffix(".json")
        .and_then(|tag| LOADED.iter().position(|l| l.html_lang() == tag));
    let Some(at) = at else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let cache = if asked.v.as_deref() == Some(version()) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        bodies()[at].as_str(),
    )
        .into_response()
}
