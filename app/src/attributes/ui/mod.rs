//! Stores → Attributes → Customer / Customer Address: the shared admin grid over the
//! system and custom attributes, with Add New Attribute. Every row opens its editor; a
//! system attribute's is restricted to its labels and sort order.

mod editor;
pub mod fields;

pub use editor::AttributePage as AttributeEditorPage;

use super::api::{attributes_page, search_catch_up};
use super::grid::{AttributeColumn, AttributePage};
use super::model::{AttributeRow, EntityType};
use crate::i18n::{t, tr, use_i18n, Key, Locale, Message};
use crate::ui::grid::state::OptionList;
use crate::ui::grid::{self, GridCtx, TableParts};
use crate::ui::ErrorPanel;
use leptos::prelude::*;
use leptos_meta::Title;
use std::sync::Arc;

/// The customer attributes grid.
#[component]
pub fn CustomerAttributesPage() -> impl IntoView {
    view! { <AttributesGrid entity=EntityType::Customer /> }
}

/// The address attributes grid.
#[component]
pub fn AddressAttributesPage() -> impl IntoView {
    view! { <AttributesGrid entity=EntityType::Address /> }
}

#[component]
fn AttributesGrid(entity: EntityType) -> impl IntoView {
    let (query, go) = grid::use_url_state::<AttributeColumn>("");
    let shared = GridCtx::new(
        "attributes",
        query,
        go,
        Callback::new(|(list, locale): (OptionList, Locale)| match list {
            OptionList::YesNo => vec![
                ("1".into(), tr(locale, Key::Yes).into()),
                ("0".into(), tr(locale, Key::No).into()),
            ],
            _ => Vec::new(),
        }),
    );
    let data = Resource::new(
        move || query.get(),
        move |q| crate::ui::page_data(attributes_page(entity, q)),
    );
    let title = entity.title();
    view! {
        <Title text=crate::i18n::text(title) />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <span>{t(Key::Stores)}</span>
            " / "
            <span>{t(title)}</span>
        </nav>
        <div class="page-head">
            <h1>{t(title)}</h1>
            <a class="button-primary" href=format!("{}/new", entity.path())>{t(Key::AddNewAttribute)}</a>
        </div>
        {(entity == EntityType::Customer).then(|| view! { <SearchCatchUp /> })}
        <Transition fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(loaded) => view! { <GridView shared entity loaded /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// How often a catch-up's progress is read again while it runs.
const CATCH_UP_POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// While keyword search takes in a change to what it reads: how far it is, read again
/// every few seconds until it is done (then nothing shows).
#[component]
fn SearchCatchUp() -> impl IntoView {
    let tick = RwSignal::new(0u32);
    let progress = Resource::new(move || tick.get(), |_| search_catch_up());
    let running = move || progress.get().and_then(Result::ok).flatten();
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                if progress
                    .get_untracked()
                    .and_then(Result::ok)
                    .flatten()
                    .is_some()
                {
                    tick.update(|n| *n = n.wrapping_add(1));
                }
            },
            CATCH_UP_POLL,
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    });
    let locale = use_i18n().locale;
    view! {
        <Transition fallback=|| ()>
            {move || running().map(|percent| view! {
                <div class="catch-up" role="status">
                    <progress max="100" value=percent.to_string()></progress>
                    <span>{move || Message::new(Key::SearchCatchingUp).with("percent", u32::from(percent)).text(locale.get())}</span>
                </div>
            })}
        </Transition>
    }
}

#[component]
fn GridView(
    shared: GridCtx<AttributeColumn>,
    entity: EntityType,
    loaded: AttributePage,
) -> impl IntoView {
    view! {
        <div class="data-grid attributes-grid-wrap">
            {grid::grid_toolbar(shared, ().into_any())}
            {grid::chips(shared)}
            <div class="grid-actions-row">
                <span></span>
                {grid::pager(shared, loaded.total, loaded.page)}
            </div>
            {grid::grid_table(shared, table_parts(entity, loaded.rows))}
        </div>
    }
}

/// Where a row's editor is: a custom attribute's by id, a system one's by code.
fn editor_path(entity: EntityType, row: &AttributeRow) -> String {
    match row.id {
        Some(id) => format!("{}/{id}/edit", entity.path()),
        None => format!("{}/system/{}", entity.path(), row.code),
    }
}

/// A system row's id in the table (they have none of their own): below every saved id.
fn row_id(row: &AttributeRow) -> i64 {
    row.id.unwrap_or(-row.sort_order - 1)
}

fn table_parts(
    entity: EntityType,
    rows: Vec<AttributeRow>,
) -> TableParts<AttributeColumn, AttributeRow> {
    let navigate = leptos_router::hooks::use_navigate();
    TableParts {
        class: "attributes-grid",
        rows,
        id: row_id,
        cell: Arc::new(
            |r: &AttributeRow, column: AttributeColumn, locale: Locale| {
                let yes_no = |b: bool| tr(locale, if b { Key::Yes } else { Key::No }).to_string();
                let text = match column {
                    AttributeColumn::Code => r.code.clone(),
                    AttributeColumn::Label => r.label.clone(),
                    AttributeColumn::Input => r
                        .input
                        .map(|i| tr(locale, i.label()).to_string())
                        .unwrap_or_default(),
                    AttributeColumn::Required => yes_no(r.required),
                    AttributeColumn::System => yes_no(r.system),
                    AttributeColumn::Visible => yes_no(r.visible),
                    AttributeColumn::SortOrder => r.sort_order.to_string(),
                };
                let title = text.clone();
                view! { <span class="cell" title=title>{text}</span> }.into_any()
            },
        ),
        actions: Some(Arc::new(move |r: &AttributeRow, locale: Locale| {
            let label = format!("{} ({})", tr(locale, Key::Edit), r.code);
            view! {
                <a class="row-link" href=editor_path(entity, r) aria-label=label>
                    {tr(locale, Key::Edit)}
                </a>
            }
            .into_any()
        })),
        activate: Some(Arc::new(move |r: &AttributeRow| {
            navigate(&editor_path(entity, r), Default::default());
        })),
        selectable: false,
    }
}
