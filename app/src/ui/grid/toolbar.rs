//! The toolbar: keyword search, the views menu, the Filters and Columns buttons (and
//! their panels), and whatever the page adds (Export, for instance).

use super::state::GridColumn;
use super::{columns_panel, filters_panel, views_menu, GridCtx};
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// Which panel is open under the toolbar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    None,
    Filters,
    Columns,
}

/// The toolbar and its open panel; `extra` goes after the Columns button.
pub fn grid_toolbar<C: GridColumn>(grid: GridCtx<C>, extra: AnyView) -> impl IntoView {
    let panel = grid.panel;
    let panel_id = format!("{}-panel", grid.id);
    view! {
        <div class="grid-toolbar">
            {search_box(grid)}
            <div class="grid-toolbar-buttons">
                {views_menu(grid)}
                {panel_toggle(panel, Panel::Filters, Key::Filters, "filters-toggle", panel_id.clone())}
                {panel_toggle(panel, Panel::Columns, Key::Columns, "columns-toggle", panel_id.clone())}
                {extra}
            </div>
        </div>
        <div id=panel_id>
            {move || match panel.get() {
                Panel::Filters => filters_panel(grid).into_any(),
                Panel::Columns => columns_panel(grid).into_any(),
                Panel::None => ().into_any(),
            }}
        </div>
    }
}

/// A button that opens (or closes) one of the toolbar's panels.
fn panel_toggle(
    panel: RwSignal<Panel>,
    which: Panel,
    label: Key,
    class: &'static str,
    controls: String,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=format!("button-secondary {class}")
            aria-expanded=move || (panel.get() == which).to_string()
            aria-controls=controls
            on:click=move |_| panel.update(|cur| *cur = if *cur == which { Panel::None } else { which })
        >
            {t(label)}
        </button>
    }
}

/// "Search by keyword".
fn search_box<C: GridColumn>(grid: GridCtx<C>) -> impl IntoView {
    let text = RwSignal::new(grid.state.with_untracked(|q| q.search.clone()));
    // Follow the state (back/forward, chip removal).
    Effect::new(move || text.set(grid.state.with(|q| q.search.clone())));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let search = text.get_untracked().trim().to_string();
        grid.update(|q| {
            q.search = search;
            q.page = 1;
        });
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
