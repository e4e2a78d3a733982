//! Row selection: which rows are ticked, and the selection menu in the header (Select
//! All matching rows, Deselect All, Select Visible, Deselect Visible).

use super::state::GridColumn;
use super::GridCtx;
use crate::i18n::{t, Key};
use crate::ui::menu::{Menu, MenuItem};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// Which rows are ticked. With `all`, every matching row except `ids`; otherwise `ids`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ticked {
    pub all: bool,
    pub ids: BTreeSet<i64>,
}

impl Ticked {
    pub fn contains(&self, id: i64) -> bool {
        self.all != self.ids.contains(&id)
    }

    pub fn count(&self, total: u64) -> u64 {
        if self.all {
            total.saturating_sub(self.ids.len() as u64)
        } else {
            self.ids.len() as u64
        }
    }

    pub fn toggle(&mut self, id: i64) {
        if !self.ids.remove(&id) {
            self.ids.insert(id);
        }
    }

    /// Tick (or untick) every id of `visible`.
    pub fn set_all(&mut self, visible: &[i64], on: bool) {
        for &id in visible {
            if self.contains(id) != on {
                self.toggle(id);
            }
        }
    }

    /// The ticked ids among `visible` (for actions that work on rows of this page).
    pub fn among(&self, visible: &[i64]) -> Vec<i64> {
        visible
            .iter()
            .copied()
            .filter(|&id| self.contains(id))
            .collect()
    }
}

/// The header's selection control: a box that ticks or unticks the visible rows, and a
/// menu with the four choices.
pub fn selection_menu<C: GridColumn>(grid: GridCtx<C>, visible: Vec<i64>) -> impl IntoView {
    let visible = StoredValue::new(visible);
    let all_visible = move || {
        visible.with_value(|v| {
            !v.is_empty() && grid.ticked.with(|s| v.iter().all(|&id| s.contains(id)))
        })
    };
    let items = Signal::derive(move || {
        vec![
            MenuItem::new("all", Key::SelectAll, move || {
                grid.ticked.set(Ticked {
                    all: true,
                    ids: BTreeSet::new(),
                })
            }),
            MenuItem::new("none", Key::DeselectAll, move || {
                grid.ticked.set(Ticked::default())
            }),
            MenuItem::new("visible", Key::SelectVisible, move || {
                grid.ticked
                    .update(|s| visible.with_value(|v| s.set_all(v, true)))
            }),
            MenuItem::new("invisible", Key::DeselectVisible, move || {
                grid.ticked
                    .update(|s| visible.with_value(|v| s.set_all(v, false)))
            }),
        ]
    });
    view! {
        <span class="selection-control">
            <input
                type="checkbox"
                aria-label=t(Key::SelectVisible)
                prop:checked=all_visible
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    grid.ticked.update(|s| visible.with_value(|v| s.set_all(v, on)));
                }
            />
            <Menu
                class="selection-menu"
                label=Signal::derive(String::new)
                aria_label=Signal::derive(move || t(Key::Options)().to_string())
                items
            />
        </span>
    }
}
