//! What a visitor typed or chose before the page went live. On a slow connection a form
//! shows well before the wasm has loaded; hydration then sets every input from its
//! (empty) signal, which wiped the text already typed and set selects back to their
//! first choice. The hydrate entry reads the inputs and selects first ([`snapshot`]); a
//! field takes its value back with [`typed`]: a text field when it creates its signal,
//! so hydration writes the same text back, a select once the page is live (a choice may
//! change what the form shows, which hydration must first find as the server drew it).

#[cfg(feature = "hydrate")]
thread_local! {
    static TYPED: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Keep the text of every input and text area with an id, and the choice of every
/// select with one (called once, before hydration).
pub fn snapshot() {
    #[cfg(feature = "hydrate")]
    {
        let Ok(fields) = document().query_selector_all(
            "input[id]:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea[id], select[id]",
        ) else {
            return;
        };
        TYPED.with(|typed| {
            let mut typed = typed.borrow_mut();
            for i in 0..fields.length() {
                let Some(field) = fields.item(i) else {
                    continue;
                };
                let value = leptos::wasm_bindgen::JsValue::from(field.clone());
                let text = js_sys::Reflect::get(&value, &"value".into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                let id = js_sys::Reflect::get(&value, &"id".into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                if !text.is_empty() && !id.is_empty() {
                    typed.insert(id, text);
                }
            }
        });
    }
}

/// The text typed into the input `id` before hydration, once (later calls, and the
/// server, answer `None`).
pub fn typed(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        TYPED.with(|typed| typed.borrow_mut().remove(id))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

#[cfg(feature = "hydrate")]
use leptos::prelude::document;
