//! The views menu: "Default View", the admin's saved views of this grid (open, rename,
//! delete) and "Save View As…" for the grid as it is now.

use super::state::{GridColumn, GridState};
use super::GridCtx;
use crate::error::{error_text, AppError};
use crate::i18n::{t, use_i18n, Key};
use crate::saved_views::{
    check_name, delete_grid_view, grid_views, rename_grid_view, save_grid_view, GridView,
};
use crate::ui::dialog::use_confirm;
use crate::ui::{use_toasts, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The state a view compares with: the page number is not part of a view.
fn current_state<C: GridColumn>(q: &GridState<C>) -> String {
    GridState {
        page: 1,
        ..q.clone()
    }
    .to_query_string()
}

pub fn views_menu<C: GridColumn>(grid: GridCtx<C>) -> impl IntoView {
    let toasts = use_toasts();
    let i18n = use_i18n();
    let confirm = use_confirm();
    let open = RwSignal::new(false);
    let version = RwSignal::new(0u32);
    let views = LocalResource::new(move || {
        version.get();
        grid_views(C::NAMESPACE.to_string())
    });
    // A local resource is never loaded on the server: reading it there would leave the
    // admin frame's suspense waiting, and the server would send its "Loading…" instead
    // of the page. Until the page is live the views are simply not known yet.
    let hydrated = crate::ui::use_hydrated();
    let loaded = move || {
        hydrated
            .get()
            .then(|| views.get().and_then(|r| r.ok()))
            .flatten()
            .unwrap_or_default()
    };
    let current_name = move || {
        let state = grid.state.with(current_state);
        loaded()
            .into_iter()
            .find(|v| v.state == state)
            .map(|v| v.name)
            .unwrap_or_else(|| t(Key::DefaultView)().to_string())
    };
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let renaming = RwSignal::new(None::<(i64, String)>);
    let report = move |result: Result<(), AppError>, done: Key| match result {
        Ok(()) => {
            toasts.push(ToastKind::Success, t(done)());
            error.set(None);
            version.update(|v| *v += 1);
        }
        Err(AppError::Validation { fields }) => {
            let locale = i18n.locale.get_untracked();
            error.set(fields.into_values().next().map(|m| m.text(locale)));
        }
        Err(e) => error.set(Some(error_text(i18n.locale.get_untracked(), &e))),
    };
    let save_as = move || {
        let wanted = name.get_untracked();
        if let Err(message) = check_name(&wanted) {
            error.set(Some(message.text(i18n.locale.get_untracked())));
            return;
        }
        let state = grid.state.with_untracked(current_state);
        spawn_local(async move {
            let result = save_grid_view(C::NAMESPACE.to_string(), wanted, state)
                .await
                .map(|_| ());
            if result.is_ok() {
                name.set(String::new());
            }
            report(result, Key::ViewSaved);
        });
    };
    let open_view = move |state: &str| {
        open.set(false);
        grid.go.run(GridState::from_query_string(state));
    };
    let name_id = format!("{}-view-name", grid.id);
    view! {
        <div
            class="views-menu"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                class="button-secondary menu-button"
                aria-expanded=move || open.get().to_string()
                aria-label=move || format!("{}: {}", t(Key::Views)(), current_name())
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {current_name}
                <span class="menu-caret" aria-hidden="true"></span>
            </button>
            {move || {
                let name_id = name_id.clone();
                open.get().then(|| view! {
                    <div class="menu-panel views-panel">
                        <ul>
                            <li>
                                <button type="button" class="link" on:click=move |_| {
                                    open.set(false);
                                    grid.go.run(GridState::default());
                                }>{t(Key::DefaultView)}</button>
                            </li>
                            {loaded().into_iter().map(|v: GridView| {
                                let GridView { id, name: view_name, state } = v;
                                let editing = move || renaming.get().filter(|(rid, _)| *rid == id);
                                let shown = view_name.clone();
                                view! {
                                    <li data-view=view_name.clone()>
                                        {move || match editing() {
                                            Some((_, text)) => view! {
                                                <input type="text" aria-label=t(Key::ViewName) prop:value=text
                                                    on:input=move |ev| renaming.set(Some((id, event_target_value(&ev)))) />
                                                <button type="button" class="link" on:click=move |_| {
                                                    let new_name = renaming.get_untracked().map(|(_, n)| n).unwrap_or_default();
                                                    renaming.set(None);
                                                    spawn_local(async move { report(rename_grid_view(C::NAMESPACE.to_string(), id, new_name).await, Key::ViewSaved) });
                                                }>{t(Key::Save)}</button>
                                            }.into_any(),
                                            None => {
                                                let state = state.clone();
                                                let label = shown.clone();
                                                let for_rename = shown.clone();
                                                let question = shown.clone();
                                                view! {
                                                    <button type="button" class="link" on:click=move |_| open_view(&state)>{label}</button>
                                                    <button type="button" class="link" aria-label=format!("{} {}", t(Key::Rename)(), shown)
                                                        on:click=move |_| renaming.set(Some((id, for_rename.clone())))>{t(Key::Rename)}</button>
                                                    <button type="button" class="link danger" aria-label=format!("{} {}", t(Key::Delete)(), shown)
                                                        on:click=move |_| {
                                                            let text = format!("{} ({})", t(Key::ConfirmDeleteView)(), question);
                                                            confirm.ask_danger(text, Key::Delete, move || {
                                                                spawn_local(async move { report(delete_grid_view(C::NAMESPACE.to_string(), id).await, Key::ViewDeleted) });
                                                            });
                                                        }>{t(Key::Delete)}</button>
                                                }.into_any()
                                            }
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <form class="save-view" on:submit=move |ev| { ev.prevent_default(); save_as(); }>
                            <label for=name_id.clone()>{t(Key::SaveViewAs)}</label>
                            <input id=name_id type="text" maxlength="64" prop:value=move || name.get()
                                on:input=move |ev| name.set(event_target_value(&ev)) />
                            <button type="submit" class="button-secondary">{t(Key::Save)}</button>
                            <p class="field-error" role="alert">{move || error.get()}</p>
                        </form>
                    </div>
                })
            }}
        </div>
    }
}
