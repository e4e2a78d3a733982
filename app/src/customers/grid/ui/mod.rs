//! The All Customers page: the shared admin grid over the customer grid index, with
//! this grid's Actions menu, inline editor and export.
//!
//! The grid's state lives in the URL ([`GridQuery`]); every control changes the state by
//! navigating, so reload, back/forward and a pasted link show the same grid. The page's
//! rows are a resource keyed by the parts of the state that change the data.

mod actions;
mod export;
mod inline;

use super::api::{customer_grid, customer_grid_options};
use super::format::gender_label;
use super::model::{
    Column, CustomColumn, CustomGridColumn, CustomKind, GridOptions, GridQuery, GridRow, OptionList,
};
use crate::customers::grid::actions::RowResult;
use crate::customers::grid::model::InlineEdit;
use crate::error::AppError;
use crate::i18n::{t, use_i18n, I18n, Key, Locale};
use crate::ui::grid::{self, GridCtx, TableParts, Ticked};
use crate::ui::ErrorPanel;
use crate::ui::{use_toasts, Toasts};
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What this page's parts share besides the shared grid.
#[derive(Clone, Copy)]
pub struct Grid {
    /// The shared grid (state, selection, panels).
    pub shared: GridCtx<Column>,
    /// Group and website labels (set with the first page, so server and browser render
    /// the same labels).
    pub options: RwSignal<GridOptions>,
    /// Rows open in the inline editor, by id.
    pub editing: RwSignal<BTreeMap<i64, InlineEdit>>,
    /// Errors of inline-edited rows that did not save.
    pub row_errors: RwSignal<BTreeMap<i64, RowResult>>,
    /// Bumped to load the page again after a change.
    pub reload: RwSignal<u32>,
    pub toasts: Toasts,
    pub i18n: I18n,
}

/// The options of a select filter as (value, label).
fn choices(list: OptionList, options: &GridOptions, locale: Locale) -> Vec<(String, String)> {
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
        OptionList::Countries => crate::directory::country_choices(locale),
        OptionList::Genders => (1..=3)
            .map(|g| (g.to_string(), gender_label(locale, g).to_string()))
            .collect(),
        OptionList::YesNo | OptionList::Attribute(_) => {
            custom_choices(list, locale, &options.custom)
        }
        // No customers grid column is filtered by tax class or visitor type.
        OptionList::TaxClasses
        | OptionList::VisitorTypes
        | OptionList::LogEntities
        | OptionList::LogActions => Vec::new(),
    }
}

/// Customers → All Customers.
#[component]
pub fn CustomersGridPage() -> impl IntoView {
    let (query, go) = grid::use_url_state::<Column>("");
    let options = RwSignal::new(GridOptions::default());
    let shared = GridCtx::new(
        "customers",
        query,
        go,
        Callback::new(move |(list, locale)| options.with(|o| choices(list, o, locale))),
    );
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
    let grid = Grid {
        shared,
        options,
        editing: RwSignal::new(BTreeMap::new()),
        row_errors: RwSignal::new(BTreeMap::new()),
        reload,
        toasts: use_toasts(),
        i18n: use_i18n(),
    };
    provide_context(grid);

    let hydrated = crate::ui::use_hydrated();
    view! {
        <Title text=crate::i18n::text(Key::AllCustomers) />
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
            {grid::grid_toolbar(shared, view! { <export::ExportMenu /> }.into_any())}
            // The rows render once the page is live: rendering them on the server raced
            // with hydration (an intermittent mismatch in the browser tests).
            {move || hydrated.get().then(|| view! {
            <Transition
                fallback=|| view! { <p>{t(Key::Loading)}</p> }
            >
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok((opts, loaded)) => {
                            options.set(opts.clone());
                            shared.extra.set(extra_columns(&opts.custom, Column::Custom));
                            shared.renamed.set(
                                opts.renamed
                                    .iter()
                                    .filter_map(|(code, label)| Some((<Column as crate::ui::grid::state::GridColumn>::from_code(code)?, label.clone())))
                                    .collect(),
                            );
                            let (total, current) = (loaded.total, loaded.page);
                            let page_rows = loaded.rows.clone();
                            let apply_options = opts.clone();
                            view! {
                                {grid::chips(shared)}
                                <div class="grid-actions-row">
                                    <actions::ActionsMenu total rows=page_rows options=opts.clone() />
                                    {grid::pager(shared, total, current)}
                                </div>
                                {move || (grid.editing.with(|e| e.len()) > 1).then(|| view! { <inline::ApplyAll options=apply_options.clone() /> })}
                                {grid::grid_table(shared, table_parts(grid, loaded.rows, loaded.now, loaded.custom, opts))}
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

/// The custom attributes' columns, as the shared grid offers them (`wrap` makes the
/// grid's column of one).
pub(crate) fn extra_columns<C>(
    custom: &[CustomGridColumn],
    wrap: impl Fn(CustomColumn) -> C,
) -> Vec<grid::ExtraColumn<C>> {
    custom
        .iter()
        .map(|c| grid::ExtraColumn {
            column: wrap(c.column),
            label: c.label.clone(),
            filterable: c.filterable,
        })
        .collect()
}

/// The choices of a custom attribute's select filter: Yes and No, or the attribute's
/// options (`custom`: the columns offered).
pub(crate) fn custom_choices(
    list: OptionList,
    locale: Locale,
    custom: &[CustomGridColumn],
) -> Vec<(String, String)> {
    match list {
        OptionList::YesNo => vec![
            (
                "1".to_string(),
                crate::i18n::tr(locale, Key::Yes).to_string(),
            ),
            (
                "0".to_string(),
                crate::i18n::tr(locale, Key::No).to_string(),
            ),
        ],
        OptionList::Attribute(id) => custom
            .iter()
            .find(|c| c.column.attribute_id == id)
            .map(|c| {
                c.options
                    .iter()
                    .map(|(o, label)| (o.to_string(), label.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A custom attribute's cell: its value as shown, a file as a link to it (`custom`: row
/// id → attribute id → text).
pub(crate) fn custom_cell(
    custom: &BTreeMap<i64, BTreeMap<i64, String>>,
    row: i64,
    column: CustomColumn,
) -> AnyView {
    let text = custom
        .get(&row)
        .and_then(|values| values.get(&column.attribute_id))
        .cloned()
        .unwrap_or_default();
    if column.kind == CustomKind::File && !text.is_empty() {
        // The file, opened in a new tab (served to admins with access; see `files`).
        use crate::attributes::model::{file_name, file_url};
        let name = file_name(&text).to_string();
        let title = name.clone();
        return view! {
            <span class="cell" title=title>
                <a href=file_url(&text) target="_blank" rel="noopener noreferrer">{name}</a>
            </span>
        }
        .into_any();
    }
    let title = text.clone();
    view! { <span class="cell" title=title>{text}</span> }.into_any()
}

/// The table's rows, cells (editable in place) and Action cells; `custom` holds the
/// rows' custom attribute values as shown.
fn table_parts(
    grid: Grid,
    rows: Vec<GridRow>,
    now: i64,
    custom: BTreeMap<i64, BTreeMap<i64, String>>,
    options: GridOptions,
) -> TableParts<Column, GridRow> {
    TableParts {
        class: "customers-grid",
        rows,
        id: |r: &GridRow| r.id,
        cell: Arc::new(move |row: &GridRow, column: Column, locale: Locale| {
            if let Column::Custom(c) = column {
                return custom_cell(&custom, row.id, c);
            }
            inline::cell(grid, row, column, &options, locale, now)
        }),
        actions: Some(Arc::new(move |row: &GridRow, locale: Locale| {
            inline::actions(grid, row.id, locale)
        })),
        activate: Some(Arc::new(move |row: &GridRow| {
            actions::open_editor(grid, row)
        })),
        selectable: true,
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
