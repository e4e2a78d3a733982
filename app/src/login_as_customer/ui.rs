//! Login as Customer in the browser: the customer page's button and its dialog (a
//! required reason, the store view with Manual Selection), the storefront banner of a
//! session opened this way, the page that says why a link was refused, and Customers →
//! Login as Customer Log (also shown, for one customer, on the customer page).

use super::api::{login_as_customer_button, login_as_customer_log, start_login_as_customer};
use super::model::{LogColumn, LogQuery, LogRow, Outcome, StartInput};
use crate::error::{error_text, AppError};
use crate::forms::FieldErrors;
use crate::i18n::{t, use_i18n, Key, Locale, Message};
use crate::ui::grid::state::{Filter, OptionList};
use crate::ui::grid::{self, GridCtx, TableParts};
use crate::ui::{use_toasts, ErrorPanel, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use std::sync::Arc;

/// Open an empty tab now, while the admin's click still allows it (a tab opened after
/// the server answers would be blocked as a pop-up); `None` where it was blocked.
fn open_blank_tab() -> Option<leptos::web_sys::Window> {
    #[cfg(feature = "hydrate")]
    {
        window()
            .open_with_url_and_target("", "_blank")
            .ok()
            .flatten()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// The customer page's "Login as Customer" button (shown when the feature is on and the
/// admin may use it) and its dialog.
#[component]
pub fn LoginAsCustomerButton(customer_id: i64) -> impl IntoView {
    let button = LocalResource::new(move || login_as_customer_button(customer_id));
    let open = RwSignal::new(false);
    let toasts = use_toasts();
    // The grid's row action (`?assist=1`) opens the dialog as soon as it can.
    let asked = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("assist").is_some_and(|v| v == "1"));
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !asked {
            return true;
        }
        match button.get() {
            Some(Ok(Some(b))) if b.allowed => {
                open.set(true);
                true
            }
            Some(_) => true,
            None => false,
        }
    });
    move || {
        let Some(Ok(Some(b))) = button.get() else {
            return ().into_any();
        };
        let allowed = b.allowed;
        let details = StoredValue::new(b);
        view! {
            <button
                type="button"
                class="button-secondary"
                on:click=move |_| {
                    if allowed {
                        open.set(true);
                    } else {
                        toasts.push(ToastKind::Error, t(Key::ErrAssistNoConsent)());
                    }
                }
            >
                {t(Key::LoginAsCustomer)}
            </button>
            {move || open.get().then(|| view! {
                <AssistDialog customer_id details=details.get_value() on_close=Callback::new(move |_| open.set(false)) />
            })}
        }
        .into_any()
    }
}

/// The confirmation: why (required, kept in the log) and, with Manual Selection, which
/// store view.
#[component]
fn AssistDialog(
    customer_id: i64,
    details: super::model::AssistButton,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let store = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let pending = RwSignal::new(false);
    let opened = RwSignal::new(None::<String>);
    // A refusal that is not about one field (permission, network).
    let failure = RwSignal::new(None::<String>);
    let manual = !details.store_views.is_empty();
    let question = Message::new(Key::AssistQuestion).with("name", details.name.clone());
    let submit = move || {
        let input = StartInput {
            customer_id,
            reason: reason.get_untracked(),
            store_id: store.get_untracked().parse().ok(),
        };
        let mut found = input.validate();
        if manual && input.store_id.is_none() {
            found.insert("store_id".into(), Key::ErrAssistChooseStore.into());
        }
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        let tab = open_blank_tab();
        pending.set(true);
        spawn_local(async move {
            let result = start_login_as_customer(input).await;
            pending.set(false);
            match result {
                Ok(url) => match tab {
                    Some(tab) => {
                        let _ = tab.location().set_href(&url);
                        on_close.run(());
                    }
                    // Pop-ups blocked: the admin opens it with a click.
                    None => opened.set(Some(url)),
                },
                Err(e) => {
                    if let Some(tab) = tab {
                        let _ = tab.close();
                    }
                    match e {
                        AppError::Validation { fields } => errors.set(fields),
                        e => failure.set(Some(error_text(i18n.locale.get_untracked(), &e))),
                    }
                }
            }
        });
    };
    let error = move |field: &'static str| {
        move || {
            errors.with(|e| e.get(field).cloned()).map(|m| {
                view! { <p class="field-error" id=format!("assist-{field}-error")>{m.text(i18n.locale.get())}</p> }
            })
        }
    };
    let invalid =
        move |field: &'static str| move || errors.with(|e| e.contains_key(field)).to_string();
    view! {
        <div class="modal-backdrop">
            <div
                class="modal assist-modal"
                role="dialog"
                aria-modal="true"
                aria-labelledby="assist-title"
                on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }
            >
                <h2 id="assist-title">{t(Key::LoginAsCustomer)}</h2>
                <p>{move || question.text(i18n.locale.get())}</p>
                {move || failure.get().map(|text| view! {
                    <p class="message-error" role="alert">{text}</p>
                })}
                {move || errors.with(|e| e.get("customer_id").cloned()).map(|m| view! {
                    <p class="message-error" role="alert">{m.text(i18n.locale.get())}</p>
                })}
                {move || match opened.get() {
                    Some(url) => view! {
                        <p class="message-success" role="status">
                            <a href=url target="_blank" rel="noopener" on:click=move |_| on_close.run(())>
                                {t(Key::AssistOpenStore)}
                            </a>
                        </p>
                    }.into_any(),
                    None => ().into_any(),
                }}
                <form class="form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                    <div class="field">
                        <label for="assist-reason">{t(Key::AssistReason)} <span class="required" aria-hidden="true">"*"</span></label>
                        <textarea
                            id="assist-reason"
                            rows="3"
                            maxlength="255"
                            required
                            aria-invalid=invalid("reason")
                            aria-describedby="assist-reason-hint assist-reason-error"
                            on:input=move |ev| reason.set(event_target_value(&ev))
                            prop:value=move || reason.get()
                        ></textarea>
                        <p class="field-hint" id="assist-reason-hint">{t(Key::AssistReasonHint)}</p>
                        {error("reason")}
                    </div>
                    {manual.then(|| view! {
                        <div class="field">
                            <label for="assist-store">{t(Key::StoreView)}</label>
                            <select
                                id="assist-store"
                                aria-invalid=invalid("store_id")
                                aria-describedby="assist-store_id-error"
                                on:change=move |ev| store.set(event_target_value(&ev))
                            >
                                <option value="">{t(Key::AssistChooseStore)}</option>
                                {details.store_views.iter().map(|(id, name)| view! {
                                    <option value=id.to_string()>{name.clone()}</option>
                                }).collect_view()}
                            </select>
                            {error("store_id")}
                        </div>
                    })}
                    <div class="modal-actions">
                        <button type="button" class="button-secondary" on:click=move |_| on_close.run(())>{t(Key::Cancel)}</button>
                        <button type="submit" class="button-primary" disabled=move || pending.get()>{t(Key::LoginAsCustomer)}</button>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// The storefront banner of a session an admin opened: who they are connected as, on
/// which store, and the button that ends it. The button is a form's (the shopper's sign
/// out), so it also ends the session before the page is live and on the pages sent
/// without script; live, `on_end` ends it in place.
#[component]
pub fn AssistBanner(name: String, store: String, on_end: Callback<()>) -> impl IntoView {
    use leptos::server_fn::ServerFn as _;
    let i18n = use_i18n();
    let text = Message::new(Key::AssistConnectedAs)
        .with("name", name)
        .with("store", store);
    let end = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_end.run(());
    };
    view! {
        <div class="assist-banner" role="status">
            <span>{move || text.text(i18n.locale.get())}</span>
            <form class="inline-form" method="post"
                action=crate::accounts::api::CustomerSignOut::PATH on:submit=end>
                <crate::ui::form::FormToken />
                <button type="submit" class="button-secondary">{t(Key::AssistEnd)}</button>
            </form>
        </div>
    }
}

/// `/login-as-customer/refused?reason=…`: why the link did not sign in.
#[component]
pub fn AssistRefusedPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let reason = move || {
        let code = query.with(|q| q.get("reason").unwrap_or_default());
        Outcome::from_code(&code)
            .unwrap_or(Outcome::Unknown)
            .refusal()
    };
    view! {
        <Title text=crate::i18n::text(Key::LoginAsCustomer) />
        <h1>{t(Key::LoginAsCustomer)}</h1>
        <p class="message-error" role="alert">{move || t(reason())()}</p>
        <p><a href="/">{t(Key::AssistBackToStore)}</a></p>
    }
}

fn log_parts(rows: Vec<LogRow>) -> TableParts<LogColumn, LogRow> {
    TableParts {
        class: "assist-log-grid",
        rows,
        id: |r: &LogRow| r.id,
        cell: Arc::new(|r: &LogRow, column: LogColumn, locale: Locale| {
            let text = r.cell(column, locale);
            let title = text.clone();
            view! { <span class="cell" title=title>{text}</span> }.into_any()
        }),
        actions: None,
        activate: None,
        selectable: false,
    }
}

/// The log grid over `query` (the page's URL state, under `prefix`), restricted to one
/// customer when `customer` is given.
#[component]
pub fn AssistLogGrid(prefix: &'static str, customer: Option<i64>) -> impl IntoView {
    let (query, go) = grid::use_url_state::<LogColumn>(prefix);
    let shared = GridCtx::new(
        if customer.is_some() {
            "assist-log-customer"
        } else {
            "assist-log"
        },
        query,
        go,
        Callback::new(|_: (OptionList, Locale)| Vec::new()),
    );
    let data = Resource::new(
        move || query.get(),
        move |mut q: LogQuery| {
            if let Some(id) = customer {
                q.filters.insert(
                    LogColumn::CustomerId,
                    Filter::Range {
                        from: Some(id),
                        to: Some(id),
                    },
                );
            }
            login_as_customer_log(q)
        },
    );
    let export_href = move || {
        let q = LogQuery {
            page: 1,
            ..query.get()
        };
        format!(
            "/admin/login-as-customer-log/export?{}",
            q.to_query_string()
        )
    };
    let export = customer.is_none().then(|| {
        view! {
            <a class="button-secondary" href=export_href download="login-as-customer-log.csv">
                {t(Key::ExportCsv)}
            </a>
        }
    });
    let hydrated = crate::ui::use_hydrated();
    view! {
        <section class="data-grid assist-log-wrap" aria-label=t(Key::LoginAsCustomerLog)>
            {grid::grid_toolbar(shared, export.into_any())}
            {grid::chips(shared)}
            {move || hydrated.get().then(|| view! {
                <Transition fallback=|| view! { <p>{t(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(loaded) => view! {
                                <div class="grid-actions-row">
                                    <span></span>
                                    {grid::pager(shared, loaded.total, loaded.page)}
                                </div>
                                {grid::grid_table(shared, log_parts(loaded.rows))}
                            }.into_any(),
                            Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        }
                    })}
                </Transition>
            })}
        </section>
    }
    .into_any()
}

/// Customers → Login as Customer Log.
#[component]
pub fn AssistLogPage() -> impl IntoView {
    view! {
        <Title text=crate::i18n::text(Key::LoginAsCustomerLog) />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <span>{t(Key::Customers)}</span>
            " / "
            <span>{t(Key::LoginAsCustomerLog)}</span>
        </nav>
        <div class="page-head">
            <h1>{t(Key::LoginAsCustomerLog)}</h1>
        </div>
        <AssistLogGrid prefix="" customer=None />
    }
}
