//! The pager: "N records found (M selected)", page size (with a custom size) and page
//! number.

use super::Grid;
use crate::customers::grid::model::{clamp_size, PAGE_SIZES};
use crate::i18n::{t, tr, use_i18n, Key};
use leptos::prelude::*;

/// "N records found (M selected)", page size and page number.
#[component]
pub fn Pager(total: u64, current: u32) -> impl IntoView {
    let grid = expect_context::<Grid>();
    let i18n = use_i18n();
    let size = grid.query.with_untracked(|q| q.size);
    let pages = move || total.div_ceil(u64::from(size)).max(1);
    let current = move || current;
    let total = move || total;
    let records = move || {
        let n = total();
        let m = grid.ticked.with(|s| s.count(n));
        crate::i18n::Message::new(Key::RecordsSelected)
            .with("n", n)
            .with("m", m)
            .text(i18n.locale.get())
    };
    let go_page = move |page: u64| {
        let mut q = grid.query.get_untracked();
        q.page = page.clamp(1, pages()) as u32;
        grid.go.run(q);
    };
    let custom = RwSignal::new(false);
    let set_size = move |size: u32| {
        let mut q = grid.query.get_untracked();
        q.size = clamp_size(size);
        q.page = 1;
        grid.go.run(q);
    };
    view! {
        <div class="grid-pager">
            <p class="records" aria-live="polite">{records}</p>
            <label class="page-size">
                <select
                    aria-label=t(Key::PerPage)
                    prop:value=move || {
                        let size = grid.query.get().size;
                        if custom.get() || !PAGE_SIZES.contains(&size) {
                            "custom".to_string()
                        } else {
                            size.to_string()
                        }
                    }
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if v == "custom" {
                            custom.set(true);
                        } else if let Ok(size) = v.parse() {
                            custom.set(false);
                            set_size(size);
                        }
                    }
                >
                    {PAGE_SIZES
                        .into_iter()
                        .map(|s| view! { <option value=s.to_string()>{s}</option> })
                        .collect_view()}
                    <option value="custom">{t(Key::Custom)}</option>
                </select>
                {move || {
                    let size = grid.query.get().size;
                    (custom.get() || !PAGE_SIZES.contains(&size))
                        .then(|| {
                            view! {
                                <input
                                    type="number"
                                    class="custom-size"
                                    min="1"
                                    max="999"
                                    aria-label=t(Key::Custom)
                                    prop:value=size.to_string()
                                    on:change=move |ev| {
                                        if let Ok(size) = event_target_value(&ev).trim().parse::<u32>() {
                                            set_size(size);
                                        }
                                    }
                                />
                            }
                        })
                }}
                " "
                {t(Key::PerPage)}
            </label>
            <div class="page-nav">
                <button
                    type="button"
                    class="button-secondary"
                    aria-label=t(Key::PreviousPage)
                    disabled=move || current() <= 1
                    on:click=move |_| go_page(u64::from(current()).saturating_sub(1))
                >
                    "‹"
                </button>
                <input
                    type="number"
                    class="page-number"
                    min="1"
                    aria-label=t(Key::PageNumber)
                    prop:value=move || current().to_string()
                    on:change=move |ev| {
                        if let Ok(page) = event_target_value(&ev).trim().parse::<u64>() {
                            go_page(page);
                        }
                    }
                />
                <span class="page-of">
                    {move || tr(i18n.locale.get(), Key::PageOf).replace("{n}", &pages().to_string())}
                </span>
                <button
                    type="button"
                    class="button-secondary"
                    aria-label=t(Key::NextPage)
                    disabled=move || { u64::from(current()) >= pages() }
                    on:click=move |_| go_page(u64::from(current()) + 1)
                >
                    "›"
                </button>
            </div>
        </div>
    }
}
