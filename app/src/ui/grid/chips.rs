//! The active search and filters as removable chips, with "Clear all".

use super::state::{Filter, FilterKind, GridColumn, GridState};
use super::GridCtx;
use crate::i18n::{tr, use_i18n, Key, Locale};
use leptos::prelude::*;

/// What a filter chip says after the column name.
fn filter_text<C: GridColumn>(
    grid: GridCtx<C>,
    column: C,
    filter: &Filter,
    locale: Locale,
) -> String {
    let range = |from: Option<String>, to: Option<String>| match (from, to) {
        (Some(f), Some(t)) => format!("{f} – {t}"),
        (Some(f), None) => format!("{} {f}", tr(locale, Key::From)),
        (None, Some(t)) => format!("{} {t}", tr(locale, Key::To)),
        (None, None) => String::new(),
    };
    match (filter, column.filter_kind()) {
        (Filter::Text(v), _) => v.clone(),
        (Filter::Select(v), FilterKind::Select(list)) => grid.option_label(list, v, locale),
        (Filter::Select(v), _) => v.clone(),
        (Filter::Range { from, to }, _) => {
            range(from.map(|v| v.to_string()), to.map(|v| v.to_string()))
        }
        (Filter::Dates { from, to }, _) => range(from.clone(), to.clone()),
    }
}

/// One chip: its text and a button that applies `remove` and goes back to page 1.
fn chip<C: GridColumn>(
    grid: GridCtx<C>,
    text: String,
    locale: Locale,
    remove: impl Fn(&mut GridState<C>) + Send + Sync + 'static,
) -> impl IntoView {
    let label = format!("{} {text}", tr(locale, Key::Remove));
    view! {
        <li class="chip">
            <span>{text}</span>
            <button
                type="button"
                class="chip-remove"
                aria-label=label
                on:click=move |_| {
                    grid.update(|q| {
                        remove(q);
                        q.page = 1;
                    })
                }
            >
                "×"
            </button>
        </li>
    }
}

/// The chips row (nothing when no search or filter is active).
pub fn chips<C: GridColumn>(grid: GridCtx<C>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let q = grid.state.get();
        let active: Vec<(C, Filter)> = q
            .filters
            .iter()
            .filter(|(_, f)| !f.is_empty())
            .map(|(c, f)| (*c, f.clone()))
            .collect();
        if q.search.is_empty() && active.is_empty() {
            return ().into_any();
        }
        let locale = i18n.locale.get();
        let search_chip = (!q.search.is_empty()).then(|| {
            let text = format!("{}: {}", tr(locale, Key::Keyword), q.search);
            chip(grid, text, locale, move |q| q.search.clear())
        });
        let filter_chips = active
            .into_iter()
            .map(|(column, filter)| {
                let text = format!(
                    "{}: {}",
                    grid.label(column, locale),
                    filter_text(grid, column, &filter, locale)
                );
                chip(grid, text, locale, move |q| {
                    q.filters.remove(&column);
                })
            })
            .collect_view();
        view! {
            <div class="grid-chips">
                <span class="chips-label">{tr(locale, Key::ActiveFilters)}</span>
                <ul class="chips">{search_chip} {filter_chips}</ul>
                <button
                    type="button"
                    class="link"
                    on:click=move |_| {
                        grid.update(|q| {
                            q.search.clear();
                            q.filters.clear();
                            q.page = 1;
                        })
                    }
                >
                    {tr(locale, Key::ClearAll)}
                </button>
            </div>
        }
        .into_any()
    }
}
