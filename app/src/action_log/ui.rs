//! System → Action Log in the browser, and the same grid restricted to one customer on
//! the customer page's History tab: each entry's changed fields shown as
//! "field: before → after", with group and website ids by name.

use super::api::action_log_page;
use super::model::{Action, ActionColumn, ActionPage, ActionQuery, ActionRow, Entity};
use crate::i18n::{t, tr, Key, Locale};
use crate::ui::grid::state::OptionList;
use crate::ui::grid::{self, GridCtx, TableParts};
use crate::ui::ErrorPanel;
use leptos::prelude::*;
use leptos_meta::Title;
use std::sync::Arc;

fn table_parts(mut page: ActionPage) -> TableParts<ActionColumn, ActionRow> {
    // The rows go to the table; the rest of the page names what their ids stand for.
    let rows = std::mem::take(&mut page.rows);
    let names = Arc::new(page);
    TableParts {
        class: "action-log-grid",
        rows,
        id: |r: &ActionRow| r.id,
        cell: Arc::new(move |r: &ActionRow, column: ActionColumn, locale: Locale| {
            if column == ActionColumn::Changes {
                return changes_view(&names, r, locale);
            }
            let text = names.cell(r, column, locale);
            let title = text.clone();
            view! { <span class="cell" title=title>{text}</span> }.into_any()
        }),
        actions: None,
        activate: None,
        selectable: false,
    }
}

/// The changed fields, one per line: the label, the value before (struck through) and
/// after; a value set from nothing shows only the new one, a value removed only the old.
fn changes_view(names: &ActionPage, r: &ActionRow, locale: Locale) -> AnyView {
    let lines = r
        .changes
        .iter()
        .map(|c| {
            let (label, before, after) = names.change_parts(r.entity, c, locale);
            let arrow = !before.is_empty() && !after.is_empty();
            view! {
                <li>
                    <span class="change-field">{label}</span>": "
                    {(!before.is_empty()).then(|| view! { <del class="change-before">{before}</del> })}
                    {arrow.then_some(" → ")}
                    {(!after.is_empty()).then(|| view! { <ins class="change-after">{after}</ins> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="change-list">{lines}</ul> }.into_any()
}

/// The log grid over the URL state under `prefix`, only customer `customer`'s entries
/// when given.
#[component]
pub fn ActionLogGrid(prefix: &'static str, customer: Option<i64>) -> impl IntoView {
    let (query, go) = grid::use_url_state::<ActionColumn>(prefix);
    let shared = GridCtx::new(
        if customer.is_some() {
            "action-log-customer"
        } else {
            "action-log"
        },
        query,
        go,
        Callback::new(|(list, locale): (OptionList, Locale)| match list {
            OptionList::LogEntities => Entity::ALL
                .iter()
                .map(|e| (e.id().to_string(), tr(locale, e.label()).to_string()))
                .collect(),
            OptionList::LogActions => Action::ALL
                .iter()
                .map(|a| (a.id().to_string(), tr(locale, a.label()).to_string()))
                .collect(),
            _ => Vec::new(),
        }),
    );
    let data = Resource::new(
        move || query.get(),
        move |q: ActionQuery| action_log_page(q, customer),
    );
    let export_href = move || {
        let q = ActionQuery {
            page: 1,
            ..query.get()
        };
        format!("/admin/action-log/export?{}", q.to_query_string())
    };
    let export = customer.is_none().then(|| {
        view! {
            <a class="button-secondary" href=export_href download="action-log.csv">
                {t(Key::ExportCsv)}
            </a>
        }
    });
    let hydrated = crate::ui::use_hydrated();
    view! {
        <section class="data-grid action-log-wrap" aria-label=t(Key::ActionLog)>
            {grid::grid_toolbar(shared, export.into_any())}
            {grid::chips(shared)}
            {move || hydrated.get().then(|| view! {
                <Transition fallback=|| view! { <p>{t(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(loaded) => {
                                let (total, page) = (loaded.total, loaded.page);
                                view! {
                                    <div class="grid-actions-row">
                                        <span></span>
                                        {grid::pager(shared, total, page)}
                                    </div>
                                    {grid::grid_table(shared, table_parts(loaded))}
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        }
                    })}
                </Transition>
            })}
        </section>
    }
    .into_any()
}

/// System → Action Log.
#[component]
pub fn ActionLogPage() -> impl IntoView {
    view! {
        <Title text=crate::i18n::text(Key::ActionLog) />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <span>{t(Key::System)}</span>
            " / "
            <span>{t(Key::ActionLog)}</span>
        </nav>
        <div class="page-head">
            <h1>{t(Key::ActionLog)}</h1>
        </div>
        <ActionLogGrid prefix="" customer=None />
    }
}
