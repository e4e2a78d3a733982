//! The demo-only Outbox page: the emails the outbox transport holds, newest first,
//! with their links clickable.

use super::api::load_outbox;
use crate::dates::date_time;
use crate::i18n::{t, use_i18n, Key};
use crate::ui::ErrorPanel;
use leptos::prelude::*;
use leptos_meta::Title;

/// One body line; a line that is a link becomes clickable.
fn body_line(line: String) -> impl IntoView {
    if line.starts_with("http://") || line.starts_with("https://") {
        let href = line.clone();
        view! { <a href=href>{line}</a> <br /> }.into_any()
    } else {
        view! { {line} <br /> }.into_any()
    }
}

/// Admin → Outbox.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let outbox = Resource::new(|| (), |_| crate::ui::page_data(load_outbox()));
    view! {
        <Title text=crate::i18n::text(Key::Outbox) />
        <h1>{t(Key::Outbox)}</h1>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match outbox.await {
                    Ok(outbox) => {
                        view! {
                            <p class="hint">
                                {if outbox.active { t(Key::OutboxActive) } else { t(Key::OutboxInactive) }}
                            </p>
                            <ol class="outbox">
                                {outbox
                                    .messages
                                    .into_iter()
                                    .map(|m| {
                                        let lines = m.body.lines().map(str::to_string).collect::<Vec<_>>();
                                        view! {
                                            <li class="outbox-message" data-template=m.template.clone()>
                                                <h2>{m.subject}</h2>
                                                <p class="meta">
                                                    {(!m.from_email.is_empty()).then(|| view! {
                                                        {t(Key::MailFrom)} ": " {m.from_name.clone()} " <" <span class="from">{m.from_email.clone()}</span> "> · "
                                                    })}
                                                    {t(Key::MailTo)} ": " {m.to_name} " <" <span class="to">{m.to_email}</span> "> · "
                                                    {date_time(use_i18n().locale.get_untracked(), m.created_at)}
                                                </p>
                                                <p class="body">{lines.into_iter().map(body_line).collect_view()}</p>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
