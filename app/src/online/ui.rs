//! Customers → Now Online: the shared grid over who is on the storefront, refreshed
//! every few seconds while the page is open and visible (the toolbar, filters and the
//! admin's place stay as they are; only the rows and count change), with the CSV
//! export of the matching rows and the count beside the menu entry.

use super::api::{now_online_count, now_online_page};
use super::model::{
    OnlineColumn, OnlineQuery, OnlineRow, REFRESH_SECONDS, TYPE_CUSTOMER, TYPE_VISITOR,
};
use crate::i18n::{t, tr, Key, Locale, Message};
use crate::ui::grid::state::OptionList;
use crate::ui::grid::{self, GridCtx, TableParts};
use crate::ui::ErrorPanel;
use leptos::prelude::*;
use leptos_meta::Title;
use std::sync::Arc;

/// How many customers and visitors are online, as last read (the menu shows it).
#[derive(Clone, Copy)]
pub struct OnlineTotal(pub RwSignal<Option<u64>>);

/// A signal bumped every `seconds` while the page is in the browser and visible.
fn ticker(seconds: u32) -> RwSignal<u32> {
    let tick = RwSignal::new(0u32);
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                let hidden = document().hidden();
                if !hidden {
                    tick.update(|n| *n = n.wrapping_add(1));
                }
            },
            std::time::Duration::from_secs(u64::from(seconds)),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    });
    tick
}

/// Customers → Now Online.
#[component]
pub fn NowOnlinePage() -> impl IntoView {
    let (query, go) = grid::use_url_state::<OnlineColumn>("");
    let websites = RwSignal::new(Vec::<(i64, String)>::new());
    let groups = RwSignal::new(Vec::<(i64, String)>::new());
    let shared = GridCtx::new(
        "online",
        query,
        go,
        Callback::new(move |(list, locale): (OptionList, Locale)| {
            let named = |items: &Vec<(i64, String)>| {
                items
                    .iter()
                    .map(|(id, name)| (id.to_string(), name.clone()))
                    .collect()
            };
            match list {
                OptionList::Websites => websites.with(named),
                OptionList::Groups => groups.with(named),
                OptionList::VisitorTypes => vec![
                    (
                        TYPE_CUSTOMER.to_string(),
                        tr(locale, Key::TypeCustomer).to_string(),
                    ),
                    (
                        TYPE_VISITOR.to_string(),
                        tr(locale, Key::TypeVisitor).to_string(),
                    ),
                ],
                _ => Vec::new(),
            }
        }),
    );
    let live = RwSignal::new(true);
    let tick = ticker(REFRESH_SECONDS);
    let refresh = Memo::new(move |_| if live.get() { tick.get() } else { 0 });
    let data = Resource::new(
        move || (query.get(), refresh.get()),
        |(q, _)| now_online_page(q),
    );
    let total = use_context::<OnlineTotal>();
    let export_href = move || {
        let q = OnlineQuery {
            page: 1,
            ..query.get()
        };
        format!("/admin/customers/online/export?{}", q.to_query_string())
    };
    let hydrated = crate::ui::use_hydrated();
    view! {
        <Title text=crate::i18n::text(Key::NowOnline) />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <span>{t(Key::Customers)}</span>
            " / "
            <span>{t(Key::NowOnline)}</span>
        </nav>
        <div class="page-head">
            <h1>{t(Key::NowOnline)}</h1>
        </div>
        <section class="data-grid online-grid-wrap" aria-label=t(Key::NowOnline)>
            {grid::grid_toolbar(
                shared,
                view! {
                    <a class="button-secondary" href=export_href download="now-online.csv">
                        {t(Key::ExportCsv)}
                    </a>
                }
                    .into_any(),
            )}
            {grid::chips(shared)}
            {move || hydrated.get().then(|| view! {
                <Transition fallback=|| view! { <p>{t(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(loaded) => {
                                websites.set(loaded.websites.clone());
                                groups.set(loaded.groups.clone());
                                if let Some(total) = total {
                                    total.0.set(Some(loaded.total));
                                }
                                let window = Message::new(Key::OnlineWindow)
                                    .with("minutes", loaded.interval_minutes);
                                let now = loaded.now;
                                view! {
                                    <div class="grid-actions-row">
                                        <p class="online-status">
                                            {move || window.text(crate::i18n::use_i18n().locale.get())}
                                            " · "
                                            <LiveSwitch live now />
                                        </p>
                                        {grid::pager(shared, loaded.total, loaded.page)}
                                    </div>
                                    {grid::grid_table(shared, table_parts(loaded.rows))}
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        }
                    })}
                </Transition>
            })}
        </section>
    }
}

/// "Updated 3:04:05 PM" and the button that pauses or resumes the live updates.
#[component]
fn LiveSwitch(live: RwSignal<bool>, now: i64) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let updated = move || {
        Message::new(Key::OnlineUpdatedAt)
            .with("time", crate::dates::date_time(i18n.locale.get(), now))
            .text(i18n.locale.get())
    };
    view! {
        <span class="online-updated">{updated}</span>
        " "
        <button
            type="button"
            class="button-link online-live"
            aria-pressed=move || (!live.get()).to_string()
            on:click=move |_| live.update(|l| *l = !*l)
        >
            {move || if live.get() { t(Key::PauseLiveUpdates)() } else { t(Key::ResumeLiveUpdates)() }}
        </button>
    }
}

fn table_parts(rows: Vec<OnlineRow>) -> TableParts<OnlineColumn, OnlineRow> {
    TableParts {
        class: "online-grid",
        rows,
        id: |r: &OnlineRow| r.visitor_id,
        cell: Arc::new(|r: &OnlineRow, column: OnlineColumn, locale: Locale| {
            let text = match column {
                OnlineColumn::CustomerId => {
                    r.customer_id.map(|id| id.to_string()).unwrap_or_default()
                }
                OnlineColumn::FirstName => r.firstname.clone(),
                OnlineColumn::LastName => r.lastname.clone(),
                OnlineColumn::Email => r.email.clone(),
                OnlineColumn::LastActivity => crate::dates::date_time(locale, r.last_visit_at),
                OnlineColumn::Type => {
                    let (key, class) = if r.customer_id.is_some() {
                        (Key::TypeCustomer, "badge badge-customer")
                    } else {
                        (Key::TypeVisitor, "badge badge-visitor")
                    };
                    return view! { <span class=class>{tr(locale, key)}</span> }.into_any();
                }
                OnlineColumn::Website => r.website.clone(),
                OnlineColumn::Group => r.group.clone(),
                OnlineColumn::LastUrl => r.last_url.clone(),
            };
            let title = text.clone();
            view! { <span class="cell" title=title>{text}</span> }.into_any()
        }),
        actions: Some(Arc::new(|r: &OnlineRow, locale: Locale| {
            match r.customer_id {
                Some(id) => {
                    let label =
                        format!("{} ({} {})", tr(locale, Key::View), r.firstname, r.lastname);
                    view! {
                        <a href=format!("/admin/customers/{id}/edit") aria-label=label>
                            {tr(locale, Key::View)}
                        </a>
                    }
                    .into_any()
                }
                None => ().into_any(),
            }
        })),
        activate: None,
        selectable: false,
    }
}

/// The count beside Now Online in the menu: read when the menu shows and every
/// 30 seconds, and whenever the Now Online page reloads its rows.
#[component]
pub fn OnlineBadge() -> impl IntoView {
    let total = use_context::<OnlineTotal>()
        .map(|t| t.0)
        .unwrap_or_else(|| RwSignal::new(None));
    let tick = ticker(30);
    Effect::new(move |_| {
        tick.track();
        leptos::task::spawn_local(async move {
            if let Ok(n) = now_online_count().await {
                total.set(Some(n));
            }
        });
    });
    move || {
        total.get().map(|n| {
            let label = Message::new(Key::OnlineCount).with("count", n as i64);
            view! {
                <span class="menu-count" aria-label=move || label.text(crate::i18n::use_i18n().locale.get())>
                    {n.to_string()}
                </span>
            }
        })
    }
}
