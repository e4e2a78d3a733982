//! The Export button: CSV or Excel XML of the selected rows, or of
//! every row matching the search and filters when none is selected, with the visible
//! columns. The file streams from `/admin/customers/export`; the browser reads it chunk
//! by chunk, shows how many rows have arrived, then saves it.

use super::{Grid, Ticked};
use crate::customers::grid::model::GridQuery;
use crate::error::error_text;
use crate::error::AppError;
use crate::i18n::{t, Key, Message};
use crate::ui::ToastKind;
use leptos::prelude::*;

/// The export file's address for the grid state and selection.
pub fn export_url(query: &GridQuery, ticked: &Ticked, format: &str) -> String {
    let mut qs = GridQuery {
        page: 1,
        ..query.clone()
    }
    .to_query_string();
    let ids = ticked
        .ids
        .iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let mut push = |k: &str, v: &str| {
        if !qs.is_empty() {
            qs.push('&');
        }
        qs.push_str(k);
        qs.push('=');
        qs.push_str(v);
    };
    push("format", format);
    if ticked.all {
        push("except", &ids);
    } else if !ids.is_empty() {
        push("ids", &ids);
    }
    format!("/admin/customers/export?{qs}")
}

/// Rows received so far and the rows expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[component]
pub fn ExportMenu() -> impl IntoView {
    let grid = expect_context::<Grid>();
    let open = RwSignal::new(false);
    let progress = RwSignal::new(None::<Progress>);
    let start = move |format: &'static str| {
        open.set(false);
        if progress.get_untracked().is_some() {
            return;
        }
        let url = export_url(
            &grid.shared.state.get_untracked(),
            &grid.shared.ticked.get_untracked(),
            format,
        );
        let filename = format!("customers.{format}");
        progress.set(Some(Progress { done: 0, total: 0 }));
        leptos::task::spawn_local(async move {
            let result = download(url, filename, progress).await;
            progress.set(None);
            match result {
                Ok(rows) => grid.toasts.push(
                    ToastKind::Success,
                    Message::new(Key::ExportDone)
                        .with("n", rows)
                        .text(grid.i18n.locale.get_untracked()),
                ),
                Err(error) => {
                    let locale = grid.i18n.locale.get_untracked();
                    grid.toasts
                        .push(ToastKind::Error, error_text(locale, &error));
                }
            }
        });
    };
    view! {
        <div class="export-menu">
            <button type="button" class="button-secondary" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {t(Key::Export)}
            </button>
            {move || open.get().then(|| view! {
                <div class="menu-panel" role="menu">
                    <button type="button" role="menuitem" on:click=move |_| start("csv")>"CSV"</button>
                    <button type="button" role="menuitem" on:click=move |_| start("xml")>"Excel XML"</button>
                </div>
            })}
            {move || progress.get().map(|p| view! {
                <div class="export-progress" role="status">
                    <progress max=p.total.max(1).to_string() value=p.done.to_string()></progress>
                    <span>{move || Message::new(Key::Exporting).with("n", p.done).with("m", p.total).text(grid.i18n.locale.get())}</span>
                </div>
            })}
        </div>
    }
    .into_any()
}

/// Fetch `url`, counting rows as chunks arrive, then save the file. Returns the rows.
#[cfg(feature = "hydrate")]
async fn download(
    url: String,
    filename: String,
    progress: RwSignal<Option<Progress>>,
) -> Result<u64, AppError> {
    use js_sys::{Array, Reflect, Uint8Array};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    // A browser-side failure: the details are for the console, the person sees the
    // network error in their language.
    let fail = |e: wasm_bindgen::JsValue| AppError::Network(format!("{e:?}"));
    let missing = |what: &str| AppError::Network(format!("no {what}"));
    let response = crate::ui::fetch::get(&url)
        .await
        .map_err(AppError::Network)?;
    if !response.ok() {
        let text = crate::ui::fetch::text(&response)
            .await
            .map_err(AppError::Network)?;
        return Err(serde_json::from_str::<AppError>(&text)
            .unwrap_or_else(|_| AppError::Network(format!("status {}", response.status()))));
    }
    let total = response
        .headers()
        .get("x-total-rows")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let content_type = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    let body = response.body().ok_or_else(|| missing("body"))?;
    let reader: web_sys::ReadableStreamDefaultReader =
        body.get_reader().dyn_into().map_err(|o| fail(o.into()))?;
    let parts = Array::new();
    // Every row ends with a newline; the header (and the XML preamble) are not rows.
    let header_lines: u64 = if filename.ends_with(".xml") { 4 } else { 1 };
    let mut lines = 0u64;
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(fail)?;
        if Reflect::get(&chunk, &"done".into())
            .map_err(fail)?
            .as_bool()
            .unwrap_or(true)
        {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())
            .map_err(fail)?
            .dyn_into()
            .map_err(fail)?;
        lines += value.to_vec().iter().filter(|&&b| b == b'\n').count() as u64;
        parts.push(&value);
        progress.set(Some(Progress {
            done: lines.saturating_sub(header_lines).min(total),
            total,
        }));
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&content_type);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let href = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| missing("document"))?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|e| fail(e.into()))?;
    link.set_href(&href);
    link.set_download(&filename);
    let body = document.body().ok_or_else(|| missing("page body"))?;
    body.append_child(&link).map_err(fail)?;
    link.click();
    link.remove();
    // Give the browser time to start saving before the memory is released.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&href);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(total)
}

#[cfg(not(feature = "hydrate"))]
async fn download(_: String, _: String, _: RwSignal<Option<Progress>>) -> Result<u64, AppError> {
    Err(AppError::Network("exports run in the browser".into()))
}
