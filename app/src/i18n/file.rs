//! The French, Dutch and Brazilian Portuguese catalogues as files the browser loads
//! (`GET /i18n/<tag>.json?v=<version>`): the bundles carry English only, and a page in
//! another language fetches its own catalogue beside the wasm (the page preloads it).
//!
//! A file is a JSON array of every key's text in [`Key::ALL`]'s order, built once per
//! process. The version is a hash over every catalogue and key name: a file asked for
//! at the current version is cached for a year, any other answer is revalidated.

use super::{Key, Locale};
use axum::extract::{Path, Query};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// Where a locale's catalogue is served (`/i18n/fr.json`), without its version.
pub const PATH: &str = "/i18n";

/// The catalogues' version: the first 16 hex digits of a SHA-256 over every key's
/// name and text in every loaded language.
pub fn version() -> &'static str {
    static VERSION: LazyLock<String> = LazyLock::new(|| {
        let mut hash = Sha256::new();
        for locale in LOADED {
            hash.update(locale.html_lang());
            for key in Key::ALL {
                hash.update(key.name());
                hash.update([0]);
                hash.update(super::translated(locale, *key).unwrap_or_default());
                hash.update([0]);
            }
        }
        hex::encode(hash.finalize())[..16].to_string()
    });
    &VERSION
}

/// The languages a browser loads (English is in every bundle).
const LOADED: [Locale; 3] = [Locale::Fr, Locale::Nl, Locale::PtBr];

/// The JSON array for `locale` (every key's text, English where it has none).
pub fn body(locale: Locale) -> &'static str {
    static BODIES: LazyLock<Vec<String>> = LazyLock::new(|| {
        Locale::ALL
            .iter()
            .map(|locale| {
                let texts: Vec<&str> = Key::ALL
                    .iter()
                    .map(|key| super::tr(*locale, *key))
                    .collect();
                serde_json::to_string(&texts).unwrap_or_default()
            })
            .collect()
    });
    &BODIES[locale.index()]
}

#[derive(serde::Deserialize)]
pub struct Asked {
    v: Option<String>,
}

/// `GET /i18n/{file}`: `fr.json`, `nl.json` or `pt-BR.json`; anything else is 404.
pub async fn serve(Path(file): Path<String>, Query(asked): Query<Asked>) -> Response {
    let locale = file
        .strip_suffix(".json")
        .and_then(|tag| LOADED.into_iter().find(|l| l.html_lang() == tag));
    let Some(locale) = locale else {
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
        body(locale),
    )
        .into_response()
}
