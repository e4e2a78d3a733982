//! The "Actions" menu of the grid: Delete (confirm), Subscribe to
//! Newsletter, Unsubscribe from Newsletter (confirm), Assign a Customer Group (confirm)
//! and Edit (opens the inline editor on the selected rows of this page).

use super::{Grid, Ticked};
use crate::customers::grid::actions::{customer_mass_action, MassAction};
use crate::customers::grid::model::{GridOptions, GridRow, InlineEdit, Selection};
use crate::error::error_text;
use crate::i18n::{t, Key};
use crate::ui::{confirm, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The selection as the server reads it.
pub fn selection(ticked: &Ticked) -> Selection {
    let ids = ticked.ids.iter().copied().collect();
    if ticked.all {
        Selection::AllMatching { except: ids }
    } else {
        Selection::Ids(ids)
    }
}

fn edit_of(row: &GridRow) -> InlineEdit {
    InlineEdit {
        id: row.id,
        email: row.email.clone(),
        group_id: row.group_id,
        website_id: row.website_id.unwrap_or(0),
        taxvat: row.taxvat.clone().unwrap_or_default(),
        gender: row.gender,
    }
}

/// Open the inline editor on one row.
pub fn open_editor(grid: Grid, row: &GridRow) {
    let edit = edit_of(row);
    grid.editing.update(|e| {
        e.entry(row.id).or_insert(edit);
    });
}

#[component]
pub fn ActionsMenu(total: u64, rows: Vec<GridRow>, options: GridOptions) -> impl IntoView {
    let grid = expect_context::<Grid>();
    let rows = StoredValue::new(rows);
    let choosing_group = RwSignal::new(false);
    let menu = RwSignal::new(String::new());
    let run = move |action: MassAction| {
        let query = grid.query.get_untracked();
        let sel = grid.ticked.with_untracked(selection);
        spawn_local(async move {
            match customer_mass_action(query, sel, action).await {
                Ok(n) => {
                    let key = match action {
                        MassAction::Delete => Key::RecordsDeleted,
                        _ => Key::RecordsUpdated,
                    };
                    let locale = grid.i18n.locale.get_untracked();
                    let text = crate::i18n::Message::new(key).with("n", n).text(locale);
                    grid.toasts.push(ToastKind::Success, text);
                    grid.ticked.set(Ticked::default());
                    grid.reload.update(|v| *v += 1);
                }
                Err(e) => grid.toasts.push(
                    ToastKind::Error,
                    error_text(grid.i18n.locale.get_untracked(), &e),
                ),
            }
        });
    };
    let on_change = move |ev: leptos::ev::Event| {
        let choice = event_target_value(&ev);
        menu.set(choice.clone());
        menu.set(String::new());
        if choice.is_empty() {
            return;
        }
        if grid.ticked.with_untracked(|s| s.count(total)) == 0 {
            grid.toasts
                .push(ToastKind::Error, t(Key::NothingSelected)());
            return;
        }
        match choice.as_str() {
            "delete" if confirm(t(Key::ConfirmDeleteItems)()) => run(MassAction::Delete),
            "subscribe" => run(MassAction::Subscribe),
            "unsubscribe" if confirm(t(Key::ConfirmUnsubscribe)()) => run(MassAction::Unsubscribe),
            "group" => choosing_group.set(true),
            "edit" => {
                let ticked = grid.ticked.get_untracked();
                rows.with_value(|rows| {
                    for row in rows.iter().filter(|r| ticked.contains(r.id)) {
                        open_editor(grid, row);
                    }
                });
            }
            _ => {}
        }
    };
    let groups = options.groups.clone();
    view! {
        <span class="grid-actions">
            <select class="actions-menu" aria-label=t(Key::Actions) prop:value=move || menu.get() on:change=on_change>
                <option value="">{t(Key::Actions)}</option>
                <option value="delete">{t(Key::Delete)}</option>
                <option value="subscribe">{t(Key::SubscribeNewsletter)}</option>
                <option value="unsubscribe">{t(Key::UnsubscribeNewsletter)}</option>
                <option value="group">{t(Key::AssignGroup)}</option>
                <option value="edit">{t(Key::Edit)}</option>
            </select>
            {move || choosing_group.get().then(|| {
                let groups = groups.clone();
                view! {
                    <select class="group-menu" aria-label=t(Key::AssignGroup) on:change=move |ev| {
                        let group: i64 = event_target_value(&ev).parse().unwrap_or(0);
                        choosing_group.set(false);
                        if group > 0 && confirm(t(Key::ConfirmAssignGroup)()) {
                            run(MassAction::AssignGroup(group));
                        }
                    }>
                        <option value="">{t(Key::ChooseGroup)}</option>
                        {groups.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                }
            })}
        </span>
    }
    .into_any()
}
