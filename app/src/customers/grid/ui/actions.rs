//! The "Actions" menu of the grid: Delete (confirm), Subscribe to Newsletter,
//! Unsubscribe from Newsletter (confirm), Assign a Customer Group (a submenu of groups,
//! then confirm) and Edit (opens the inline editor on the selected rows of this page).

use super::{Grid, Ticked};
use crate::customers::grid::actions::{customer_mass_action, MassAction};
use crate::customers::grid::model::{GridOptions, GridRow, InlineEdit, Selection};
use crate::error::error_text;
use crate::i18n::{t, Key};
use crate::ui::dialog::use_confirm;
use crate::ui::menu::{Menu, MenuItem};
use crate::ui::ToastKind;
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
    let confirm = use_confirm();
    let rows = StoredValue::new(rows);
    let groups_open = RwSignal::new(false);
    let run = move |action: MassAction| {
        let query = grid.shared.state.get_untracked();
        let sel = grid.shared.ticked.with_untracked(selection);
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
                    grid.shared.ticked.set(Ticked::default());
                    grid.reload.update(|v| *v += 1);
                }
                Err(e) => grid.toasts.push(
                    ToastKind::Error,
                    error_text(grid.i18n.locale.get_untracked(), &e),
                ),
            }
        });
    };
    // Every action needs a selection first.
    let selected = move || {
        let any = grid.shared.ticked.with_untracked(|s| s.count(total)) > 0;
        if !any {
            grid.toasts
                .push(ToastKind::Error, t(Key::NothingSelected)());
        }
        any
    };
    let items = Signal::derive(move || {
        vec![
            MenuItem::new("delete", Key::Delete, move || {
                if selected() {
                    confirm.ask_danger(t(Key::ConfirmDeleteItems)(), Key::Delete, move || {
                        run(MassAction::Delete)
                    });
                }
            })
            .danger(),
            MenuItem::new("subscribe", Key::SubscribeNewsletter, move || {
                if selected() {
                    run(MassAction::Subscribe)
                }
            }),
            MenuItem::new("unsubscribe", Key::UnsubscribeNewsletter, move || {
                if selected() {
                    confirm.ask(t(Key::ConfirmUnsubscribe)(), move || {
                        run(MassAction::Unsubscribe)
                    });
                }
            }),
            MenuItem::new("group", Key::AssignGroup, move || {
                if selected() {
                    groups_open.set(true);
                }
            }),
            MenuItem::new("edit", Key::Edit, move || {
                if selected() {
                    let ticked = grid.shared.ticked.get_untracked();
                    rows.with_value(|rows| {
                        for row in rows.iter().filter(|r| ticked.contains(r.id)) {
                            open_editor(grid, row);
                        }
                    });
                }
            }),
        ]
    });
    let groups = options.groups.clone();
    let group_items = Signal::derive(move || {
        groups
            .iter()
            .filter(|(id, _)| *id > 0)
            .map(|(id, name)| {
                let (id, name) = (*id, name.clone());
                MenuItem {
                    label: Signal::derive({
                        let name = name.clone();
                        move || name.clone()
                    }),
                    run: std::sync::Arc::new(move || {
                        let text = format!("{} ({})", t(Key::ConfirmAssignGroup)(), name);
                        confirm.ask(text, move || run(MassAction::AssignGroup(id)));
                    }),
                    danger: false,
                    name: "group-choice",
                }
            })
            .collect::<Vec<_>>()
    });
    view! {
        <span class="grid-actions">
            <Menu class="actions-menu" label=Signal::derive(move || t(Key::Actions)().to_string()) items />
            {move || groups_open.get().then(|| view! {
                <Menu
                    class="group-menu"
                    label=Signal::derive(move || t(Key::ChooseGroup)().to_string())
                    items=group_items
                    open=groups_open
                />
            })}
        </span>
    }
    .into_any()
}
