//! The filters panel: one control per visible, filterable column, in a tidy grid of
//! fixed-height controls (ranges as from/to pairs); "Apply Filters" replaces the
//! filters, Cancel or Escape closes the panel.

use super::state::{check_filter, Filter, FilterKind, GridColumn};
use super::{GridCtx, Panel};
use crate::i18n::{t, tr, use_i18n, Key, Locale, Message};
use leptos::prelude::*;
use std::collections::BTreeMap;

pub fn filters_panel<C: GridColumn>(grid: GridCtx<C>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(grid.state.with_untracked(|q| q.filters.clone()));
    let errors = RwSignal::new(BTreeMap::<C, Message>::new());
    let close = move || grid.panel.set(Panel::None);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let filters: BTreeMap<C, Filter> = draft
            .get_untracked()
            .into_iter()
            .filter(|(_, f)| !f.is_empty())
            .collect();
        let found: BTreeMap<C, Message> = filters
            .iter()
            .filter_map(|(&c, f)| check_filter(c, f).err().map(|e| (c, e)))
            .collect();
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        grid.update(|q| {
            q.filters = filters;
            q.page = 1;
        });
        close();
    };
    let columns = move || {
        grid.state.with(|q| {
            q.columns
                .iter()
                .copied()
                .filter(|c| grid.filterable(*c))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <form
            class="grid-panel filters-panel"
            aria-label=t(Key::Filters)
            on:submit=apply
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    close();
                }
            }
        >
            <div class="filters-grid">
                {move || {
                    let locale = i18n.locale.get();
                    columns()
                        .into_iter()
                        .map(|column| {
                            let error = move || errors.with(|e| e.get(&column).map(|m| m.text(locale)));
                            let range = matches!(column.filter_kind(), FilterKind::IdRange | FilterKind::DateRange);
                            view! {
                                <fieldset class="filter" class:filter-range=range>
                                    <legend>{grid.label(column, locale)}</legend>
                                    <div class="filter-controls">
                                        {filter_control(grid, column, draft, locale)}
                                    </div>
                                    <p class="field-error" role="alert">{error}</p>
                                </fieldset>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <div class="panel-actions">
                <button type="button" class="button-secondary" on:click=move |_| close()>
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
fn filter_control<C: GridColumn>(
    grid: GridCtx<C>,
    column: C,
    draft: RwSignal<BTreeMap<C, Filter>>,
    locale: Locale,
) -> AnyView {
    let label = grid.label(column, locale);
    let name = format!("f.{}", column.code());
    let id = format!("{}-filter-{}", grid.id, column.code());
    match column.filter_kind() {
        FilterKind::Text => {
            let value = move || match draft.with(|d| d.get(&column).cloned()) {
                Some(Filter::Text(v)) => v,
                _ => String::new(),
            };
            view! {
                <input
                    type="text"
                    id=id
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
            let choices = grid.choices.run((list, locale));
            view! {
                <select
                    id=id
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
            let input = move |from: bool| {
                let (bound_key, suffix) = if from {
                    (Key::From, "from")
                } else {
                    (Key::To, "to")
                };
                view! {
                    <input
                        type=input_type
                        name=format!("{name}.{suffix}")
                        aria-label=format!("{label}: {}", tr(locale, bound_key))
                        placeholder=tr(locale, bound_key)
                        prop:value=bound(from)
                        on:input=move |ev| set(from, event_target_value(&ev))
                    />
                }
            };
            view! {
                {input(true)}
                <span class="range-dash" aria-hidden="true">"–"</span>
                {input(false)}
            }
            .into_any()
        }
        FilterKind::None => ().into_any(),
    }
}
