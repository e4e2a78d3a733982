//! The addresses sub-grid of the Addresses tab: the shared admin grid (keyword search,
//! filters with chips, column chooser, saved views, sort, pager, selection) over the
//! customer's addresses, with the mass action Delete, inline editing of the phone
//! number and a row menu (Edit, Set as default billing/shipping, Delete).

use crate::customers::address::api::{
    delete_customer_address, delete_customer_addresses, save_customer_address, set_default_address,
};
use crate::customers::address::model::{AddressColumn, AddressInput, AddressPage, DefaultKind};
use crate::customers::grid::model::CustomGridColumn;
use crate::customers::grid::ui::{custom_cell, custom_choices, extra_columns};
use crate::directory;
use crate::error::error_text;
use crate::error::AppError;
use crate::i18n::{t, tr, use_i18n, I18n, Key, Locale};
use crate::ui::dialog::use_confirm;
use crate::ui::grid::state::{GridColumn, OptionList};
use crate::ui::grid::{self, GridCtx, TableParts, Ticked};
use crate::ui::menu::{Menu, MenuItem};
use crate::ui::{use_toasts, ToastKind, Toasts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The prefix of the sub-grid's parameters in the customer page's URL
/// (`?tab=addresses&a.search=…&a.page=2`).
pub(super) const URL_PREFIX: &str = "a.";

/// What the sub-grid's parts share.
#[derive(Clone, Copy)]
pub(super) struct AddressGrid {
    pub customer_id: i64,
    /// The shared grid (state, selection, panels).
    pub shared: GridCtx<AddressColumn>,
    /// The address open in the modal.
    pub editing: RwSignal<Option<AddressInput>>,
    /// Bumped after every write: the page reloads.
    pub version: RwSignal<u32>,
    /// The custom address attributes offered as columns (with the page).
    columns: RwSignal<Vec<CustomGridColumn>>,
    toasts: Toasts,
    i18n: I18n,
}

impl AddressGrid {
    pub(super) fn new(customer_id: i64, editing: RwSignal<Option<AddressInput>>) -> Self {
        // Kept in the customer page's URL: reload, Back and a pasted link restore it.
        let (query, go) = grid::use_url_state::<AddressColumn>(URL_PREFIX);
        let columns = RwSignal::new(Vec::new());
        let shared = GridCtx::new(
            "addresses",
            query,
            go,
            Callback::new(move |(list, locale): (OptionList, Locale)| match list {
                OptionList::Countries => directory::country_choices(locale),
                list => columns.with(|c| custom_choices(list, locale, c)),
            }),
        );
        AddressGrid {
            customer_id,
            shared,
            editing,
            version: RwSignal::new(0),
            columns,
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
        self.shared.ticked.set(Ticked::default());
        self.version.update(|v| *v += 1);
    }
}

/// Toolbar, chips, actions, pager and table of one loaded page; `labels`: the Default
/// Labels admins gave the address's system attributes, by code, which head their
/// columns.
#[component]
pub(super) fn AddressGridView(
    grid: AddressGrid,
    loaded: AddressPage,
    labels: std::collections::BTreeMap<String, String>,
) -> impl IntoView {
    let page_ids: Vec<i64> = loaded.rows.iter().filter_map(|a| a.id).collect();
    grid.shared
        .extra
        .set(extra_columns(&loaded.columns, AddressColumn::Custom));
    grid.shared.renamed.set(
        AddressColumn::ALL
            .iter()
            .filter_map(|column| Some((*column, labels.get(column.code().as_ref())?.clone())))
            .collect(),
    );
    grid.columns.set(loaded.columns);
    view! {
        <div class="data-grid address-grid-wrap">
            {grid::grid_toolbar(grid.shared, ().into_any())}
            {grid::chips(grid.shared)}
            <div class="grid-actions-row">
                <AddressActions grid page_ids total=loaded.total />
                {grid::pager(grid.shared, loaded.total, loaded.page)}
            </div>
            {grid::grid_table(grid.shared, table_parts(grid, loaded.rows, loaded.custom))}
        </div>
    }
}

/// The Actions menu: Delete the selected addresses (after a confirmation).
#[component]
fn AddressActions(grid: AddressGrid, page_ids: Vec<i64>, total: u64) -> impl IntoView {
    let confirm = use_confirm();
    let page_ids = StoredValue::new(page_ids);
    let mass_delete = move || {
        // "Select All" means every matching address; the server takes ids, and the
        // sub-grid's pages are small: the ticked ones of this page, or all matching ones
        // of this page when Select All is on.
        let ids: Vec<i64> =
            page_ids.with_value(|v| grid.shared.ticked.with_untracked(|s| s.among(v)));
        if ids.is_empty() || grid.shared.ticked.with_untracked(|s| s.count(total)) == 0 {
            grid.toasts
                .push(ToastKind::Error, t(Key::NothingSelected)());
            return;
        }
        confirm.ask_danger(
            t(Key::ConfirmDeleteSelectedAddresses)(),
            Key::Delete,
            move || {
                let ids = ids.clone();
                spawn_local(async move {
                    match delete_customer_addresses(grid.customer_id, ids).await {
                        Ok(_) => grid.done(Key::AddressesDeleted),
                        Err(e) => grid.fail(e),
                    }
                });
            },
        );
    };
    let items =
        Signal::derive(move || vec![MenuItem::new("delete", Key::Delete, mass_delete).danger()]);
    view! {
        <span class="grid-actions">
            <Menu class="actions-menu address-actions" label=Signal::derive(move || t(Key::Actions)().to_string()) items />
        </span>
    }
}

/// The text of an address cell.
fn cell_text(a: &AddressInput, column: AddressColumn, locale: Locale) -> String {
    match column {
        AddressColumn::Firstname => a.firstname.clone(),
        AddressColumn::Lastname => a.lastname.clone(),
        AddressColumn::Street => a
            .street
            .iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        AddressColumn::City => a.city.clone(),
        AddressColumn::Country => {
            directory::country_name(&a.country_id, locale.index()).to_string()
        }
        AddressColumn::Region => a.region_name(),
        AddressColumn::Postcode => a.postcode.clone(),
        AddressColumn::Telephone => a.telephone.clone(),
        // Shown from the page's values (`custom_cell`).
        AddressColumn::Custom(_) => String::new(),
    }
}

/// The table's rows, cells and row menus; `custom` holds the rows' custom attribute
/// values as shown.
fn table_parts(
    grid: AddressGrid,
    rows: Vec<AddressInput>,
    custom: BTreeMap<i64, BTreeMap<i64, String>>,
) -> TableParts<AddressColumn, AddressInput> {
    TableParts {
        class: "address-grid",
        rows,
        id: |a: &AddressInput| a.id.unwrap_or_default(),
        cell: Arc::new(
            move |a: &AddressInput, column: AddressColumn, locale: Locale| {
                match column {
                    AddressColumn::Telephone => {
                        return view! { <PhoneCell grid address=a.clone() /> }.into_any();
                    }
                    AddressColumn::Custom(c) => {
                        return custom_cell(&custom, a.id.unwrap_or_default(), c);
                    }
                    _ => {}
                }
                let text = cell_text(a, column, locale);
                let title = text.clone();
                view! { <span class="cell" title=title>{text}</span> }.into_any()
            },
        ),
        actions: Some(Arc::new(move |a: &AddressInput, _locale: Locale| {
            view! { <RowMenu grid address=a.clone() /> }.into_any()
        })),
        activate: None,
        selectable: true,
    }
}

/// The row menu: Edit, Set as default billing, Set as default shipping, Delete.
#[component]
fn RowMenu(grid: AddressGrid, address: AddressInput) -> impl IntoView {
    let confirm = use_confirm();
    let id = address.id.unwrap_or_default();
    let row = StoredValue::new(address);
    let make_default = move |kind: DefaultKind| {
        let question = match kind {
            DefaultKind::Billing => t(Key::ConfirmDefaultBilling)(),
            DefaultKind::Shipping => t(Key::ConfirmDefaultShipping)(),
        };
        confirm.ask(question, move || {
            spawn_local(async move {
                match set_default_address(grid.customer_id, id, kind).await {
                    Ok(()) => grid.done(Key::AddressSaved),
                    Err(e) => grid.fail(e),
                }
            });
        });
    };
    let items = Signal::derive(move || {
        vec![
            MenuItem::new("edit", Key::Edit, move || {
                grid.editing.set(Some(row.get_value()))
            }),
            MenuItem::new("default-billing", Key::SetDefaultBilling, move || {
                make_default(DefaultKind::Billing)
            }),
            MenuItem::new("default-shipping", Key::SetDefaultShipping, move || {
                make_default(DefaultKind::Shipping)
            }),
            MenuItem::new("delete", Key::Delete, move || {
                confirm.ask_danger(t(Key::ConfirmDeleteAddress)(), Key::Delete, move || {
                    spawn_local(async move {
                        match delete_customer_address(grid.customer_id, id).await {
                            Ok(()) => grid.done(Key::AddressDeleted),
                            Err(e) => grid.fail(e),
                        }
                    });
                });
            })
            .danger(),
        ]
    });
    let locale = grid.i18n.locale;
    view! {
        <Menu
            class="row-menu"
            label=Signal::derive(move || tr(locale.get(), Key::Select).to_string())
            // The accessible name starts with the visible label (WCAG 2.5.3) and says
            // which address the menu acts on.
            aria_label=Signal::derive(move || format!("{} ({})", tr(locale.get(), Key::Select), row.with_value(|a| a.lines(0).join(", "))))
            items
        />
    }
}

/// The Phone Number cell: the number as a button that opens its inline editor.
#[component]
fn PhoneCell(grid: AddressGrid, address: AddressInput) -> impl IntoView {
    let row = StoredValue::new(address);
    let open = RwSignal::new(false);
    move || {
        if open.get() {
            view! { <PhoneEditor grid row close=Callback::new(move |()| open.set(false)) /> }
                .into_any()
        } else {
            view! {
                <button type="button" class="link inline-phone" title=t(Key::EditPhone)
                    on:click=move |_| open.set(true)>
                    {row.with_value(|a| if a.telephone.is_empty() { "—".to_string() } else { a.telephone.clone() })}
                </button>
            }
            .into_any()
        }
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
