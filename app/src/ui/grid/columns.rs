//! The column chooser: which columns the grid shows. Changes apply at once; "Reset"
//! restores the default columns, "Cancel" the columns shown when the panel opened.
//! Columns are re-ordered by dragging their headers.

use super::state::{GridColumn, MAX_VISIBLE_COLUMNS};
use super::{GridCtx, Panel};
use crate::i18n::{t, tr, use_i18n, Key};
use leptos::prelude::*;

pub fn columns_panel<C: GridColumn>(grid: GridCtx<C>) -> impl IntoView {
    let i18n = use_i18n();
    let opened_with = grid.state.with_untracked(|q| q.columns.clone());
    let set_columns = move |columns: Vec<C>| {
        grid.update(|q| {
            // A filter on a column being hidden goes with it (as in Magento's grid).
            q.filters.retain(|c, _| columns.contains(c));
            q.columns = columns;
        })
    };
    let close = move || grid.panel.set(Panel::None);
    let visible = move || grid.state.with(|q| q.columns.clone());
    let count = move || {
        tr(i18n.locale.get(), Key::ColumnsVisible)
            .replace("{n}", &visible().len().to_string())
            .replace("{m}", &grid.all_columns().len().to_string())
    };
    view! {
        <div
            class="grid-panel columns-panel"
            role="group"
            aria-label=t(Key::Columns)
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    close();
                }
            }
        >
            <p class="columns-count">{count}</p>
            <ul class="columns-list">
                {move || grid.all_columns()
                    .into_iter()
                    .map(|column| {
                        let checked = move || grid.state.with(|q| q.columns.contains(&column));
                        let disabled = move || {
                            grid.state.with(|q| {
                                let v = &q.columns;
                                (v.len() == 1 && v.contains(&column))
                                    || (v.len() >= MAX_VISIBLE_COLUMNS && !v.contains(&column))
                            })
                        };
                        // Keyboard users re-order from here (headers are dragged with a mouse).
                        let moved = move |by: isize| {
                            let mut cols = visible();
                            if let Some(at) = cols.iter().position(|c| *c == column) {
                                let to = at as isize + by;
                                if (0..cols.len() as isize).contains(&to) {
                                    cols.swap(at, to as usize);
                                    set_columns(cols);
                                }
                            }
                        };
                        let name = move || grid.label(column, i18n.locale.get());
                        let position = move || grid.state.with(|q| q.columns.iter().position(|c| *c == column));
                        let last = move || grid.state.with(|q| q.columns.len().saturating_sub(1));
                        view! {
                            <li>
                                <label>
                                    <input
                                        type="checkbox"
                                        prop:checked=checked
                                        disabled=disabled
                                        on:change=move |_| {
                                            let mut cols = visible();
                                            if let Some(i) = cols.iter().position(|c| *c == column) {
                                                cols.remove(i);
                                            } else {
                                                cols.push(column);
                                            }
                                            set_columns(cols);
                                        }
                                    />
                                    {name}
                                </label>
                                {move || checked().then(|| view! {
                                    <span class="column-move">
                                        <button type="button" class="icon-button move-earlier"
                                            aria-label=move || tr(i18n.locale.get(), Key::MoveEarlier).replace("{name}", &name())
                                            disabled=move || position() == Some(0)
                                            on:click=move |_| moved(-1)>"←"</button>
                                        <button type="button" class="icon-button move-later"
                                            aria-label=move || tr(i18n.locale.get(), Key::MoveLater).replace("{name}", &name())
                                            disabled=move || position() == Some(last())
                                            on:click=move |_| moved(1)>"→"</button>
                                    </span>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <div class="panel-actions">
                <button type="button" class="button-secondary" on:click=move |_| set_columns(C::default_visible())>
                    {t(Key::Reset)}
                </button>
                <button
                    type="button"
                    class="button-secondary"
                    on:click=move |_| {
                        set_columns(opened_with.clone());
                        close();
                    }
                >
                    {t(Key::Cancel)}
                </button>
                <button type="button" class="button-primary" on:click=move |_| close()>
                    {t(Key::Done)}
                </button>
            </div>
        </div>
    }
}
