//! The admin data grid every list uses: keyword search, filters panel with chips,
//! column chooser, saved views, pager, row selection, sortable and re-orderable
//! headers, and a table with sticky selection, first and action columns.
//!
//! A grid is described by its column type ([`state::GridColumn`]) and shows rows of any
//! type through the page's cell renderer. Its state is a [`state::GridState`] that the
//! page keeps where it wants (the URL, for every grid here) and changes through
//! [`GridCtx::go`]. The parts are plain generic functions, called from the page's view.

mod chips;
mod columns;
#[cfg(feature = "ssr")]
pub mod download;
mod filters;
mod pager;
mod selection;
pub mod state;
mod table;
mod toolbar;
mod views;

pub use chips::chips;
pub use columns::columns_panel;
pub use filters::filters_panel;
pub use pager::pager;
pub use selection::{selection_menu, Ticked};
pub use table::{grid_table, TableParts};
pub use toolbar::{grid_toolbar, Panel};
pub use views::views_menu;

use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use state::{GridColumn, GridState, OptionList};

/// A grid whose state lives in the page's URL, in the parameters named `prefix…`: the
/// state read from the URL, and the change that writes it there (a new history entry,
/// so Back undoes a filter, and reload or a pasted link restores the grid). The page's
/// other parameters stay as they are: the customer page keeps its tab (`tab`) beside its
/// addresses sub-grid (`a.`); the customers grid owns its whole URL (`""`).
pub fn use_url_state<C: GridColumn>(
    prefix: &'static str,
) -> (Memo<GridState<C>>, Callback<GridState<C>>) {
    let params = use_query_map();
    let state = Memo::new(move |_| {
        params.with(|p| {
            GridState::from_prefixed_params(prefix, p.latest_values().map(|(k, v)| (k.as_ref(), v)))
        })
    });
    let change = crate::ui::url::use_change_query();
    let go = Callback::new(move |q: GridState<C>| {
        change(&|key| key.starts_with(prefix), q.to_params(prefix), true);
    });
    (state, go)
}

/// What a grid's parts share.
pub struct GridCtx<C: GridColumn> {
    /// The state shown.
    pub state: Memo<GridState<C>>,
    /// Change the state (a new history entry).
    pub go: Callback<GridState<C>>,
    /// Which rows are ticked.
    pub ticked: RwSignal<Ticked>,
    /// A select filter's options as (value, label), in the viewer's language.
    pub choices: Callback<(OptionList, Locale), Vec<(String, String)>>,
    /// Which panel is open under the toolbar.
    pub panel: RwSignal<Panel>,
    /// Prefix of element ids, so two grids on a page never share one.
    pub id: &'static str,
    /// Columns made at run time (custom attributes), offered after the built-in ones.
    pub extra: RwSignal<Vec<ExtraColumn<C>>>,
    /// Built-in columns shown under another label (a system attribute's Default Label).
    pub renamed: RwSignal<Vec<(C, String)>>,
}

/// A column made at run time: its label (in the viewer's language) and whether it can be
/// filtered.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtraColumn<C> {
    pub column: C,
    pub label: String,
    pub filterable: bool,
}

impl<C: GridColumn> Clone for GridCtx<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: GridColumn> Copy for GridCtx<C> {}

impl<C: GridColumn> GridCtx<C> {
    /// A grid over `state`, changed by `go`.
    pub fn new(
        id: &'static str,
        state: Memo<GridState<C>>,
        go: Callback<GridState<C>>,
        choices: Callback<(OptionList, Locale), Vec<(String, String)>>,
    ) -> Self {
        let ticked = RwSignal::new(Ticked::default());
        // A different search or filter is a different set of rows: a new selection.
        let matching = Memo::new(move |_| state.with(|q| (q.search.clone(), q.filters.clone())));
        Effect::watch(
            move || matching.get(),
            move |_, _, _| ticked.set(Ticked::default()),
            false,
        );
        GridCtx {
            state,
            go,
            ticked,
            choices,
            panel: RwSignal::new(Panel::None),
            id,
            extra: RwSignal::new(Vec::new()),
            renamed: RwSignal::new(Vec::new()),
        }
    }

    /// Every column the chooser offers: the built-in ones, then those made at run time.
    pub fn all_columns(self) -> Vec<C> {
        let mut all = C::ALL.to_vec();
        self.extra
            .with(|extra| all.extend(extra.iter().map(|e| e.column)));
        all
    }

    /// A column's header label in `locale`.
    pub fn label(self, column: C, locale: Locale) -> String {
        self.extra
            .with(|extra| {
                extra
                    .iter()
                    .find(|e| e.column == column)
                    .map(|e| e.label.clone())
            })
            .or_else(|| {
                self.renamed.with(|renamed| {
                    renamed
                        .iter()
                        .find(|(c, _)| *c == column)
                        .map(|(_, label)| label.clone())
                })
            })
            .unwrap_or_else(|| crate::i18n::tr(locale, column.label()).to_string())
    }

    /// Whether the filters panel offers a filter on the column.
    pub fn filterable(self, column: C) -> bool {
        column.filter_kind() != state::FilterKind::None
            && self.extra.with(|extra| {
                extra
                    .iter()
                    .find(|e| e.column == column)
                    .is_none_or(|e| e.filterable)
            })
    }

    /// Change the state: `change` edits a copy of the current one.
    pub fn update(self, change: impl FnOnce(&mut GridState<C>)) {
        let mut q = self.state.get_untracked();
        change(&mut q);
        self.go.run(q);
    }

    /// The label of a select filter's value (the value itself when it is not listed).
    pub fn option_label(self, list: OptionList, value: &str, locale: Locale) -> String {
        self.choices
            .run((list, locale))
            .into_iter()
            .find(|(v, _)| v == value)
            .map(|(_, label)| label)
            .unwrap_or_else(|| value.to_string())
    }
}
