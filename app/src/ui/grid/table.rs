//! The grid's table: the selection column, sortable headers that can be dragged to a
//! new place, the rows, and the Action column. The header, the selection and ID columns
//! and the Action column stay in view while the middle scrolls.

use super::state::{Dir, GridColumn};
use super::{selection_menu, GridCtx};
use crate::i18n::{t, use_i18n, Key, Locale, Message};
use leptos::prelude::*;
use std::sync::Arc;

/// Renders a row's cell for a column, in a language.
pub type CellFn<C, R> = Arc<dyn Fn(&R, C, Locale) -> AnyView + Send + Sync>;
/// Renders something for a row, in a language.
pub type RowViewFn<R> = Arc<dyn Fn(&R, Locale) -> AnyView + Send + Sync>;
/// Does something with a row.
pub type RowFn<R> = Arc<dyn Fn(&R) + Send + Sync>;

/// What a page gives the table.
pub struct TableParts<C, R> {
    /// Extra class of the `<table>`.
    pub class: &'static str,
    pub rows: Vec<R>,
    /// A row's id (selection, `data-id`).
    pub id: fn(&R) -> i64,
    /// A cell's content.
    pub cell: CellFn<C, R>,
    /// The Action column's content (no Action column without).
    pub actions: Option<RowViewFn<R>>,
    /// Opens the row's inline editor (a click on a cell, Enter on the focused row).
    pub activate: Option<RowFn<R>>,
    /// Whether rows have a selection box (grids with mass actions).
    pub selectable: bool,
}

pub fn grid_table<C: GridColumn, R: Clone + Send + Sync + 'static>(
    grid: GridCtx<C>,
    parts: TableParts<C, R>,
) -> impl IntoView {
    let i18n = use_i18n();
    let TableParts {
        class,
        rows,
        id,
        cell,
        actions,
        activate,
        selectable,
    } = parts;
    let visible_ids: Vec<i64> = rows.iter().map(id).collect();
    let has_actions = actions.is_some();
    // The column being dragged to a new place.
    let dragging = RwSignal::new(None::<C>);
    let sort_by = move |column: C| {
        grid.update(|q| {
            if q.sort == column {
                q.dir = if q.dir == Dir::Asc {
                    Dir::Desc
                } else {
                    Dir::Asc
                };
            } else {
                q.sort = column;
                q.dir = Dir::Asc;
            }
            q.page = 1;
        })
    };
    let drop_on = move |target: C| {
        let Some(moved) = dragging.get_untracked() else {
            return;
        };
        dragging.set(None);
        if moved == target {
            return;
        }
        grid.update(|q| {
            q.columns.retain(|c| *c != moved);
            let at = q
                .columns
                .iter()
                .position(|c| *c == target)
                .unwrap_or(q.columns.len());
            q.columns.insert(at, moved);
        })
    };
    let header = move || {
        let q = grid.state.get();
        let locale = i18n.locale.get();
        q.columns
            .iter()
            .map(|&column| {
                let sorted = (q.sort == column).then_some(q.dir);
                let aria = match sorted {
                    Some(Dir::Asc) => "ascending",
                    Some(Dir::Desc) => "descending",
                    None => "none",
                };
                let arrow = match sorted {
                    Some(Dir::Asc) => "▲",
                    Some(Dir::Desc) => "▼",
                    None => "",
                };
                let label = grid.label(column, locale);
                let content = if column.sortable() {
                    view! {
                        <button type="button" class="sort" on:click=move |_| sort_by(column)>
                            {label}
                            <span class="sort-arrow" aria-hidden="true">{arrow}</span>
                        </button>
                    }
                    .into_any()
                } else {
                    view! { <span class="th-label">{label}</span> }.into_any()
                };
                view! {
                    <th
                        scope="col"
                        aria-sort=aria
                        draggable="true"
                        data-column=column.code().into_owned()
                        on:dragstart=move |_| dragging.set(Some(column))
                        on:dragover=move |ev| ev.prevent_default()
                        on:drop=move |ev| {
                            ev.prevent_default();
                            drop_on(column)
                        }
                    >
                        {content}
                    </th>
                }
            })
            .collect_view()
    };
    let rows = StoredValue::new(rows);
    let body = move || {
        let columns = grid.state.with(|q| q.columns.clone());
        let locale = i18n.locale.get();
        rows.get_value()
            .into_iter()
            .map(|row| {
                let row_id = id(&row);
                let row = Arc::new(row);
                let cells = columns
                    .iter()
                    .map(|&c| {
                        let content = cell(&row, c, locale);
                        let clicked = (row.clone(), activate.clone());
                        view! {
                            <td
                                data-column=c.code().into_owned()
                                on:click=move |_| {
                                    if let Some(open) = &clicked.1 {
                                        open(&clicked.0)
                                    }
                                }
                            >
                                {content}
                            </td>
                        }
                    })
                    .collect_view();
                let select_label = Message::new(Key::SelectRow).with("id", row_id).text(locale);
                let keyed = (row.clone(), activate.clone());
                view! {
                    <tr
                        data-id=row_id
                        tabindex=activate.is_some().then_some("0")
                        on:keydown=move |ev| {
                            // Enter on the focused row (not inside a control) opens its editor.
                            let on_row = ev
                                .target()
                                .zip(ev.current_target())
                                .is_some_and(|(t, c)| t == c);
                            if ev.key() == "Enter" && on_row {
                                if let Some(open) = &keyed.1 {
                                    ev.prevent_default();
                                    open(&keyed.0)
                                }
                            }
                        }
                    >
                        {selectable.then(|| view! {
                            <td class="select">
                                <input
                                    type="checkbox"
                                    aria-label=select_label
                                    prop:checked=move || grid.ticked.with(|s| s.contains(row_id))
                                    on:change=move |_| grid.ticked.update(|s| s.toggle(row_id))
                                />
                            </td>
                        })}
                        {cells}
                        {actions.as_ref().map(|actions| view! {
                            <td class="action">{actions(&row, locale)}</td>
                        })}
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="grid-scroll" tabindex="0" role="region" aria-label=t(Key::Results)>
            <table class=format!("grid {class}{}", if selectable { "" } else { " no-select" })>
                <thead>
                    <tr>
                        {selectable.then(|| view! {
                            <th scope="col" class="select">
                                {selection_menu(grid, visible_ids)}
                            </th>
                        })}
                        {header}
                        {has_actions.then(|| view! {
                            <th scope="col" class="action">
                                {t(Key::Action)}
                            </th>
                        })}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
            // Below the table, as wide as the part of it in view, so on a phone it is on
            // the screen rather than in the middle of a table several screens wide.
            {rows.with_value(Vec::is_empty).then(|| view! {
                <p class="grid-empty">{t(Key::NoRecords)}</p>
            })}
        </div>
    }
}
