//! Customers → Customer Groups (read-only list in this release).

use super::api::list_customer_groups;
use crate::i18n::{t, Key};
use crate::ui::ErrorPanel;
use leptos::prelude::*;
use leptos_meta::Title;

/// The Customer Groups grid.
#[component]
pub fn CustomerGroupsPage() -> impl IntoView {
    let groups = Resource::new(|| (), |_| crate::ui::page_data(list_customer_groups()));
    view! {
        <Title text=move || t(Key::CustomerGroups)().to_string() />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <span>{t(Key::Customers)}</span>
            " / "
            <span>{t(Key::CustomerGroups)}</span>
        </nav>
        <h1>{t(Key::CustomerGroups)}</h1>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match groups.await {
                    Ok(rows) => {
                        let count = rows.len();
                        view! {
                            <p class="records">{crate::i18n::format_number(crate::i18n::use_i18n().locale.get_untracked(), count as i64)} " " {t(Key::RecordsFound)}</p>
                            <table class="table">
                                <thead>
                                    <tr>
                                        <th scope="col">{t(Key::Id)}</th>
                                        <th scope="col">{t(Key::Group)}</th>
                                        <th scope="col">{t(Key::TaxClass)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|g| {
                                            view! {
                                                <tr>
                                                    <td>{g.id}</td>
                                                    <td>{g.code}</td>
                                                    <td>{g.tax_class}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
