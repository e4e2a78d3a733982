//! The All Customers page: toolbar, filters, column chooser, table and pager.
//!
//! The grid's state lives in the URL ([`GridQuery`]); every control changes the state by
//! navigating, so reload, back/forward and a pasted link show the same grid. The page's
//! rows are a resource keyed by the parts of the state that change the data.

mod actions;
mod columns;
mod export;
mod inline;
mod pager;
mod table;
mod toolbar;
mod views;

use super::api::{customer_grid, customer_grid_options};
use super::model::{GridOptions, GridQuery};
use crate::customers::grid::actions::RowResult;
use crate::customers::grid::model::InlineEdit;
use crate::error::AppError;
use crate::i18n::{t, Key};
use crate::i18n::{use_i18n, I18n};
use crate::ui::ErrorPanel;
use crate::ui::{use_toasts, Toasts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::collections::{BTreeMap, BTreeSet};

/// Which rows are ticked. With `all`, every matching row except `ids`; otherwise `ids`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ticked {
    pub all: bool,
    pub ids: BTreeSet<i64>,
}

impl Ticked {
    pub fn contains(&self, id: i64) -> bool {
        self.all != self.ids.contains(&id)
    }

    pub fn count(&self, total: u64) -> u64 {
        if self.all {
            total.saturating_sub(self.ids.len() as u64)
        } else {
            self.ids.len() as u64
        }
    }

    pub fn toggle(&mut self, id: i64) {
        if !self.ids.remove(&id) {
            self.ids.insert(id);
        }
    }
}

/// What the grid's parts share.
#[derive(Clone, Copy)]
pub struct Grid {
    /// The state shown, read from the URL.
    pub query: Memo<GridQuery>,
    /// Change the state (a new history entry).
    pub go: Callback<GridQuery>,
    /// Group and website labels (set with the first page, so server and browser render
    /// the same labels).
    pub options: RwSignal<GridOptions>,
    pub ticked: RwSignal<Ticked>,
    /// Rows open in the inline editor, by id.
    pub editing: RwSignal<BTreeMap<i64, InlineEdit>>,
    /// Errors of inline-edited rows that did not save.
    pub row_errors: RwSignal<BTreeMap<i64, RowResult>>,
    /// Bumped to load the page again after a change.
    pub reload: RwSignal<u32>,
    pub toasts: Toasts,
    pub i18n: I18n,
}

/// Customers → All Customers.
#[component]
pub fn CustomersGridPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| GridQuery::from_params(p.latest_values().map(|(k, v)| (k.as_ref(), v))))
    });
    let navigate = use_navigate();
    let go = Callback::new(move |q: GridQuery| {
        let qs = q.to_query_string();
        let url = if qs.is_empty() {
            "/admin/customers".to_string()
        } else {
            format!("/admin/customers?{qs}")
        };
        navigate(
            &url,
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });
    let options = RwSignal::new(GridOptions::default());
    // Only the parts that change the rows refetch them (not the column choice).
    let reload = RwSignal::new(0u32);
    let fetch_key = Memo::new(move |_| {
        (
            GridQuery {
                columns: Vec::new(),
                ..query.get()
            },
            reload.get(),
        )
    });
    // The labels and the page, loaded in the browser only: the rows render after
    // hydration, so a server-side load would be serialized for a view the server never
    // renders, and the browser could wait for a value that was never sent.
    let rows = LocalResource::new(move || {
        let (q, _) = fetch_key.get();
        async move {
            let options = customer_grid_options().await?;
            let page = customer_grid(q).await?;
            Ok::<_, AppError>((options, page))
        }
    });
    let ticked = RwSignal::new(Ticked::default());
    // A different search or filter is a different set of rows: start a new selection.
    let matching = Memo::new(move |_| {
        let q = query.get();
        (q.search, q.filters)
    });
    Effect::watch(
        move || matching.get(),
        move |_, _, _| ticked.set(Ticked::default()),
        false,
    );
    let grid = Grid {
        query,
        go,
        options,
        ticked,
        editing: RwSignal::new(BTreeMap::new()),
        row_errors: RwSignal::new(BTreeMap::new()),
        reload,
        toasts: use_toasts(),
        i18n: use_i18n(),
    };
    provide_context(grid);
    // No busy-bar tracking here: the Transition's pending state can flip while the page
    // is still hydrating, and the busy bar (hydrated after this page) would then differ
    // from the server's HTML. The Transition keeps the last page on screen meanwhile.

    let hydrated = crate::ui::use_hydrated();
    view! {
        <Title text=move || t(Key::AllCustomers)().to_string() />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <span>{t(Key::Customers)}</span>
            " / "
            <span>{t(Key::AllCustomers)}</span>
        </nav>
        <div class="page-head">
            <h1>{t(Key::AllCustomers)}</h1>
            <a class="button-primary" href="/admin/customers/new">
                {t(Key::AddNewCustomer)}
            </a>
        </div>
        <section class="data-grid" aria-label=t(Key::AllCustomers)>
            <toolbar::Toolbar />
            // The rows render once the page is live: rendering them on the server raced
            // with hydration (an intermittent mismatch in the browser tests).
            {move || hydrated.get().then(|| view! {
            <Transition
                fallback=|| view! { <p>{t(Key::Loading)}</p> }
            >
                // Everything that shows loaded data renders here, after both loads, so
                // the server's HTML and the hydrating browser agree.
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok((opts, loaded)) => {
                            options.set(opts.clone());
                            let (total, current) = (loaded.total, loaded.page);
                            let rows = loaded.rows.clone();
                            let apply_options = opts.clone();
                            view! {
                                <toolbar::Chips options=opts.clone() />
                                <div class="grid-actions-row">
                                    <actions::ActionsMenu total rows options=opts.clone() />
                                    <pager::Pager total current />
                                </div>
                                {move || (grid.editing.with(|e| e.len()) > 1).then(|| view! { <inline::ApplyAll options=apply_options.clone() /> })}
                                <table::GridTable page=loaded options=opts />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <GridError error /> }.into_any(),
                    }
                })}
            </Transition>
            })}
        </section>
    }
}

/// A failed load: field errors are listed by what they refer to.
#[component]
fn GridError(error: AppError) -> impl IntoView {
    let locale = use_i18n().locale.get_untracked();
    let details = match &error {
        AppError::Validation { fields } => fields.values().map(|m| m.text(locale)).collect(),
        _ => Vec::new(),
    };
    view! {
        <ErrorPanel error />
        <ul class="field-errors">
            {details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
        </ul>
    }
}
