//! The column chooser: which columns the grid shows, in which order.

use super::Grid;
use crate::customers::grid::model::{Column, MAX_VISIBLE_COLUMNS};
use crate::i18n::{t, tr, use_i18n, Key};
use leptos::prelude::*;

/// The column chooser: changes apply at once; "Reset" restores the default columns,
/// "Cancel" the columns shown when the panel opened.
#[component]
pub fn ColumnsPanel(close: Callback<()>) -> impl IntoView {
    let grid = expect_context::<Grid>();
    let i18n = use_i18n();
    let opened_with = grid.query.get_untracked().columns;
    let set_columns = move |columns: Vec<Column>| {
        let mut q = grid.query.get_untracked();
        // A filter on a column being hidden goes with it (as in Magento's grid).
        q.filters.retain(|c, _| columns.contains(c));
        q.columns = columns;
        grid.go.run(q);
    };
    let visible = move || grid.query.get().columns;
    let count = move || {
        tr(i18n.locale.get(), Key::ColumnsVisible)
            .replace("{n}", &visible().len().to_string())
            .replace("{m}", &Column::ALL.len().to_string())
    };
    let cancel_to = opened_with.clone();
    view! {
        <div class="grid-panel columns-panel" role="group" aria-label=t(Key::Columns)>
            <p class="columns-count">{count}</p>
            <ul class="columns-list">
                {Column::ALL
                    .iter()
                    .copied()
                    .map(|column| {
                        let checked = move || visible().contains(&column);
                        let disabled = move || {
                            let v = visible();
                            (v.len() == 1 && v.contains(&column))
                                || (v.len() >= MAX_VISIBLE_COLUMNS && !v.contains(&column))
                        };
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
                                    {move || tr(i18n.locale.get(), column.label())}
                                </label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <div class="panel-actions">
                <button
                    type="button"
                    class="button-secondary"
                    on:click=move |_| set_columns(Column::default_visible())
                >
                    {t(Key::Reset)}
                </button>
                <button
                    type="button"
                    class="button-secondary"
                    on:click=move |_| {
                        set_columns(cancel_to.clone());
                        close.run(());
                    }
                >
                    {t(Key::Cancel)}
                </button>
                <button type="button" class="button-primary" on:click=move |_| close.run(())>
                    {t(Key::Done)}
                </button>
            </div>
        </div>
    }
}
