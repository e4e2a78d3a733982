//! The grid's table: selection column, sortable and re-orderable headers, rows.

use super::{Grid, Ticked};
use crate::customers::grid::format::cell_text;
use crate::customers::grid::model::{Column, Dir, GridOptions, GridPage};
use crate::i18n::{t, tr, use_i18n, Key};
use leptos::prelude::*;

#[component]
pub fn GridTable(page: GridPage, options: GridOptions) -> impl IntoView {
    let grid = expect_context::<Grid>();
    let visible_ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
    let i18n = use_i18n();
    // The column being dragged to a new place.
    let dragging = RwSignal::new(None::<Column>);
    let sort_by = move |column: Column| {
        let mut q = grid.query.get_untracked();
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
        grid.go.run(q);
    };
    let drop_on = move |target: Column| {
        let Some(moved) = dragging.get_untracked() else {
            return;
        };
        dragging.set(None);
        if moved == target {
            return;
        }
        let mut q = grid.query.get_untracked();
        q.columns.retain(|c| *c != moved);
        let at = q
            .columns
            .iter()
            .position(|c| *c == target)
            .unwrap_or(q.columns.len());
        q.columns.insert(at, moved);
        grid.go.run(q);
    };
    let header = move || {
        let q = grid.query.get();
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
                    Some(Dir::Asc) => " ▲",
                    Some(Dir::Desc) => " ▼",
                    None => "",
                };
                view! {
                    <th
                        scope="col"
                        aria-sort=aria
                        draggable="true"
                        data-column=column.code()
                        on:dragstart=move |_| dragging.set(Some(column))
                        on:dragover=move |ev| ev.prevent_default()
                        on:drop=move |ev| {
                            ev.prevent_default();
                            drop_on(column)
                        }
                    >
                        <button type="button" class="sort" on:click=move |_| sort_by(column)>
                            {tr(locale, column.label())}
                            {arrow}
                        </button>
                    </th>
                }
            })
            .collect_view()
    };
    let body = move || {
        let q = grid.query.get();
        let locale = i18n.locale.get();
        if page.rows.is_empty() {
            let span = (q.columns.len() + 2).to_string();
            return view! {
                <tr>
                    <td colspan=span class="empty">
                        {tr(locale, Key::NoRecords)}
                    </td>
                </tr>
            }
            .into_any();
        }
        let span = (q.columns.len() + 2).to_string();
        page.rows
            .iter()
            .map(|row| {
                let id = row.id;
                let cells = q
                    .columns
                    .iter()
                    .map(|&c| {
                        let text = cell_text(row, c, &options, locale, page.now);
                        let clicked = row.clone();
                        // A click on a cell opens the row's inline editor (Magento's quick edit).
                        view! {
                            <td data-column=c.code() on:click=move |_| super::actions::open_editor(grid, &clicked)>
                                {text}
                            </td>
                        }
                    })
                    .collect_view();
                let editor_options = options.clone();
                let span = span.clone();
                let editor = move || {
                    grid.editing.with(|e| e.contains_key(&id)).then(|| {
                        view! {
                            <tr class="inline-editor-row" data-edit-id=id>
                                <td colspan=span.clone()>
                                    <super::inline::InlineEditor id options=editor_options.clone() />
                                </td>
                            </tr>
                        }
                    })
                };
                let select_label = tr(locale, Key::SelectRow).replace("{id}", &id.to_string());
                view! {
                    <tr data-id=id>
                        <td class="select">
                            <input
                                type="checkbox"
                                aria-label=select_label
                                prop:checked=move || grid.ticked.with(|s| s.contains(id))
                                on:change=move |_| grid.ticked.update(|s| s.toggle(id))
                            />
                        </td>
                        {cells}
                        <td class="action">
                            <a href=format!("/admin/customers/{id}/edit")>{tr(locale, Key::Edit)}</a>
                        </td>
                    </tr>
                    {editor}
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="grid-scroll">
            <table class="grid customers-grid">
                <thead>
                    <tr>
                        <th scope="col" class="select">
                            <SelectionMenu visible=visible_ids />
                        </th>
                        {header}
                        <th scope="col" class="action">
                            {t(Key::Action)}
                        </th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// Select All (every matching row, not only this page) / Deselect All / Select Visible /
/// Deselect Visible.
#[component]
fn SelectionMenu(visible: Vec<i64>) -> impl IntoView {
    let grid = expect_context::<Grid>();
    let visible = StoredValue::new(visible);
    // The menu always shows its placeholder again after a choice.
    let menu = RwSignal::new(String::new());
    let on_change = move |ev: leptos::ev::Event| {
        let choice = event_target_value(&ev);
        menu.set(choice.clone());
        menu.set(String::new());
        grid.ticked.update(|s| match choice.as_str() {
            "all" => {
                *s = Ticked {
                    all: true,
                    ids: Default::default(),
                }
            }
            "none" => *s = Ticked::default(),
            "visible" => {
                for &id in visible.read_value().iter() {
                    if !s.contains(id) {
                        s.toggle(id);
                    }
                }
            }
            "invisible" => {
                for &id in visible.read_value().iter() {
                    if s.contains(id) {
                        s.toggle(id);
                    }
                }
            }
            _ => {}
        });
    };
    view! {
        <select
            class="selection-menu"
            aria-label=t(Key::Options)
            prop:value=move || menu.get()
            on:change=on_change
        >
            <option value="">"☐"</option>
            <option value="all">{t(Key::SelectAll)}</option>
            <option value="none">{t(Key::DeselectAll)}</option>
            <option value="visible">{t(Key::SelectVisible)}</option>
            <option value="invisible">{t(Key::DeselectVisible)}</option>
        </select>
    }
}
