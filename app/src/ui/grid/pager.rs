//! The pager: "N records found (M selected)", page size (with a custom size) and page
//! number.

use super::state::{clamp_size, GridColumn, PAGE_SIZES};
use super::GridCtx;
use crate::i18n::{format_number, t, tr, use_i18n, Key, Message};
use leptos::prelude::*;

/// "N records found (M selected)", page size and page number, for `total` rows with
/// page `current` shown.
pub fn pager<C: GridColumn>(grid: GridCtx<C>, total: u64, current: u32) -> impl IntoView {
    let i18n = use_i18n();
    let size = grid.state.with_untracked(|q| q.size);
    let pages = move || total.div_ceil(u64::from(size)).max(1);
    let records = move || {
        let m = grid.ticked.with(|s| s.count(total));
        Message::new(Key::RecordsSelected)
            .with("n", total)
            .with("m", m)
            .text(i18n.locale.get())
    };
    let go_page = move |page: u64| grid.update(|q| q.page = page.clamp(1, pages()) as u32);
    let custom = RwSignal::new(!PAGE_SIZES.contains(&size));
    let set_size = move |size: u32| {
        grid.update(|q| {
            q.size = clamp_size(size);
            q.page = 1;
        })
    };
    let size_id = format!("{}-page-size", grid.id);
    view! {
        <div class="grid-pager">
            <p class="records" aria-live="polite">{records}</p>
            <div class="page-size">
                <select
                    id=size_id.clone()
                    prop:value=move || {
                        if custom.get() { "custom".to_string() } else { size.to_string() }
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
                    custom
                        .get()
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
                <label for=size_id>{t(Key::PerPage)}</label>
            </div>
            <div class="page-nav">
                <button
                    type="button"
                    class="button-secondary icon-button"
                    aria-label=t(Key::PreviousPage)
                    disabled={current <= 1}
                    on:click=move |_| go_page(u64::from(current).saturating_sub(1))
                >
                    "‹"
                </button>
                <input
                    type="number"
                    class="page-number"
                    min="1"
                    max=pages().to_string()
                    aria-label=t(Key::PageNumber)
                    prop:value=current.to_string()
                    on:change=move |ev| {
                        if let Ok(page) = event_target_value(&ev).trim().parse::<u64>() {
                            go_page(page);
                        }
                    }
                />
                <span class="page-of">
                    {move || {
                        let locale = i18n.locale.get();
                        tr(locale, Key::PageOf).replace("{n}", &format_number(locale, pages() as i64))
                    }}
                </span>
                <button
                    type="button"
                    class="button-secondary icon-button"
                    aria-label=t(Key::NextPage)
                    disabled={u64::from(current) >= pages()}
                    on:click=move |_| go_page(u64::from(current) + 1)
                >
                    "›"
                </button>
            </div>
        </div>
    }
}
