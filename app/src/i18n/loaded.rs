//! The browser's catalogues: English is compiled in, the others arrive as files from
//! the server (`i18n::file`) the first time a page needs them, and stay for the page's
//! life. A text not loaded (a failed fetch) falls back to English.

use super::{Key, Locale};
use std::sync::Mutex;

/// The loaded texts by locale index, in [`Key::ALL`]'s order.
static LOADED: Mutex<[Option<&'static [&'static str]>; 4]> = Mutex::new([None; 4]);

/// The text of `key` in `locale`, when that catalogue is loaded.
pub fn get(locale: Locale, key: Key) -> Option<&'static str> {
    let loaded = LOADED.lock().ok()?;
    loaded[locale.index()]?.get(key as usize).copied()
}

/// Whether `locale`'s texts are here (English always is).
pub fn has(locale: Locale) -> bool {
    locale == Locale::En
        || LOADED
            .lock()
            .map(|loaded| loaded[locale.index()].is_some())
            .unwrap_or(false)
}

/// Keeps a catalogue's texts for the page's life (at most three, a few tens of KB).
fn install(locale: Locale, texts: Vec<String>) -> Result<(), String> {
    if texts.len() != Key::ALL.len() {
        return Err(format!("{} texts for {} keys", texts.len(), Key::ALL.len()));
    }
    let texts: Vec<&'static str> = texts
        .into_iter()
        .map(|text| &*Box::leak(text.into_boxed_str()))
        .collect();
    if let Ok(mut loaded) = LOADED.lock() {
        loaded[locale.index()] = Some(Box::leak(texts.into_boxed_slice()));
    }
    Ok(())
}

/// Fetches and keeps `locale`'s catalogue unless it is here. The page names the
/// catalogues' version (`<meta name="clientele-catalogues">`, written by the shell);
/// the page's own one was preloaded beside the wasm, so this read is usually a cache
/// hit.
#[cfg(feature = "hydrate")]
pub async fn fetch(locale: Locale) {
    if has(locale) {
        return;
    }
    if let Err(error) = fetch_texts(locale)
        .await
        .and_then(|texts| install(locale, texts))
    {
        leptos::logging::warn!("the {} texts did not load: {error}", locale.html_lang());
    }
}

#[cfg(feature = "hydrate")]
async fn fetch_texts(locale: Locale) -> Result<Vec<String>, String> {
    use crate::ui::fetch;
    let url = super::catalogue_url(locale);
    let response = fetch::get(&url).await?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    serde_json::from_str(&fetch::text(&response).await?).map_err(|e| e.to_string())
}
