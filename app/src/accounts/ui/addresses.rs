//! The Address Book: `/customer/address`, `/customer/address/new` and
//! `/customer/address/edit/<id>`. Both load in the browser, from the server or (offline)
//! the device copy; changes made offline wait in the queue and show as pending.

use super::offline::{
    book_name, live_or_saved, overlay, saved, use_offline, Change, Loaded, OfflineBanner, Shown,
};
use super::{device_owner, first_message, label, load_failed, ready_to_send, AccountArea, Message};
use crate::accounts::api::{address_book_page, address_to_edit, delete_address, save_address};
use crate::accounts::model::{AddressBook, AddressForm};
use crate::customers::address::ui::AddressFields;
use crate::error::AppError;
use crate::forms::FieldErrors;
use crate::i18n::Key;
use crate::ui::{use_hydrated, use_toasts, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

const P: &str = "address";

/// How many saved pages of the book an address is looked for in while offline.
const SAVED_PAGES_SEARCHED: u32 = 50;

/// Default Addresses, Additional Address Entries (paged) and Add New Address.
#[component]
pub fn AddressBookPage() -> impl IntoView {
    let owner = device_owner();
    let queue = use_offline();
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query
            .with(|q| q.get("p").and_then(|p| p.parse::<u32>().ok()))
            .unwrap_or(1)
            .max(1)
    });
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        queue.synced.track();
        reload.track();
        let page = page.get();
        let owner = owner.clone();
        async move { live_or_saved(owner, &book_name(page), address_book_page(page)).await }
    });
    view! {
        <AccountArea current="/customer/address" title=Key::AddressBook>
            <Suspense fallback=|| view! { <p>{label(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(loaded) => view! {
                            <OfflineBanner saved_at=loaded.saved_at() />
                            <Book book=loaded.into_data() reload />
                        }.into_any(),
                        Err(error) => load_failed(error, "/customer/address"),
                    }
                })}
            </Suspense>
            <p class="form-actions">
                <a class="button-primary" href="/customer/address/new">{label(Key::AddNewAddress)}</a>
            </p>
        </AccountArea>
    }
}

#[component]
fn Book(book: AddressBook, reload: RwSignal<u32>) -> impl IntoView {
    let queue = use_offline();
    let book = StoredValue::new(book);
    let shown = Memo::new(move |_| queue.pending.with(|q| book.with_value(|b| overlay(b, q))));
    let template = StoredValue::new(book.with_value(|b| Printing {
        template: b.html_template.clone(),
        attributes: b.attributes.clone(),
    }));
    let defaults = move || {
        let (billing, shipping) = shown.with(|(b, s, _)| (b.clone(), s.clone()));
        view! {
            <div class="account-columns">
                <DefaultBox shown=billing title=Key::DefaultBilling none=Key::NoDefaultBillingSet
                    change=Key::ChangeBillingAddress block="default-billing" template />
                <DefaultBox shown=shipping title=Key::DefaultShipping none=Key::NoDefaultShippingSet
                    change=Key::ChangeShippingAddress block="default-shipping" template />
            </div>
        }
    };
    let additional = move || {
        let rows = shown.with(|(_, _, rows)| rows.clone());
        if rows.is_empty() {
            return view! { <p>{label(Key::NoAdditionalAddresses)}</p> }.into_any();
        }
        view! {
            <ul class="address-list">
                {rows.into_iter().map(|row| view! { <AdditionalRow row reload template /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let (page, pages) = book.with_value(|b| (b.page, b.pages()));
    let pager = (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=label(Key::AdditionalAddresses)>
                {(page > 1).then(|| view! {
                    <a href=format!("/customer/address?p={}", page - 1) rel="prev">{label(Key::PreviousPage)}</a>
                })}
                <span>
                    {label(Key::PageOfPages)
                        .replace("{page}", &page.to_string())
                        .replace("{pages}", &pages.to_string())}
                </span>
                {(page < pages).then(|| view! {
                    <a href=format!("/customer/address?p={}", page + 1) rel="next">{label(Key::NextPage)}</a>
                })}
            </nav>
        }
    });
    view! {
        <section class="panel" aria-labelledby="default-addresses-title">
            <h2 id="default-addresses-title">{label(Key::DefaultAddresses)}</h2>
            {defaults}
        </section>
        <section class="panel" aria-labelledby="additional-addresses-title">
            <h2 id="additional-addresses-title">{label(Key::AdditionalAddresses)}</h2>
            {additional}
            {pager}
        </section>
    }
}

/// The store's HTML address template and the custom attributes it can print.
#[derive(Clone, Debug)]
struct Printing {
    template: String,
    attributes: Vec<crate::attributes::model::FieldDef>,
}

/// An address printed with the store's HTML address template, with its pending state.
fn printed(shown: &Shown, printing: &Printing) -> impl IntoView {
    let badge = if shown.deleting {
        Some(label(Key::PendingDeletion))
    } else if shown.pending {
        Some(label(Key::PendingBadge))
    } else {
        None
    };
    let setting = crate::config::registry::ADDRESS_TEMPLATE_HTML;
    let locale = crate::i18n::use_i18n().locale.get_untracked().index();
    // The engine escapes every value and keeps only the allowed tags.
    let html = crate::address_format::render(
        setting,
        &printing.template,
        &shown.address,
        crate::address_format::Format::Html,
        locale,
        &printing.attributes,
    );
    view! {
        <address inner_html=html></address>
        {badge.map(|text| view! { <span class="badge badge-pending" data-pending="true">{text}</span> })}
    }
}

#[component]
fn DefaultBox(
    shown: Option<Shown>,
    title: Key,
    none: Key,
    change: Key,
    block: &'static str,
    template: StoredValue<Printing>,
) -> impl IntoView {
    let body = match shown {
        Some(shown) => {
            let edit = shown
                .address
                .id
                .map(|id| format!("/customer/address/edit/{id}"));
            view! {
                {template.with_value(|t| printed(&shown, t))}
                {edit.map(|href| view! { <p class="box-actions"><a href=href>{label(change)}</a></p> })}
            }
            .into_any()
        }
        None => view! { <p>{label(none)}</p> }.into_any(),
    };
    view! {
        <div class="box" data-block=block>
            <h3>{label(title)}</h3>
            {body}
        </div>
    }
}

/// One additional address with Edit and Delete (none while a change to it is pending
/// for a new address, or it is being deleted).
#[component]
fn AdditionalRow(
    row: Shown,
    reload: RwSignal<u32>,
    template: StoredValue<Printing>,
) -> impl IntoView {
    let toasts = use_toasts();
    let queue = use_offline();
    let busy = RwSignal::new(false);
    let address = row.address.clone();
    let actions = (address.id.is_some() && !row.deleting).then(|| {
        let id = address.id.unwrap_or_default();
        let confirm = crate::ui::dialog::use_confirm();
        let run = move || {
            busy.set(true);
            let address = address.clone();
            spawn_local(async move {
                match delete_address(id, address.version).await {
                    Ok(()) => {
                        toasts.push(ToastKind::Success, label(Key::AddressDeleted).to_string());
                        reload.update(|n| *n += 1);
                    }
                    Err(AppError::Network(_)) => {
                        queue.push(Change::DeleteAddress(address));
                        toasts.push(ToastKind::Info, label(Key::QueuedOffline).to_string());
                    }
                    Err(e) => {
                        toasts.push(ToastKind::Error, first_message(&e));
                        reload.update(|n| *n += 1);
                    }
                }
                busy.set(false);
            });
        };
        let run = StoredValue::new(run);
        let delete = move |_| {
            confirm.ask_danger(label(Key::DeleteAddressConfirm), Key::Delete, move || {
                run.with_value(|run| run())
            })
        };
        view! {
            <p class="box-actions">
                <a href=format!("/customer/address/edit/{id}")>{label(Key::Edit)}</a>
                <button type="button" class="button-link" disabled=move || busy.get() on:click=delete>
                    {label(Key::Delete)}
                </button>
            </p>
        }
    });
    view! {
        <li class="box" data-address=row.address.id.unwrap_or_default()>
            {template.with_value(|t| printed(&row, t))}
            {actions}
        </li>
    }
}

/// The form of address `id`, from the device copies of the address book (offline).
fn saved_form(owner: &str, id: Option<i64>) -> Option<Loaded<AddressForm>> {
    (1..=SAVED_PAGES_SEARCHED)
        .filter_map(|page| saved::<AddressBook>(owner, &book_name(page)))
        .find_map(|copy| {
            let address = match id {
                Some(id) => copy.data.find(id)?.clone(),
                None => copy.data.new_address(),
            };
            Some(Loaded::Saved(super::offline::DeviceCopy {
                saved_at: copy.saved_at,
                // The book's copy has no custom attributes: the form leaves them as
                // they are (a save changes only the fields it sends).
                data: AddressForm {
                    address,
                    rules: copy.data.rules.clone(),
                    attributes: Vec::new(),
                },
            }))
        })
}

/// Add New Address / Edit Address.
#[component]
pub fn AddressEditPage() -> impl IntoView {
    let owner = device_owner();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let data = LocalResource::new(move || {
        let owner = owner.clone();
        async move {
            match address_to_edit(id).await {
                Err(AppError::Network(message)) => owner
                    .and_then(|owner| saved_form(&owner, id))
                    .ok_or(AppError::Network(message)),
                other => live_or_saved(None, "", async { other }).await,
            }
        }
    });
    let title = if id.is_some() {
        Key::EditAddress
    } else {
        Key::AddNewAddress
    };
    let back = StoredValue::new(match id {
        Some(id) => format!("/customer/address/edit/{id}"),
        None => "/customer/address/new".to_string(),
    });
    view! {
        <AccountArea current="/customer/address" title>
            <Suspense fallback=|| view! { <p>{label(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(loaded) => view! {
                            <OfflineBanner saved_at=loaded.saved_at() />
                            <AddressEditor form=loaded.into_data() />
                        }.into_any(),
                        Err(error) => load_failed(error, &back.get_value()),
                    }
                })}
            </Suspense>
        </AccountArea>
    }
}

#[component]
fn AddressEditor(form: AddressForm) -> impl IntoView {
    let queue = use_offline();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let hydrated = use_hydrated();
    let AddressForm {
        address,
        rules,
        attributes,
    } = form;
    // A queued offline edit of this address is what the shopper last saw.
    let address = address
        .id
        .and_then(|id| {
            queue.pending.with_untracked(|q| {
                q.iter().rev().find_map(|p| match &p.change {
                    Change::SaveAddress(a) if a.id == Some(id) => Some(a.clone()),
                    _ => None,
                })
            })
        })
        .unwrap_or(address);
    let was_billing = address.default_billing;
    let was_shipping = address.default_shipping;
    let rules = StoredValue::new(rules);
    let form = RwSignal::new(address);
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let attributes = StoredValue::new(attributes);
    let check = Callback::new(move |()| {
        form.with(|a| {
            let mut errors = rules.with_value(|r| a.validate(r));
            attributes.with_value(|fields| {
                if let Err(custom) = crate::attributes::rules::check_values(fields, &a.custom) {
                    errors.extend(custom);
                }
            });
            errors
        })
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !ready_to_send(check, errors, pending, general) {
            return;
        }
        // A new address gets its idempotency key at its first submit and keeps it, so
        // sending the same form again (or the offline queue replaying it) cannot add it
        // twice.
        if form.with_untracked(|a| a.id.is_none() && a.request_key.is_empty()) {
            form.update_untracked(|a| a.request_key = new_request_key());
        }
        let input = form.get_untracked();
        let navigate = navigate.clone();
        spawn_local(async move {
            match save_address(input.clone()).await {
                Ok(_) => {
                    toasts.push(ToastKind::Success, label(Key::AddressSaved).to_string());
                    navigate("/customer/address", Default::default());
                }
                Err(AppError::Validation { fields }) => errors.set(fields),
                Err(AppError::Network(_)) => {
                    queue.push(Change::SaveAddress(input));
                    toasts.push(ToastKind::Info, label(Key::QueuedOffline).to_string());
                    navigate("/customer/address", Default::default());
                }
                Err(e) => general.set(Some(first_message(&e))),
            }
            pending.set(false);
        });
    };
    let default_toggle = move |is_default: bool, notice: Key, name: &'static str, title: Key| {
        if is_default {
            view! { <p class="field-hint" data-default=name>{label(notice)}</p> }.into_any()
        } else {
            let id = format!("{P}-{name}");
            view! {
                <div class="field field-inline">
                    <input id=id.clone() type="checkbox" name=name
                        prop:checked=move || form.with(|a| if name == "default_billing" { a.default_billing } else { a.default_shipping })
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            form.update(|a| if name == "default_billing" { a.default_billing = on } else { a.default_shipping = on });
                        } />
                    <label for=id>{label(title)}</label>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <Message text=general />
        <form class="form panel" novalidate on:submit=save>
            <fieldset class="form-grid">
                <legend>{label(Key::AddressHeading)}</legend>
                <AddressFields form errors check rules=Signal::derive(move || rules.get_value()) prefix=P
                    attributes=attributes.get_value() />
                {default_toggle(was_billing, Key::IsDefaultBilling, "default_billing", Key::UseDefaultBilling)}
                {default_toggle(was_shipping, Key::IsDefaultShipping, "default_shipping", Key::UseDefaultShipping)}
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="button-primary" disabled=move || !hydrated.get() || pending.get()>
                    {label(Key::SaveAddress)}
                </button>
                <a class="button-secondary" href="/customer/address">{label(Key::GoBack)}</a>
            </div>
        </form>
    }
}

/// A fresh idempotency key for a new address (unique per shopper is enough: 64 random
/// bits and the time).
fn new_request_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        let random = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
        format!("{random:014x}{:011x}", js_sys::Date::now() as u64)
    }
    // Forms are sent from the browser only.
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}
