//! The grid's toolbar (keyword search, the views menu, the filter and column panels,
//! export) and its filter chips.

use super::Grid;
use crate::customers::grid::format::gender_label;
use crate::customers::grid::model::{
    check_filter, Column, Filter, FilterKind, GridOptions, GridQuery, OptionList,
};
use crate::i18n::{t, tr, use_i18n, Key, Locale};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Which panel is open under the toolbar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Panel {
    None,
    Filters,
    Columns,
}

#[component]
pub fn Toolbar() -> impl IntoView {
    let panel = RwSignal::new(Panel::None);
    let toggle = move |p: Panel| panel.update(|cur| *cur = if *cur == p { Panel::None } else { p });
    view! {
        <div class="grid-toolbar">
            <SearchBox />
            <div class="grid-toolbar-buttons">
                <super::views::ViewsMenu />
                <button
                    type="button"
                    class="button-secondary"
                    aria-expanded=move || (panel.get() == Panel::Filters).to_string()
                    on:click=move |_| toggle(Panel::Filters)
                >
                    {t(Key::Filters)}
                </button>
                <button
                    type="button"
                    class="button-secondary"
                    aria-expanded=move || (panel.get() == Panel::Columns).to_string()
                    on:click=move |_| toggle(Panel::Columns)
                >
                    {t(Key::Columns)}
                </button>
                <super::export::ExportMenu />
            </div>
        </div>
        {move || match panel.get() {
            Panel::Filters => {
                view! { <FiltersPanel close=Callback::new(move |()| panel.set(Panel::None)) /> }
                    .into_any()
            }
            Panel::Columns => {
                view! { <super::columns::ColumnsPanel close=Callback::new(move |()| panel.set(Panel::None)) /> }
                    .into_any()
            }
            Panel::None => ().into_any(),
        }}
    }
}

/// "Search by keyword": searches name, email, phone, addresses, Tax/VAT and company.
#[component]
fn SearchBox() -> impl IntoView {
    let grid = expect_context::<Grid>();
    let text = RwSignal::new(grid.query.get_untracked().search);
    // Follow the URL (back/forward, chip removal).
    Effect::new(move || text.set(grid.query.get().search));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut q = grid.query.get_untracked();
        q.search = text.get_untracked().trim().to_string();
        q.page = 1;
        grid.go.run(q);
    };
    view! {
        <form class="grid-search" role="search" on:submit=submit>
            <input
                type="search"
                name="search"
                maxlength="255"
                placeholder=t(Key::SearchByKeyword)
                aria-label=t(Key::SearchByKeyword)
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <button type="submit" class="button-secondary">
                {t(Key::Search)}
            </button>
        </form>
    }
}

/// The label of a select filter's value.
fn option_label(list: OptionList, value: &str, options: &GridOptions, locale: Locale) -> String {
    match list {
        OptionList::Groups => options
            .groups
            .iter()
            .find(|(id, _)| id.to_string() == value)
            .map(|(_, n)| n.clone()),
        OptionList::Websites => options
            .websites
            .iter()
            .find(|w| w.id.to_string() == value)
            .map(|w| w.name.clone()),
        OptionList::Countries => {
            Some(crate::directory::country_name(value, locale.index()).to_string())
        }
        OptionList::Genders => value
            .parse()
            .ok()
            .map(|g| gender_label(locale, g).to_string()),
    }
    .unwrap_or_else(|| value.to_string())
}

/// The options of a select filter as (value, label).
fn option_values(list: OptionList, options: &GridOptions, locale: Locale) -> Vec<(String, String)> {
    match list {
        OptionList::Groups => options
            .groups
            .iter()
            .filter(|(id, _)| *id != 0)
            .map(|(id, n)| (id.to_string(), n.clone()))
            .collect(),
        OptionList::Websites => options
            .websites
            .iter()
            .map(|w| (w.id.to_string(), w.name.clone()))
            .collect(),
        OptionList::Countries => {
            let mut all: Vec<(String, String)> = crate::directory::COUNTRIES
                .iter()
                .map(|c| (c.code.to_string(), c.name(locale.index()).to_string()))
                .collect();
            all.sort_by(|a, b| a.1.cmp(&b.1));
            all
        }
        OptionList::Genders => (1..=3)
            .map(|g| (g.to_string(), gender_label(locale, g).to_string()))
            .collect(),
    }
}

/// What a filter chip says after the column name.
fn filter_text(column: Column, filter: &Filter, options: &GridOptions, locale: Locale) -> String {
    let range = |from: Option<String>, to: Option<String>| match (from, to) {
        (Some(f), Some(t)) => format!("{f} – {t}"),
        (Some(f), None) => format!("{} {f}", tr(locale, Key::From)),
        (None, Some(t)) => format!("{} {t}", tr(locale, Key::To)),
        (None, None) => String::new(),
    };
    match (filter, column.filter_kind()) {
        (Filter::Text(v), _) => v.clone(),
        (Filter::Select(v), FilterKind::Select(list)) => option_label(list, v, options, locale),
        (Filter::Select(v), _) => v.clone(),
        (Filter::Range { from, to }, _) => {
            range(from.map(|v| v.to_string()), to.map(|v| v.to_string()))
        }
        (Filter::Dates { from, to }, _) => range(from.clone(), to.clone()),
    }
}

/// One chip: its text and a "Remove" button that applies `remove` to the grid state
/// and goes back to page 1.
fn chip(
    text: String,
    locale: Locale,
    remove: impl Fn(&mut GridQuery) + Send + Sync + 'static,
) -> impl IntoView {
    let grid = expect_context::<Grid>();
    view! {
        <li class="chip">
            <span>{text}</span>
            <button
                type="button"
                class="chip-remove"
                aria-label=tr(locale, Key::Remove)
                on:click=move |_| {
                    let mut q = grid.query.get_untracked();
                    remove(&mut q);
                    q.page = 1;
                    grid.go.run(q);
                }
            >
                "×"
            </button>
        </li>
    }
}

/// Active search and filters as removable chips, with "Clear all".
#[component]
pub fn Chips(options: GridOptions) -> impl IntoView {
    let grid = expect_context::<Grid>();
    let i18n = use_i18n();
    move || {
        let q = grid.query.get();
        if q.search.is_empty() && q.filters.is_empty() {
            return ().into_any();
        }
        let locale = i18n.locale.get();
        let search_chip = (!q.search.is_empty()).then(|| {
            let text = format!("{}: {}", tr(locale, Key::Keyword), q.search);
            chip(text, locale, move |q| q.search.clear())
        });
        let filter_chips = q
            .filters
            .iter()
            .map(|(&column, filter)| {
                let text = format!(
                    "{}: {}",
                    tr(locale, column.label()),
                    filter_text(column, filter, &options, locale)
                );
                chip(text, locale, move |q| {
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
                        let mut q = grid.query.get_untracked();
                        q.search.clear();
                        q.filters.clear();
                        q.page = 1;
                        grid.go.run(q);
                    }
                >
                    {tr(locale, Key::ClearAll)}
                </button>
            </div>
        }
        .into_any()
    }
}

/// The filter panel: one control per visible, filterable column; "Apply Filters".
#[component]
fn FiltersPanel(close: Callback<()>) -> impl IntoView {
    let grid = expect_context::<Grid>();
    let i18n = use_i18n();
    let draft = RwSignal::new(grid.query.get_untracked().filters);
    let errors = RwSignal::new(BTreeMap::<Column, crate::i18n::Message>::new());
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let filters: BTreeMap<Column, Filter> = draft
            .get_untracked()
            .into_iter()
            .filter(|(_, f)| !f.is_empty())
            .collect();
        let found: BTreeMap<Column, crate::i18n::Message> = filters
            .iter()
            .filter_map(|(&c, f)| check_filter(c, f).err().map(|e| (c, e)))
            .collect();
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        let mut q: GridQuery = grid.query.get_untracked();
        q.filters = filters;
        q.page = 1;
        grid.go.run(q);
        close.run(());
    };
    let columns = move || {
        grid.query
            .get()
            .columns
            .into_iter()
            .filter(|c| c.filter_kind() != FilterKind::None)
            .collect::<Vec<_>>()
    };
    view! {
        <form class="grid-panel filters-panel" on:submit=apply>
            <div class="filters-grid">
                {move || {
                    let locale = i18n.locale.get();
                    let options = grid.options.get();
                    columns()
                        .into_iter()
                        .map(|column| {
                            let error = move || {
                                errors.with(|e| e.get(&column).map(|m| m.text(locale)))
                            };
                            view! {
                                <fieldset class="filter">
                                    <legend>{tr(locale, column.label())}</legend>
                                    {filter_control(column, draft, &options, locale)}
                                    <p class="field-error" role="alert">
                                        {error}
                                    </p>
                                </fieldset>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <div class="panel-actions">
                <button type="button" class="button-secondary" on:click=move |_| close.run(())>
                    {t(Key::Cancel)}
                </button>
                <button type="submit" class="button-primary">
                    {t(Key::ApplyFilters)}
                </button>
            </div>
        </form>
    }
}

/// The input(s) of one column's filter, editing `draft`.
fn filter_control(
    column: Column,
    draft: RwSignal<BTreeMap<Column, Filter>>,
    options: &GridOptions,
    locale: Locale,
) -> AnyView {
    let label = tr(locale, column.label());
    let name = format!("f.{}", column.code());
    match column.filter_kind() {
        FilterKind::Text => {
            let value = move || match draft.with(|d| d.get(&column).cloned()) {
                Some(Filter::Text(v)) => v,
                _ => String::new(),
            };
            view! {
                <input
                    type="text"
                    name=name
                    maxlength="255"
                    aria-label=label
                    prop:value=value
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| {
                            d.insert(column, Filter::Text(v));
                        })
                    }
                />
            }
            .into_any()
        }
        FilterKind::Select(list) => {
            let value = move || match draft.with(|d| d.get(&column).cloned()) {
                Some(Filter::Select(v)) => v,
                _ => String::new(),
            };
            let choices = option_values(list, options, locale);
            view! {
                <select
                    name=name
                    aria-label=label
                    prop:value=value
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| {
                            if v.is_empty() {
                                d.remove(&column);
                            } else {
                                d.insert(column, Filter::Select(v));
                            }
                        })
                    }
                >
                    <option value="">{tr(locale, Key::AnyValue)}</option>
                    {choices
                        .into_iter()
                        .map(|(v, l)| view! { <option value=v>{l}</option> })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        FilterKind::IdRange | FilterKind::DateRange => {
            let dates = column.filter_kind() == FilterKind::DateRange;
            let input_type = if dates { "date" } else { "number" };
            let bound = move |from: bool| {
                move || match draft.with(|d| d.get(&column).cloned()) {
                    Some(Filter::Range { from: f, to: t }) => (if from { f } else { t })
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                    Some(Filter::Dates { from: f, to: t }) => {
                        (if from { f } else { t }).unwrap_or_default()
                    }
                    _ => String::new(),
                }
            };
            let set = move |from: bool, v: String| {
                draft.update(|d| {
                    let empty = if dates {
                        Filter::Dates {
                            from: None,
                            to: None,
                        }
                    } else {
                        Filter::Range {
                            from: None,
                            to: None,
                        }
                    };
                    let entry = d.entry(column).or_insert(empty);
                    let v = v.trim().to_string();
                    match entry {
                        Filter::Range { from: f, to: t } => {
                            *(if from { f } else { t }) = v.parse().ok();
                        }
                        Filter::Dates { from: f, to: t } => {
                            *(if from { f } else { t }) = (!v.is_empty()).then_some(v);
                        }
                        _ => {}
                    }
                })
            };
            view! {
                <label>
                    {tr(locale, Key::From)}
                    <input
                        type=input_type
                        name=format!("{name}.from")
                        prop:value=bound(true)
                        on:input=move |ev| set(true, event_target_value(&ev))
                    />
                </label>
                <label>
                    {tr(locale, Key::To)}
                    <input
                        type=input_type
                        name=format!("{name}.to")
                        prop:value=bound(false)
                        on:input=move |ev| set(false, event_target_value(&ev))
                    />
                </label>
            }
            .into_any()
        }
        FilterKind::None => ().into_any(),
    }
}
