//! Stores → Configuration: the effective customer configuration (read-only in this
//! release; the editor comes with the configuration issue).

use super::api::config_overview;
use crate::i18n::{t, Key};
use crate::ui::ErrorPanel;
use leptos::prelude::*;
use leptos_meta::Title;

/// Every option grouped as in the admin, with its effective value and where it comes from.
#[component]
pub fn ConfigPage() -> impl IntoView {
    let entries = Resource::new(|| (), |_| config_overview());
    view! {
        <Title text=move || t(Key::ConfigTitle)().to_string() />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <span>{t(Key::Stores)}</span>
            " / "
            <span>{t(Key::Configuration)}</span>
        </nav>
        <h1>{t(Key::ConfigTitle)}</h1>
        <p>{t(Key::ConfigIntro)}</p>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(rows) => {
                        view! {
                            <table class="grid config-grid">
                                <thead>
                                    <tr>
                                        <th scope="col">{t(Key::Setting)}</th>
                                        <th scope="col">{t(Key::Path)}</th>
                                        <th scope="col">{t(Key::Scope)}</th>
                                        <th scope="col">{t(Key::Value)}</th>
                                        <th scope="col">{t(Key::Source)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|e| {
                                            let source = if e.is_default {
                                                t(Key::BuiltInDefault)
                                            } else {
                                                t(Key::StoredDefault)
                                            };
                                            view! {
                                                <tr>
                                                    <td>
                                                        <span class="config-group">{e.group}</span>
                                                        " › "
                                                        {e.label}
                                                    </td>
                                                    <td>
                                                        <code>{e.path}</code>
                                                    </td>
                                                    <td>{e.scope}</td>
                                                    <td class="config-value">{e.value}</td>
                                                    <td>{source}</td>
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
