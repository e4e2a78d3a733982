//! The confirmation dialog: a modal the page asks through [`Confirm::ask`] (never the
//! browser's `window.confirm`). It takes focus (the confirm button), keeps Tab inside,
//! closes on Escape or Cancel, and gives focus back to what had it.

use crate::i18n::{t, Key};
use leptos::prelude::*;
use std::sync::Arc;

/// One question waiting for an answer. The answer is a plain closure, not an arena
/// callback: the menu or row that asked may be gone by the time it is answered.
#[derive(Clone)]
struct Question {
    text: String,
    confirm: Key,
    danger: bool,
    yes: Arc<dyn Fn() + Send + Sync>,
}

/// Ask a question in the page's dialog.
#[derive(Clone, Copy)]
pub struct Confirm {
    open: RwSignal<Option<Question>>,
}

impl Confirm {
    /// Show `text` with Cancel and OK; `yes` runs on OK.
    pub fn ask(&self, text: impl Into<String>, yes: impl Fn() + Send + Sync + 'static) {
        self.ask_with(text, Key::Ok, false, yes);
    }

    /// Show `text` with Cancel and a red `confirm` button (deleting, for instance).
    pub fn ask_danger(
        &self,
        text: impl Into<String>,
        confirm: Key,
        yes: impl Fn() + Send + Sync + 'static,
    ) {
        self.ask_with(text, confirm, true, yes);
    }

    fn ask_with(
        &self,
        text: impl Into<String>,
        confirm: Key,
        danger: bool,
        yes: impl Fn() + Send + Sync + 'static,
    ) {
        remember_focus();
        self.open.set(Some(Question {
            text: text.into(),
            confirm,
            danger,
            yes: Arc::new(yes),
        }));
    }
}

/// Provide the dialog's context (once, by the root component).
pub fn provide_confirm() {
    provide_context(Confirm {
        open: RwSignal::new(None),
    });
}

/// The dialog's context.
pub fn use_confirm() -> Confirm {
    expect_context::<Confirm>()
}

#[cfg(feature = "hydrate")]
thread_local! {
    static RETURN_FOCUS: std::cell::RefCell<Option<leptos::web_sys::HtmlElement>> =
        const { std::cell::RefCell::new(None) };
}

/// Keep the focused element, to focus it again when the dialog closes.
fn remember_focus() {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let active = document()
            .active_element()
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        RETURN_FOCUS.with(|f| *f.borrow_mut() = active);
    }
}

fn restore_focus() {
    #[cfg(feature = "hydrate")]
    RETURN_FOCUS.with(|f| {
        if let Some(el) = f.borrow_mut().take() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
}

/// Where the dialog appears (mounted once, beside the toasts).
#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let confirm = use_confirm();
    let ok_button = NodeRef::<leptos::html::Button>::new();
    let cancel_button = NodeRef::<leptos::html::Button>::new();
    let close = move || {
        confirm.open.set(None);
        restore_focus();
    };
    // Focus the confirm button when a question opens.
    Effect::new(move || {
        if confirm.open.with(Option::is_some) {
            if let Some(button) = ok_button.get() {
                let _ = button.focus();
            }
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            close();
        }
        // Two buttons: Tab and Shift+Tab move between them and never leave the dialog.
        "Tab" => {
            ev.prevent_default();
            let (ok, cancel) = (ok_button.get(), cancel_button.get());
            let on_ok = ok
                .as_ref()
                .zip(document().active_element())
                .is_some_and(|(b, a)| {
                    let b: &leptos::web_sys::Element = b;
                    *b == a
                });
            let next = if on_ok { cancel } else { ok };
            if let Some(button) = next {
                let _ = button.focus();
            }
        }
        _ => {}
    };
    move || {
        confirm.open.get().map(|q| {
            let yes = q.yes;
            let class = if q.danger {
                "button-danger"
            } else {
                "button-primary"
            };
            view! {
                <div class="dialog-backdrop" on:click=move |_| close()></div>
                <div
                    class="dialog"
                    role="alertdialog"
                    aria-modal="true"
                    aria-labelledby="confirm-dialog-text"
                    on:keydown=on_keydown
                >
                    <p id="confirm-dialog-text" class="dialog-text">{q.text}</p>
                    <div class="dialog-actions">
                        <button
                            type="button"
                            class="button-secondary"
                            node_ref=cancel_button
                            on:click=move |_| close()
                        >
                            {t(Key::Cancel)}
                        </button>
                        <button
                            type="button"
                            class=class
                            node_ref=ok_button
                            on:click=move |_| {
                                close();
                                yes();
                            }
                        >
                            {t(q.confirm)}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
