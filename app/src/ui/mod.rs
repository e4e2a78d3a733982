//! Cross-cutting UI pieces: toasts, the busy indicator, error and placeholder pages.

use crate::error::AppError;
use crate::i18n::{t, use_i18n, Key};
use leptos::prelude::*;

pub mod dialog;
#[cfg(feature = "hydrate")]
pub mod fetch;
pub mod fields;
pub mod form;
pub mod grid;
pub mod menu;
mod page_data;
pub mod script;
pub mod typed;
pub mod url;
pub use page_data::page_data;

/// How a toast looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
    Info,
}

#[derive(Clone, Debug)]
struct Toast {
    id: u64,
    kind: ToastKind,
    text: String,
}

/// The message area: `use_toasts().push(ToastKind::Success, "Saved.")`.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    /// Show a message in the page's one message region. It replaces the message shown
    /// (messages never stack: "You saved the customer." takes the place of the error
    /// before it), and stays until dismissed (errors) or for a few seconds.
    pub fn push(&self, kind: ToastKind, text: impl Into<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.set(vec![Toast {
            id,
            kind,
            text: text.into(),
        }]);
        if kind != ToastKind::Error {
            let items = self.items;
            set_timeout(
                move || items.update(|v| v.retain(|t| t.id != id)),
                std::time::Duration::from_secs(6),
            );
        }
    }

    fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }
}

/// Counts server calls in flight, for the loading indicator.
#[derive(Clone, Copy)]
pub struct Busy {
    count: RwSignal<i32>,
}

impl Busy {
    /// Follow a `pending` signal (an action's or a transition's).
    pub fn track(&self, pending: impl Fn() -> bool + Send + Sync + 'static) {
        let count = self.count;
        Effect::new(move |was: Option<bool>| {
            let now = pending();
            match (was.unwrap_or(false), now) {
                (false, true) => count.update(|c| *c += 1),
                (true, false) => count.update(|c| *c = (*c - 1).max(0)),
                _ => {}
            }
            now
        });
    }
}

/// Provide toasts and the busy counter (called once by the root component).
pub fn provide_ui_contexts() {
    provide_context(Toasts {
        items: RwSignal::new(Vec::new()),
        next: StoredValue::new(1),
    });
    provide_context(Busy {
        count: RwSignal::new(0),
    });
    dialog::provide_confirm();
}

/// The toast context.
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// The busy context.
pub fn use_busy() -> Busy {
    expect_context::<Busy>()
}

/// Where toasts appear. Announced to screen readers.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    let dismiss = t(Key::Dismiss);
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div class=format!(
                    "toast toast-{}",
                    match toast.kind {
                        ToastKind::Success => "success",
                        ToastKind::Error => "error",
                        ToastKind::Info => "info",
                    },
                )>
                    <span>{toast.text.clone()}</span>
                    <button
                        type="button"
                        class="toast-close"
                        aria-label=dismiss
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}

/// A thin bar and a text shown while any tracked server call is pending.
#[component]
pub fn BusyIndicator() -> impl IntoView {
    let busy = use_busy();
    let loading = t(Key::Loading);
    view! {
        <div class="busy" class:busy-on=move || { busy.count.get() > 0 } aria-hidden="true"></div>
        <Show when=move || { busy.count.get() > 0 }>
            <span class="visually-hidden" role="status">
                {loading}
            </span>
        </Show>
    }
}

/// Shows an error returned by a server function.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::error::set_response_status(&error);
    let title = match error {
        AppError::Forbidden { .. } => t(Key::AccessDeniedTitle),
        _ => t(Key::ErrorTitle),
    };
    let i18n = use_i18n();
    let text = move || crate::error::error_text(i18n.locale.get(), &error);
    view! {
        <section class="panel panel-error" role="alert">
            <h2>{title}</h2>
            <p>{text}</p>
        </section>
    }
}

/// A menu entry whose page is not built yet.
#[component]
pub fn NotAvailable(#[prop(into)] title: Signal<&'static str>) -> impl IntoView {
    view! {
        <section class="panel">
            <h1>{move || title.get()}</h1>
            <p class="notice">
                <strong>{t(Key::NotAvailableTitle)}</strong>
                " — "
                {t(Key::NotAvailableBody)}
            </p>
            <a href="/admin">{t(Key::BackToDashboard)}</a>
        </section>
    }
}

/// The 404 page inside its area's layout (header, menu, footer): the admin's links to
/// the dashboard, the storefront's to the store's home. Sets the HTTP status during
/// server rendering.
#[component]
pub fn NotFound(
    /// Inside the admin.
    #[prop(optional)]
    admin: bool,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(http::StatusCode::NOT_FOUND);
    }
    let (home, label) = if admin {
        ("/admin", Key::BackToDashboard)
    } else {
        ("/", Key::GoHome)
    };
    view! {
        <leptos_meta::Title text=crate::i18n::text(Key::NotFoundTitle) />
        <section class="panel page-not-found">
            <h1>{t(Key::NotFoundTitle)}</h1>
            <p>{t(Key::NotFoundBody)}</p>
            <a href=home>{t(label)}</a>
        </section>
    }
}

/// `true` once this component runs live in the browser. Submit buttons stay disabled
/// until then: the server accepts state changes only with the CSRF header that the
/// app's own client sends, which a plain (pre-hydration) form post cannot carry.
pub fn use_hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move || set_hydrated.set(true));
    hydrated
}

/// Marks `<body data-hydrated="true">` once the component around it is live in the
/// browser (effects never run during server rendering). Browser tests wait for it.
#[component]
pub fn MarkHydrated() -> impl IntoView {
    Effect::new(|| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
