//! Stores → Configuration: the effective customer configuration (read-only in this
//! release; the editor comes with the configuration issue).

use super::api::{config_overview, ConfigEntry};
use crate::i18n::{t, Key};
use crate::ui::ErrorPanel;
use leptos::prelude::*;
use leptos_meta::Title;

/// Every option grouped as in the admin, with its effective value and where it comes from.
#[component]
pub fn ConfigPage() -> impl IntoView {
    let entries = Resource::new(|| (), |_| crate::ui::page_data(config_overview()));
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
                        // One table per admin group, in registry order.
                        let mut groups: Vec<(Key, Vec<ConfigEntry>)> = Vec::new();
                        for entry in rows {
                            match groups.last_mut() {
                                Some((name, items)) if *name == entry.group => items.push(entry),
                                _ => groups.push((entry.group, vec![entry])),
                            }
                        }
                        groups
                            .into_iter()
                            .map(|(group, items)| view! { <ConfigGroup group items /> })
                            .collect_view()
                            .into_any()
                    }
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One group of options ("Password Options", …) as a table.
#[component]
fn ConfigGroup(group: Key, items: Vec<ConfigEntry>) -> impl IntoView {
    view! {
        <section class="panel config-section">
            <h2>{t(group)}</h2>
            <div class="grid-wrap">
                <table class="table config-grid">
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
                        {items
                            .into_iter()
                            .map(|e| {
                                let source = if e.is_default {
                                    t(Key::BuiltInDefault)
                                } else {
                                    t(Key::StoredDefault)
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{t(e.label)}</th>
                                        <td>
                                            <code>{e.path}</code>
                                        </td>
                                        <td>{e.scope}</td>
                                        <td>
                                            <pre class="config-value" tabindex="0">{e.value}</pre>
                                        </td>
                                        <td>{source}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
