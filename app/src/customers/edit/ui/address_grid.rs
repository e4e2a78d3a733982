//! The addresses sub-grid of the Addresses tab: keyword search, per-column
//! filters with removable chips, a column chooser, paging, row selection with the
//! mass action Delete, inline editing of the phone number, and the row actions.

use crate::customers::address::api::{
    delete_customer_address, delete_customer_addresses, save_customer_address, set_default_address,
};
use crate::customers::address::model::{
    AddressColumn, AddressInput, AddressPage, AddressQuery, DefaultKind, ADDRESS_PAGE_SIZE,
};
use crate::directory::{self, COUNTRIES};
use crate::error::error_text;
use crate::error::AppError;
use crate::i18n::{t, text, use_i18n, I18n, Key};
use crate::ui::{confirm, use_toasts, ToastKind, Toasts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{BTreeMap, BTreeSet};

/// What the sub-grid's parts share.
#[derive(Clone, Copy)]
pub(super) struct AddressGrid {
    pub customer_id: i64,
    pub query: RwSignal<AddressQuery>,
    pub visible: RwSignal<Vec<AddressColumn>>,
    pub selected: RwSignal<BTreeSet<i64>>,
    pub editing: RwSignal<Option<AddressInput>>,
    /// Bumped after every write: the page reloads.
    pub version: RwSignal<u32>,
    toasts: Toasts,
    i18n: I18n,
}

impl AddressGrid {
    pub(super) fn new(customer_id: i64, editing: RwSignal<Option<AddressInput>>) -> Self {
        AddressGrid {
            customer_id,
            query: RwSignal::new(AddressQuery {
                page: 1,
                ..AddressQuery::default()
            }),
            visible: RwSignal::new(AddressColumn::ALL.to_vec()),
            selected: RwSignal::new(BTreeSet::new()),
            editing,
            version: RwSignal::new(0),
            toasts: use_toasts(),
            i18n: use_i18n(),
        }
    }

    fn fail(self, e: AppError) {
        self.toasts.push(
            ToastKind::Error,
            error_text(self.i18n.locale.get_untracked(), &e),
        );
    }

    fn done(self, message: Key) {
        self.toasts.push(ToastKind::Success, t(message)());
        self.refresh();
    }

    pub(super) fn refresh(self) {
        self.selected.set(BTreeSet::new());
        self.version.update(|v| *v += 1);
    }

    fn go(self, change: impl FnOnce(&mut AddressQuery)) {
        self.selected.set(BTreeSet::new());
        self.query.update(|q| {
            change(q);
            q.page = q.page.max(1);
        });
    }
}

/// Toolbar, chips and table of one loaded page.
#[component]
pub(super) fn AddressGridView(grid: AddressGrid, loaded: AddressPage) -> impl IntoView {
    let panel = RwSignal::new(None::<&'static str>);
    let rows = loaded.rows.clone();
    let page_ids: Vec<i64> = rows.iter().filter_map(|a| a.id).collect();
    view! {
        <AddressToolbar grid loaded=loaded.clone() panel />
        {move || match panel.get() {
            Some("filters") => view! { <AddressFilters grid close=Callback::new(move |()| panel.set(None)) /> }.into_any(),
            Some("columns") => view! { <AddressColumns grid /> }.into_any(),
            _ => ().into_any(),
        }}
        <AddressChips grid />
        <table class="grid address-grid">
            <thead>
                <tr>
                    <th scope="col" class="select">
                        <input type="checkbox" aria-label=t(Key::SelectPageAddresses)
                            prop:checked={
                                let ids = page_ids.clone();
                                move || !ids.is_empty() && grid.selected.with(|s| ids.iter().all(|id| s.contains(id)))
                            }
                            on:change={
                                let ids = page_ids.clone();
                                move |ev| {
                                    let on = event_target_checked(&ev);
                                    grid.selected.update(|s| for id in &ids {
                                        if on { s.insert(*id); } else { s.remove(id); }
                                    });
                                }
                            } />
                    </th>
                    {move || grid.visible.get().into_iter().map(|c| view! { <th scope="col">{text(c.label())}</th> }).collect_view()}
                    <th scope="col">{t(Key::Action)}</th>
                </tr>
            </thead>
            <tbody>
                {if rows.is_empty() {
                    view! { <tr><td colspan="10">{t(Key::NoRecords)}</td></tr> }.into_any()
                } else {
                    rows.into_iter().map(|a| view! { <AddressRow grid address=a /> }).collect_view().into_any()
                }}
            </tbody>
        </table>
    }
}

/// Search, Filters, Columns, Actions, the record count and the pager.
#[component]
fn AddressToolbar(
    grid: AddressGrid,
    loaded: AddressPage,
    panel: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let typed = RwSignal::new(grid.query.get_untracked().search);
    let locale = use_i18n().locale.get_untracked();
    let pages = loaded.total.div_ceil(u64::from(ADDRESS_PAGE_SIZE)).max(1);
    let current = loaded.page;
    let toggle = move |name: &'static str| {
        panel.update(|p| *p = if *p == Some(name) { None } else { Some(name) })
    };
    let action = RwSignal::new(String::new());
    let mass_delete = move || {
        let ids: Vec<i64> = grid.selected.get_untracked().into_iter().collect();
        if ids.is_empty() {
            grid.toasts
                .push(ToastKind::Error, t(Key::NothingSelected)());
            return;
        }
        if !confirm(t(Key::ConfirmDeleteSelectedAddresses)()) {
            return;
        }
        spawn_local(async move {
            match delete_customer_addresses(grid.customer_id, ids).await {
                Ok(_) => grid.done(Key::AddressesDeleted),
                Err(e) => grid.fail(e),
            }
        });
    };
    view! {
        <form class="grid-toolbar" on:submit=move |ev| {
            ev.prevent_default();
            let search = typed.get_untracked();
            grid.go(|q| { q.search = search; q.page = 1; });
        }>
            <label class="visually-hidden" for="address-search">{t(Key::SearchByKeyword)}</label>
            <input id="address-search" type="search" placeholder=t(Key::SearchByKeyword)
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev)) />
            <button type="submit" class="button-secondary">{t(Key::Search)}</button>
            <button type="button" class="button-secondary address-filters-toggle"
                aria-expanded=move || (panel.get() == Some("filters")).to_string()
                on:click=move |_| toggle("filters")>{t(Key::Filters)}</button>
            <button type="button" class="button-secondary address-columns-toggle"
                aria-expanded=move || (panel.get() == Some("columns")).to_string()
                on:click=move |_| toggle("columns")>{t(Key::Columns)}</button>
            <select class="actions-menu address-actions" aria-label=t(Key::Actions)
                prop:value=move || action.get()
                on:change=move |ev| {
                    if event_target_value(&ev) == "delete" { mass_delete(); }
                    action.set(String::new());
                }>
                <option value="">{t(Key::Actions)}</option>
                <option value="delete">{t(Key::Delete)}</option>
            </select>
            <span class="records" aria-live="polite">
                {crate::i18n::format_number(locale, loaded.total as i64)} " " {t(Key::RecordsFound)}
                {move || {
                    let n = grid.selected.with(BTreeSet::len);
                    (n > 0).then(|| format!(" ({n} {})", t(Key::Selected)()))
                }}
            </span>
            <span class="pager">
                <button type="button" class="button-secondary" aria-label=t(Key::PreviousPage)
                    disabled={current <= 1}
                    on:click=move |_| grid.go(|q| q.page = current.saturating_sub(1).max(1))>"‹"</button>
                <span>{current} " / " {pages}</span>
                <button type="button" class="button-secondary" aria-label=t(Key::NextPage)
                    disabled={u64::from(current) >= pages}
                    on:click=move |_| grid.go(|q| q.page = current + 1)>"›"</button>
            </span>
        </form>
    }
}

/// One input per column (Country is a list); "Apply Filters" replaces the filters.
#[component]
fn AddressFilters(grid: AddressGrid, close: Callback<()>) -> impl IntoView {
    let draft = RwSignal::new(grid.query.get_untracked().filters);
    let mut countries: Vec<(&'static str, &'static str)> =
        COUNTRIES.iter().map(|c| (c.code, c.name(0))).collect();
    countries.sort_by(|a, b| a.1.cmp(b.1));
    let value = move |c: AddressColumn| draft.with(|d| d.get(&c).cloned().unwrap_or_default());
    let set = move |c: AddressColumn, v: String| {
        draft.update(|d| {
            if v.trim().is_empty() {
                d.remove(&c);
            } else {
                d.insert(c, v);
            }
        })
    };
    view! {
        <form class="grid-panel filters-panel address-filters" on:submit=move |ev| {
            ev.prevent_default();
            let filters: BTreeMap<_, _> = draft.get_untracked();
            grid.go(|q| { q.filters = filters; q.page = 1; });
            close.run(());
        }>
            <div class="filters-grid">
                {AddressColumn::ALL.into_iter().map(|c| {
                    let id = format!("address-filter-{}", c.code());
                    let control = if c == AddressColumn::Country {
                        let countries = countries.clone();
                        view! {
                            <select id=id.clone() prop:value=move || value(c)
                                on:change=move |ev| set(c, event_target_value(&ev))>
                                <option value="">{t(Key::AnyCountry)}</option>
                                {countries.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                            </select>
                        }.into_any()
                    } else {
                        view! {
                            <input id=id.clone() type="text" prop:value=move || value(c)
                                on:input=move |ev| set(c, event_target_value(&ev)) />
                        }.into_any()
                    };
                    view! {
                        <div class="filter">
                            <label for=id>{text(c.label())}</label>
                            {control}
                        </div>
                    }
                }).collect_view()}
            </div>
            <div class="panel-actions">
                <button type="button" class="button-secondary" on:click=move |_| close.run(())>{t(Key::Cancel)}</button>
                <button type="submit" class="button-primary">{t(Key::ApplyFilters)}</button>
            </div>
        </form>
    }
}

/// Show or hide columns (at least one stays).
#[component]
fn AddressColumns(grid: AddressGrid) -> impl IntoView {
    view! {
        <div class="grid-panel columns-panel address-columns" role="group" aria-label=t(Key::Columns)>
            <ul class="columns-list">
                {AddressColumn::ALL.into_iter().map(|c| {
                    let shown = move || grid.visible.with(|v| v.contains(&c));
                    view! {
                        <li>
                            <label>
                                <input type="checkbox" prop:checked=shown
                                    disabled=move || shown() && grid.visible.with(Vec::len) == 1
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        grid.visible.update(|v| {
                                            v.retain(|x| *x != c);
                                            if on {
                                                v.push(c);
                                                v.sort();
                                            }
                                        });
                                    } />
                                " " {text(c.label())}
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The active search and filters, each removable, and "Clear all".
#[component]
fn AddressChips(grid: AddressGrid) -> impl IntoView {
    move || {
        let q = grid.query.get();
        let search = q.search.trim().to_string();
        let filters: Vec<(AddressColumn, String)> = q
            .active_filters()
            .map(|(c, v)| {
                let shown = if c == AddressColumn::Country {
                    directory::country_name(v, 0).to_string()
                } else {
                    v.to_string()
                };
                (c, shown)
            })
            .collect();
        if search.is_empty() && filters.is_empty() {
            return ().into_any();
        }
        view! {
            <div class="grid-chips address-chips">
                <span class="chips-label">{t(Key::ActiveFilters)}</span>
                <ul class="chips">
                    {(!search.is_empty()).then(|| view! {
                        <li class="chip">
                            {t(Key::SearchByKeyword)} ": " {search.clone()}
                            <button type="button" class="chip-remove" aria-label=t(Key::Delete)
                                on:click=move |_| grid.go(|q| { q.search.clear(); q.page = 1; })>"×"</button>
                        </li>
                    })}
                    {filters.into_iter().map(|(c, shown)| view! {
                        <li class="chip">
                            {text(c.label())} ": " {shown}
                            <button type="button" class="chip-remove" aria-label=t(Key::Delete)
                                on:click=move |_| grid.go(|q| { q.filters.remove(&c); q.page = 1; })>"×"</button>
                        </li>
                    }).collect_view()}
                </ul>
                <button type="button" class="link" on:click=move |_| grid.go(|q| {
                    q.search.clear();
                    q.filters.clear();
                    q.page = 1;
                })>{t(Key::ClearAll)}</button>
            </div>
        }
        .into_any()
    }
}

/// One address: selection box, the visible columns (Phone Number edits in place) and
/// the row actions.
#[component]
fn AddressRow(grid: AddressGrid, address: AddressInput) -> impl IntoView {
    let id = address.id.unwrap_or_default();
    let row = StoredValue::new(address);
    let phone_open = RwSignal::new(false);
    let make_default = move |kind: DefaultKind| {
        let question = match kind {
            DefaultKind::Billing => t(Key::ConfirmDefaultBilling)(),
            DefaultKind::Shipping => t(Key::ConfirmDefaultShipping)(),
        };
        if confirm(question) {
            spawn_local(async move {
                match set_default_address(grid.customer_id, id, kind).await {
                    Ok(()) => grid.done(Key::AddressSaved),
                    Err(e) => grid.fail(e),
                }
            });
        }
    };
    let remove = move || {
        if confirm(t(Key::ConfirmDeleteAddress)()) {
            spawn_local(async move {
                match delete_customer_address(grid.customer_id, id).await {
                    Ok(()) => grid.done(Key::AddressDeleted),
                    Err(e) => grid.fail(e),
                }
            });
        }
    };
    let cell = move |c: AddressColumn| -> AnyView {
        let a = row.get_value();
        let text = match c {
            AddressColumn::Firstname => a.firstname,
            AddressColumn::Lastname => a.lastname,
            AddressColumn::Street => a
                .street
                .iter()
                .filter(|l| !l.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            AddressColumn::City => a.city,
            AddressColumn::Country => directory::country_name(&a.country_id, 0).to_string(),
            AddressColumn::Region => a.region_name(),
            AddressColumn::Postcode => a.postcode,
            AddressColumn::Telephone => {
                return view! {
                    <td class="phone-cell">
                        {move || if phone_open.get() {
                            view! { <PhoneEditor grid row close=Callback::new(move |()| phone_open.set(false)) /> }.into_any()
                        } else {
                            view! {
                                <button type="button" class="link inline-phone" title=t(Key::EditPhone)
                                    on:click=move |_| phone_open.set(true)>
                                    {row.with_value(|a| if a.telephone.is_empty() { "—".to_string() } else { a.telephone.clone() })}
                                </button>
                            }.into_any()
                        }}
                    </td>
                }
                .into_any();
            }
        };
        view! { <td>{text}</td> }.into_any()
    };
    view! {
        <tr data-address-id=id.to_string()>
            <td class="select">
                <input type="checkbox" aria-label=t(Key::SelectAddress)
                    prop:checked=move || grid.selected.with(|s| s.contains(&id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        grid.selected.update(|s| if on { s.insert(id); } else { s.remove(&id); });
                    } />
            </td>
            {move || grid.visible.get().into_iter().map(cell).collect_view()}
            <td class="row-actions">
                <button type="button" class="link" on:click=move |_| grid.editing.set(Some(row.get_value()))>{t(Key::Edit)}</button>
                <button type="button" class="link" on:click=move |_| make_default(DefaultKind::Billing)>{t(Key::SetDefaultBilling)}</button>
                <button type="button" class="link" on:click=move |_| make_default(DefaultKind::Shipping)>{t(Key::SetDefaultShipping)}</button>
                <button type="button" class="link danger" on:click=move |_| remove()>{t(Key::Delete)}</button>
            </td>
        </tr>
    }
}

/// Inline Phone Number editor: the whole address is saved with the new number, so the
/// same rules (required per the website's option) and the version check apply.
#[component]
fn PhoneEditor(
    grid: AddressGrid,
    row: StoredValue<AddressInput>,
    close: Callback<()>,
) -> impl IntoView {
    let value = RwSignal::new(row.with_value(|a| a.telephone.clone()));
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let save = move || {
        let input = AddressInput {
            telephone: value.get_untracked().trim().to_string(),
            ..row.get_value()
        };
        pending.set(true);
        let locale = grid.i18n.locale.get_untracked();
        spawn_local(async move {
            let result = save_customer_address(input).await;
            pending.set(false);
            match result {
                Ok(_) => {
                    close.run(());
                    grid.done(Key::AddressSaved);
                }
                Err(AppError::Validation { fields }) => {
                    let message = fields
                        .get("telephone")
                        .or_else(|| fields.values().next())
                        .map(|m| m.text(locale))
                        .unwrap_or_default();
                    error.set(Some(message));
                }
                Err(AppError::Conflict) => error.set(Some(t(Key::AddressConflict)().to_string())),
                Err(e) => error.set(Some(error_text(locale, &e))),
            }
        });
    };
    view! {
        <span class="inline-phone-editor">
            <input type="tel" aria-label=t(Key::EditPhone) autofocus
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:keydown=move |ev| match ev.key().as_str() {
                    "Enter" => { ev.prevent_default(); save(); }
                    "Escape" => close.run(()),
                    _ => {}
                } />
            <button type="button" class="button-primary" disabled=move || pending.get() on:click=move |_| save()>{t(Key::Save)}</button>
            <button type="button" class="button-secondary" on:click=move |_| close.run(())>{t(Key::Cancel)}</button>
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </span>
    }
}
