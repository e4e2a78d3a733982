//! Customers → Customer Groups: the shared admin grid (search, filters with chips,
//! columns, saved views, sort, pager, selection) over the groups, with Add New Customer
//! Group, a row menu (Edit, Delete) and the mass action Delete. A delete is confirmed
//! with what it does to the group's customers; NOT LOGGED IN and default groups are
//! refused by the server with the reason.

use super::api::{customer_group_form, customer_groups_page, delete_customer_groups};
use super::model::{CustomerGroupRow, GroupColumn, GroupPage, NOT_LOGGED_IN};
use crate::error::{error_text, AppError};
use crate::i18n::{t, tr, use_i18n, I18n, Key, Locale};
use crate::ui::dialog::{use_confirm, Confirm};
use crate::ui::grid::state::OptionList;
use crate::ui::grid::{self, GridCtx, TableParts, Ticked};
use crate::ui::menu::{Menu, MenuItem};
use crate::ui::{use_toasts, ErrorPanel, ToastKind, Toasts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use std::sync::Arc;

/// What the page's parts share.
#[derive(Clone, Copy)]
struct GroupsGrid {
    shared: GridCtx<GroupColumn>,
    /// Bumped after every delete: the page reloads.
    version: RwSignal<u32>,
    toasts: Toasts,
    i18n: I18n,
    confirm: Confirm,
}

impl GroupsGrid {
    /// Ask, then delete `ids`; `question` says what happens to their customers.
    fn delete(self, ids: Vec<i64>, question: String) {
        self.confirm.ask_danger(question, Key::Delete, move || {
            let ids = ids.clone();
            spawn_local(async move {
                match delete_customer_groups(ids.clone()).await {
                    Ok(_) => {
                        let text = if ids.len() == 1 {
                            t(Key::GroupDeleted)().to_string()
                        } else {
                            t(Key::GroupsDeleted)().replace("{count}", &ids.len().to_string())
                        };
                        self.toasts.push(ToastKind::Success, text);
                        self.shared.ticked.set(Ticked::default());
                        self.version.update(|v| *v += 1);
                    }
                    Err(AppError::Validation { fields }) => {
                        let locale = self.i18n.locale.get_untracked();
                        let text = fields
                            .values()
                            .next()
                            .map(|m| m.text(locale))
                            .unwrap_or_default();
                        self.toasts.push(ToastKind::Error, text);
                    }
                    Err(e) => self.toasts.push(
                        ToastKind::Error,
                        error_text(self.i18n.locale.get_untracked(), &e),
                    ),
                }
            });
        });
    }
}

/// Customers → Customer Groups.
#[component]
pub fn CustomerGroupsPage() -> impl IntoView {
    let (query, go) = grid::use_url_state::<GroupColumn>("");
    let tax_classes = RwSignal::new(Vec::<(i64, String)>::new());
    let shared = GridCtx::new(
        "groups",
        query,
        go,
        Callback::new(move |(list, _): (OptionList, Locale)| match list {
            OptionList::TaxClasses => tax_classes.with(|c| {
                c.iter()
                    .map(|(id, name)| (id.to_string(), name.clone()))
                    .collect()
            }),
            _ => Vec::new(),
        }),
    );
    let grid = GroupsGrid {
        shared,
        version: RwSignal::new(0),
        toasts: use_toasts(),
        i18n: use_i18n(),
        confirm: use_confirm(),
    };
    let data = Resource::new(
        move || (query.get(), grid.version.get()),
        |(q, _)| crate::ui::page_data(customer_groups_page(q)),
    );
    view! {
        <Title text=crate::i18n::text(Key::CustomerGroups) />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <span>{t(Key::Customers)}</span>
            " / "
            <span>{t(Key::CustomerGroups)}</span>
        </nav>
        <div class="page-head">
            <h1>{t(Key::CustomerGroups)}</h1>
            <a class="button-primary" href="/admin/customer-groups/new">{t(Key::AddNewCustomerGroup)}</a>
        </div>
        <Transition fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(loaded) => {
                        tax_classes.set(loaded.tax_classes.clone());
                        view! { <GroupsGridView grid loaded /> }.into_any()
                    }
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Toolbar, chips, actions, pager and table of one loaded page.
#[component]
fn GroupsGridView(grid: GroupsGrid, loaded: GroupPage) -> impl IntoView {
    let page_ids: Vec<i64> = loaded.rows.iter().map(|g| g.id).collect();
    view! {
        <div class="data-grid groups-grid-wrap">
            {grid::grid_toolbar(grid.shared, ().into_any())}
            {grid::chips(grid.shared)}
            <div class="grid-actions-row">
                <GroupActions grid page_ids total=loaded.total />
                {grid::pager(grid.shared, loaded.total, loaded.page)}
            </div>
            {grid::grid_table(grid.shared, table_parts(grid, loaded.rows))}
        </div>
    }
}

/// The Actions menu: Delete the selected groups.
#[component]
fn GroupActions(grid: GroupsGrid, page_ids: Vec<i64>, total: u64) -> impl IntoView {
    let page_ids = StoredValue::new(page_ids);
    let mass_delete = move || {
        // Groups are few: the grid's pages hold them, so the server takes the ids.
        let ids: Vec<i64> =
            page_ids.with_value(|v| grid.shared.ticked.with_untracked(|s| s.among(v)));
        if ids.is_empty() || grid.shared.ticked.with_untracked(|s| s.count(total)) == 0 {
            grid.toasts
                .push(ToastKind::Error, t(Key::NothingSelected)());
            return;
        }
        let question = t(Key::ConfirmDeleteGroups)().replace("{count}", &ids.len().to_string());
        grid.delete(ids, question);
    };
    let items =
        Signal::derive(move || vec![MenuItem::new("delete", Key::Delete, mass_delete).danger()]);
    view! {
        <span class="grid-actions">
            <Menu class="actions-menu group-actions" label=Signal::derive(move || t(Key::Actions)().to_string()) items />
        </span>
    }
}

fn table_parts(
    grid: GroupsGrid,
    rows: Vec<CustomerGroupRow>,
) -> TableParts<GroupColumn, CustomerGroupRow> {
    TableParts {
        class: "groups-grid",
        rows,
        id: |g: &CustomerGroupRow| g.id,
        cell: Arc::new(
            |g: &CustomerGroupRow, column: GroupColumn, _locale: Locale| {
                let text = match column {
                    GroupColumn::Id => g.id.to_string(),
                    GroupColumn::Code => g.code.clone(),
                    GroupColumn::TaxClass => g.tax_class.clone(),
                };
                let title = text.clone();
                view! { <span class="cell" title=title>{text}</span> }.into_any()
            },
        ),
        actions: Some(Arc::new(move |g: &CustomerGroupRow, _locale: Locale| {
            view! { <RowMenu grid group=g.clone() /> }.into_any()
        })),
        activate: None,
        selectable: true,
    }
}

/// The row menu: Edit, and Delete (not offered for NOT LOGGED IN, as in Magento).
#[component]
fn RowMenu(grid: GroupsGrid, group: CustomerGroupRow) -> impl IntoView {
    let navigate = leptos_router::hooks::use_navigate();
    let row = StoredValue::new(group);
    let items = Signal::derive(move || {
        let (id, code) = row.with_value(|g| (g.id, g.code.clone()));
        let navigate = navigate.clone();
        let mut items = vec![MenuItem::new("edit", Key::Edit, move || {
            navigate(
                &format!("/admin/customer-groups/{id}/edit"),
                Default::default(),
            )
        })];
        if id != NOT_LOGGED_IN {
            items.push(
                MenuItem::new("delete", Key::Delete, move || {
                    // Ask with the number of customers that will move.
                    let code = code.clone();
                    spawn_local(async move {
                        match customer_group_form(Some(id)).await {
                            Ok(form) => {
                                let question = t(Key::ConfirmDeleteGroup)()
                                    .replace("{name}", &code)
                                    .replace("{count}", &form.customers.to_string());
                                grid.delete(vec![id], question);
                            }
                            Err(e) => grid.toasts.push(
                                ToastKind::Error,
                                error_text(grid.i18n.locale.get_untracked(), &e),
                            ),
                        }
                    });
                })
                .danger(),
            );
        }
        items
    });
    let locale = grid.i18n.locale;
    view! {
        <Menu
            class="row-menu"
            label=Signal::derive(move || tr(locale.get(), Key::Select).to_string())
            aria_label=Signal::derive(move || format!("{} ({})", tr(locale.get(), Key::Select), row.with_value(|g| g.code.clone())))
            items
        />
    }
}
