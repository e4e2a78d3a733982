//! Inline editing of grid rows, in the row's own cells: Email, Group, Web Site,
//! Tax/VAT Number and Gender become fields with their errors under them, and the Action
//! cell holds Cancel and Save. Enter saves, Escape cancels and gives focus back to the
//! row. When several rows are open, the "apply to all" bar pushes one value to every
//! open row.

use super::Grid;
use crate::customers::grid::actions::{save_inline_rows, RowResult};
use crate::customers::grid::format::cell_text;
use crate::customers::grid::model::{Column, GridOptions, GridRow, InlineEdit};
use crate::error::error_text;
use crate::i18n::{t, tr, Key, Locale};
use crate::ui::ToastKind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

/// Save these rows; rows that saved close, the others keep their errors.
pub fn save(grid: Grid, rows: Vec<InlineEdit>) {
    let (toasts, i18n) = (grid.toasts, grid.i18n);
    // Browser-side rules first: rows with errors are not sent.
    let mut send = Vec::new();
    for row in rows {
        match row.validate() {
            Ok(()) => send.push(row),
            Err(fields) => grid.row_errors.update(|e| {
                e.insert(
                    row.id,
                    RowResult {
                        id: row.id,
                        errors: fields,
                        message: None,
                    },
                );
            }),
        }
    }
    if send.is_empty() {
        return;
    }
    spawn_local(async move {
        match save_inline_rows(send).await {
            Ok(results) => {
                let mut saved = 0;
                for r in results {
                    if r.errors.is_empty() && r.message.is_none() {
                        saved += 1;
                        grid.editing.update(|e| {
                            e.remove(&r.id);
                        });
                        grid.row_errors.update(|e| {
                            e.remove(&r.id);
                        });
                    } else {
                        grid.row_errors.update(|e| {
                            e.insert(r.id, r);
                        });
                    }
                }
                if saved > 0 {
                    toasts.push(
                        ToastKind::Success,
                        t(Key::RecordsSaved)().replace("{n}", &saved.to_string()),
                    );
                    grid.reload.update(|v| *v += 1);
                }
            }
            Err(e) => toasts.push(
                ToastKind::Error,
                error_text(i18n.locale.get_untracked(), &e),
            ),
        }
    });
}

fn gender_choices() -> Vec<(String, Key)> {
    vec![
        ("1".into(), Key::GenderMale),
        ("2".into(), Key::GenderFemale),
        ("3".into(), Key::GenderNotSpecified),
    ]
}

/// The columns the inline editor changes.
fn editable(column: Column) -> bool {
    matches!(
        column,
        Column::Email | Column::Group | Column::Website | Column::Taxvat | Column::Gender
    )
}

/// Close row `id`'s editor and give focus back to the row.
pub fn close(grid: Grid, id: i64) {
    grid.editing.update(|e| {
        e.remove(&id);
    });
    grid.row_errors.update(|e| {
        e.remove(&id);
    });
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(row) = document()
            .query_selector(&format!("tr[data-id='{id}']"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = row.focus();
        }
    }
}

fn save_row(grid: Grid, id: i64) {
    if let Some(row) = grid.editing.with_untracked(|e| e.get(&id).cloned()) {
        save(grid, vec![row]);
    }
}

/// A cell of the grid: its text, or, while the row is being edited and the column is
/// editable, the field that edits it (Magento's inline edit, in the row's own cells),
/// with the field's error under it.
pub fn cell(
    grid: Grid,
    row: &GridRow,
    column: Column,
    options: &GridOptions,
    locale: Locale,
    now: i64,
) -> AnyView {
    let text = cell_text(row, column, options, locale, now);
    let shown = move || {
        let title = text.clone();
        view! { <span class="cell" title=title>{text.clone()}</span> }
    };
    if !editable(column) {
        return shown().into_any();
    }
    let id = row.id;
    let options = options.clone();
    (move || {
        if grid.editing.with(|e| e.contains_key(&id)) {
            field(grid, id, column, &options, locale).into_any()
        } else {
            shown().into_any()
        }
    })
    .into_any()
}

/// The field editing `column` of row `id`, and its error.
fn field(
    grid: Grid,
    id: i64,
    column: Column,
    options: &GridOptions,
    locale: Locale,
) -> impl IntoView {
    let get = move |f: fn(&InlineEdit) -> String| {
        move || grid.editing.with(|e| e.get(&id).map(f).unwrap_or_default())
    };
    let set = move |f: fn(&mut InlineEdit, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            grid.editing.update(|e| {
                if let Some(row) = e.get_mut(&id) {
                    f(row, v);
                }
            });
        }
    };
    let code = match column {
        Column::Email => "email",
        Column::Group => "group_id",
        Column::Website => "website_id",
        Column::Taxvat => "taxvat",
        _ => "gender",
    };
    let error = move || {
        grid.row_errors.with(|e| {
            e.get(&id)
                .and_then(|r| r.errors.get(code).map(|m| m.text(locale)))
        })
    };
    let invalid = move || error().is_some().to_string();
    let label = format!(
        "{} ({})",
        options.header(column, locale),
        tr(locale, Key::EditRow).replace("{id}", &id.to_string())
    );
    let keys = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            save_row(grid, id);
        }
        "Escape" => {
            ev.prevent_default();
            close(grid, id);
        }
        _ => {}
    };
    let input = match column {
        Column::Email => {
            // The first field takes focus when the editor opens.
            let node = NodeRef::<leptos::html::Input>::new();
            Effect::new(move || {
                if let Some(input) = node.get() {
                    let _ = input.focus();
                }
            });
            view! {
                <input type="email" node_ref=node aria-label=label aria-invalid=invalid
                    prop:value=get(|r| r.email.clone()) on:input=set(|r, v| r.email = v) on:keydown=keys />
            }
            .into_any()
        }
        Column::Taxvat => view! {
            <input type="text" aria-label=label aria-invalid=invalid
                prop:value=get(|r| r.taxvat.clone()) on:input=set(|r, v| r.taxvat = v) on:keydown=keys />
        }
        .into_any(),
        Column::Group => {
            let groups = options.groups.clone();
            view! {
                <select aria-label=label aria-invalid=invalid prop:value=get(|r| r.group_id.to_string())
                    on:change=set(|r, v| r.group_id = v.parse().unwrap_or(0)) on:keydown=keys>
                    {groups.into_iter().filter(|(gid, _)| *gid > 0).map(|(gid, name)| view! { <option value=gid.to_string()>{name}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
        Column::Website => {
            let websites = options.websites.clone();
            view! {
                <select aria-label=label aria-invalid=invalid prop:value=get(|r| r.website_id.to_string())
                    on:change=set(|r, v| r.website_id = v.parse().unwrap_or(0)) on:keydown=keys>
                    {websites.into_iter().map(|w| view! { <option value=w.id.to_string()>{w.name}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
        _ => view! {
            <select aria-label=label aria-invalid=invalid prop:value=get(|r| r.gender.map(|g| g.to_string()).unwrap_or_default())
                on:change=set(|r, v| r.gender = v.parse().ok()) on:keydown=keys>
                <option value="">" "</option>
                {gender_choices().into_iter().map(|(v, k)| view! { <option value=v>{tr(locale, k)}</option> }).collect_view()}
            </select>
        }
        .into_any(),
    };
    view! {
        <span class="cell-editor" on:click=|ev| ev.stop_propagation()>
            {input}
            <span class="field-error" role="alert">{error}</span>
        </span>
    }
}

/// The Action cell: Edit, or, while the row is being edited, Cancel and Save (and the
/// row's message when the server refused it as a whole).
pub fn actions(grid: Grid, id: i64, locale: Locale) -> AnyView {
    (move || {
        if grid.editing.with(|e| e.contains_key(&id)) {
            let message = grid.row_errors.with(|e| {
                e.get(&id)
                    .and_then(|r| r.message.as_ref().map(|m| error_text(locale, m)))
            });
            view! {
                <span class="row-edit-buttons" on:click=|ev| ev.stop_propagation()>
                    <button type="button" class="button-secondary" on:click=move |_| close(grid, id)>
                        {tr(locale, Key::Cancel)}
                    </button>
                    <button type="button" class="button-primary" on:click=move |_| save_row(grid, id)>
                        {tr(locale, Key::Save)}
                    </button>
                    {message.map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                </span>
            }
            .into_any()
        } else {
            // Login as Customer opens the customer page with its dialog.
            let assist = grid.options.with(|o| o.login_as_customer)
                && crate::admin::ui::use_admin()
                    .is_some_and(|a| a.can(crate::auth::acl::LOGIN_AS_CUSTOMER_BUTTON));
            view! {
                <span class="row-links">
                    <a href=format!("/admin/customers/{id}/edit")>{tr(locale, Key::Edit)}</a>
                    {assist.then(|| view! {
                        <a href=format!("/admin/customers/{id}/edit?assist=1")>{tr(locale, Key::LoginAsCustomer)}</a>
                    })}
                </span>
            }
            .into_any()
        }
    })
    .into_any()
}

/// Shown when several rows are open: one value for every open row, and Save/Cancel all.
#[component]
pub fn ApplyAll(options: GridOptions) -> impl IntoView {
    let grid = expect_context::<Grid>();
    let group = RwSignal::new(String::new());
    let website = RwSignal::new(String::new());
    let gender = RwSignal::new(String::new());
    let taxvat = RwSignal::new(String::new());
    let apply = move |_| {
        grid.editing.update(|rows| {
            for row in rows.values_mut() {
                if let Ok(g) = group.get_untracked().parse() {
                    row.group_id = g;
                }
                if let Ok(w) = website.get_untracked().parse() {
                    row.website_id = w;
                }
                if let Ok(g) = gender.get_untracked().parse() {
                    row.gender = Some(g);
                }
                let tv = taxvat.get_untracked();
                if !tv.trim().is_empty() {
                    row.taxvat = tv;
                }
            }
        });
    };
    let groups = options.groups.clone();
    let websites = options.websites.clone();
    // The fields are named as the grid's columns are (an admin's labels included).
    let i18n = crate::i18n::use_i18n();
    let header = move |column: Column| {
        let options = options.clone();
        move || options.header(column, i18n.locale.get())
    };
    view! {
        <div class="apply-all" role="group" aria-label=t(Key::ApplyToAll)>
            <strong>{move || t(Key::EditingRows)().replace("{n}", &grid.editing.with(|e| e.len()).to_string())}</strong>
            <label>{header(Column::Group)}
                <select prop:value=move || group.get() on:change=move |ev| group.set(event_target_value(&ev))>
                    <option value="">" "</option>
                    {groups.into_iter().map(|(gid, name)| view! { <option value=gid.to_string()>{name}</option> }).collect_view()}
                </select>
            </label>
            <label>{t(Key::WebSite)}
                <select prop:value=move || website.get() on:change=move |ev| website.set(event_target_value(&ev))>
                    <option value="">" "</option>
                    {websites.into_iter().map(|w| view! { <option value=w.id.to_string()>{w.name}</option> }).collect_view()}
                </select>
            </label>
            <label>{header(Column::Taxvat)}
                <input type="text" prop:value=move || taxvat.get() on:input=move |ev| taxvat.set(event_target_value(&ev)) />
            </label>
            <label>{header(Column::Gender)}
                <select prop:value=move || gender.get() on:change=move |ev| gender.set(event_target_value(&ev))>
                    <option value="">" "</option>
                    {gender_choices().into_iter().map(|(v, k)| view! { <option value=v>{t(k)}</option> }).collect_view()}
                </select>
            </label>
            <button type="button" class="button-secondary" on:click=apply>{t(Key::Apply)}</button>
            <button type="button" class="button-secondary" on:click=move |_| {
                grid.editing.set(BTreeMap::new());
                grid.row_errors.set(BTreeMap::new());
            }>{t(Key::Cancel)}</button>
            <button type="button" class="button-primary" on:click=move |_| {
                let rows = grid.editing.get_untracked().into_values().collect();
                save(grid, rows);
            }>{t(Key::SaveEdits)}</button>
        </div>
    }
    .into_any()
}
