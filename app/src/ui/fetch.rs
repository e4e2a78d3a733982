//! The browser's `fetch` for the few reads that are not server functions (an export's
//! file, a language's texts): a GET and its answer's text, failures as the browser
//! describes them (for the console; callers say what the person sees).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `GET url`, answered with any status.
pub async fn get(url: &str) -> Result<web_sys::Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)
}

/// The whole body of `response` as text.
pub async fn text(response: &web_sys::Response) -> Result<String, String> {
    Ok(JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?
        .as_string()
        .unwrap_or_default())
}

fn describe(error: JsValue) -> String {
    format!("{error:?}")
}
