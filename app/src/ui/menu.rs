//! A menu button (WAI-ARIA menu button pattern): a button that opens a list of
//! actions. Enter, Space or ArrowDown open it on its first item; ArrowUp/ArrowDown,
//! Home/End move between items; Escape closes it and focus goes back to the button;
//! leaving it with Tab or clicking elsewhere closes it.

use crate::i18n::{tr, use_i18n, Key};
use leptos::prelude::*;
use std::sync::Arc;

/// One entry of a menu.
#[derive(Clone)]
pub struct MenuItem {
    pub label: Signal<String>,
    /// What choosing it does: a plain closure, as the list that shows it goes away
    /// when it is chosen.
    pub run: Arc<dyn Fn() + Send + Sync>,
    /// Shown in red (deleting).
    pub danger: bool,
    /// A stable name for tests and styling (`data-item`).
    pub name: &'static str,
}

impl MenuItem {
    /// An item labelled by an i18n key.
    pub fn new(name: &'static str, label: Key, run: impl Fn() + Send + Sync + 'static) -> Self {
        let i18n = use_i18n();
        MenuItem {
            label: Signal::derive(move || tr(i18n.locale.get(), label).to_string()),
            run: Arc::new(run),
            danger: false,
            name,
        }
    }

    /// The same item shown as dangerous.
    pub fn danger(self) -> Self {
        MenuItem {
            danger: true,
            ..self
        }
    }
}

/// Focus item `index` of the open menu under `list` (wrapping around).
fn focus_item(list: NodeRef<leptos::html::Ul>, index: i32) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(list) = list.get() else { return };
        let Ok(items) = list.query_selector_all("[role=menuitem]") else {
            return;
        };
        let n = items.length() as i32;
        if n == 0 {
            return;
        }
        let i = index.rem_euclid(n) as u32;
        if let Some(el) = items
            .item(i)
            .and_then(|n| n.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (list, index);
}

/// The index of the focused item of `list`, if one has focus.
fn focused_index(list: NodeRef<leptos::html::Ul>) -> Option<i32> {
    #[cfg(feature = "hydrate")]
    {
        let list = list.get()?;
        let active = document().active_element()?;
        let items = list.query_selector_all("[role=menuitem]").ok()?;
        (0..items.length())
            .find(|&i| {
                items
                    .item(i)
                    .is_some_and(|n| n.is_same_node(Some(active.as_ref())))
            })
            .map(|i| i as i32)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = list;
        None
    }
}

/// A button labelled `label` that opens `items`.
#[component]
pub fn Menu(
    #[prop(into)] label: Signal<String>,
    /// The entries; read when the menu opens.
    #[prop(into)]
    items: Signal<Vec<MenuItem>>,
    /// Extra class of the wrapper (`menu <class>`).
    #[prop(optional)]
    class: &'static str,
    /// The accessible name when it differs from the visible label.
    #[prop(optional, into)]
    aria_label: Option<Signal<String>>,
    /// Whether the list is open, when the page opens it itself (a submenu).
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
) -> impl IntoView {
    let open = open.unwrap_or_else(|| RwSignal::new(false));
    let list = NodeRef::<leptos::html::Ul>::new();
    let button = NodeRef::<leptos::html::Button>::new();
    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    // Open on the first (or last) item once the list is in the page.
    let first = RwSignal::new(0i32);
    Effect::new(move || {
        if open.get() && list.get().is_some() {
            focus_item(list, first.get_untracked());
        }
    });
    let on_button_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "Enter" | " " => {
            ev.prevent_default();
            first.set(0);
            open.set(true);
        }
        "ArrowUp" => {
            ev.prevent_default();
            first.set(-1);
            open.set(true);
        }
        _ => {}
    };
    let on_list_key = move |ev: leptos::ev::KeyboardEvent| {
        let at = focused_index(list).unwrap_or(0);
        match ev.key().as_str() {
            "ArrowDown" => focus_item(list, at + 1),
            "ArrowUp" => focus_item(list, at - 1),
            "Home" => focus_item(list, 0),
            "End" => focus_item(list, -1),
            "Escape" => close(true),
            "Tab" => {
                close(false);
                return;
            }
            _ => return,
        }
        ev.prevent_default();
    };
    // Focus leaving the whole menu (a click elsewhere, Shift+Tab) closes it.
    let wrapper = NodeRef::<leptos::html::Div>::new();
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let inside = ev
                .related_target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Node>().ok())
                .zip(wrapper.get_untracked())
                .is_some_and(|(t, w)| w.contains(Some(&t)));
            if !inside {
                open.set(false);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let name = move || aria_label.map(|l| l.get());
    view! {
        <div class=format!("menu {class}") node_ref=wrapper on:focusout=on_focus_out>
            <button
                type="button"
                class="button-secondary menu-button"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-label=name
                node_ref=button
                on:click=move |_| open.update(|o| *o = !*o)
                on:keydown=on_button_key
            >
                {move || label.get()}
                <span class="menu-caret" aria-hidden="true"></span>
            </button>
            {move || {
                open.get()
                    .then(|| {
                        let entries = items.get();
                        view! {
                            <ul class="menu-list" role="menu" node_ref=list on:keydown=on_list_key>
                                {entries
                                    .into_iter()
                                    .map(|item| {
                                        let run = item.run.clone();
                                        view! {
                                            <li role="none">
                                                <button
                                                    type="button"
                                                    role="menuitem"
                                                    tabindex="-1"
                                                    class:danger=item.danger
                                                    data-item=item.name
                                                    on:click=move |_| {
                                                        close(true);
                                                        run();
                                                    }
                                                >
                                                    {move || item.label.get()}
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
        </div>
    }
}
