//! The Addresses tab: default billing and shipping cards, "Add New Address",
//! the addresses sub-grid (`address_grid`) and the address modal with the country's
//! region list or free text and its postcode rule.

use super::address_grid::{AddressGrid, AddressGridView};
use crate::customers::address::api::{customer_addresses, save_customer_address};
use crate::customers::address::model::AddressInput;
use crate::customers::address::ui::AddressFields;
use crate::forms::{FieldErrors, FormRules};

use crate::error::error_text;
use crate::error::AppError;
use crate::i18n::{t, text, use_i18n, Key};
use crate::ui::fields::CheckField;
use crate::ui::{use_hydrated, use_toasts, ErrorPanel, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

const P: &str = "address";

/// The Addresses tab. Loads when first shown.
#[component]
pub fn AddressesTab(
    customer_id: i64,
    rules: Memo<FormRules>,
    /// The custom address attributes (the admin's form shows every one).
    attributes: StoredValue<Vec<crate::attributes::model::FieldDef>>,
    /// The customer's first and last name, to prefill a new address.
    name: (String, String),
    active: Signal<bool>,
) -> impl IntoView {
    let editing = RwSignal::new(None::<AddressInput>);
    let grid = AddressGrid::new(customer_id, editing);
    let seen = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || active.get());
    let data = LocalResource::new(move || {
        let (q, _, seen) = (grid.shared.state.get(), grid.version.get(), seen.get());
        async move {
            if !seen {
                return Ok(None);
            }
            customer_addresses(customer_id, q).await.map(Some)
        }
    });
    let (first, last) = name;
    let new_address = move || AddressInput {
        customer_id,
        firstname: first.clone(),
        lastname: last.clone(),
        street: vec![String::new(); rules.get_untracked().street_lines],
        custom: attributes.with_value(|fields| crate::attributes::rules::defaults(fields)),
        ..Default::default()
    };
    let on_close = Callback::new(move |saved: bool| {
        editing.set(None);
        if saved {
            grid.refresh();
        }
    });
    let hydrated = use_hydrated();

    view! {
        <div class="addresses">
            <div class="page-head">
                <h2>{t(Key::Addresses)}</h2>
                <button type="button" class="button-primary" on:click=move |_| editing.set(Some(new_address()))>
                    {t(Key::AddNewAddress)}
                </button>
            </div>
            {move || hydrated.get().then(|| view! {
                <Transition fallback=|| view! { <p>{t(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(None) => ().into_any(),
                            Ok(Some(loaded)) => view! {
                                <div class="address-cards">
                                    <AddressCard title=Key::DefaultBillingAddress empty=Key::NoDefaultBilling
                                        address=loaded.default_billing.clone() html=loaded.billing_html.clone() editing />
                                    <AddressCard title=Key::DefaultShippingAddress empty=Key::NoDefaultShipping
                                        address=loaded.default_shipping.clone() html=loaded.shipping_html.clone() editing />
                                </div>
                                <AddressGridView grid loaded labels=rules.with_untracked(|r| r.address_labels.clone()) />
                            }.into_any(),
                            Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        }
                    })}
                </Transition>
            })}
            {move || editing.get().map(|address| view! { <AddressModal address rules attributes on_close /> })}
        </div>
    }
    .into_any()
}

/// A default address card with its Edit button, or the "no default" sentence.
#[component]
fn AddressCard(
    title: Key,
    empty: Key,
    address: Option<AddressInput>,
    /// The address printed with the HTML address template (made safe on the server).
    html: Option<String>,
    editing: RwSignal<Option<AddressInput>>,
) -> impl IntoView {
    view! {
        <section class="address-card">
            <h3>{t(title)}</h3>
            {match address {
                Some(a) => {
                    view! {
                        <address inner_html=html.unwrap_or_default()></address>
                        <button type="button" class="link" on:click=move |_| editing.set(Some(a.clone()))>{t(Key::Edit)}</button>
                    }.into_any()
                }
                None => view! { <p>{t(empty)}</p> }.into_any(),
            }}
        </section>
    }
}

/// The "Add/Update Address" modal.
#[component]
fn AddressModal(
    address: AddressInput,
    rules: Memo<FormRules>,
    attributes: StoredValue<Vec<crate::attributes::model::FieldDef>>,
    on_close: Callback<bool>,
) -> impl IntoView {
    let toasts = use_toasts();
    let i18n = use_i18n();
    let is_new = address.id.is_none();
    let form = RwSignal::new(address);
    let errors = RwSignal::new(FieldErrors::new());
    let pending = RwSignal::new(false);
    let conflict = RwSignal::new(false);
    let check = Callback::new(move |()| {
        form.with(|a| {
            let mut errors = a.validate(&rules.get_untracked());
            attributes.with_value(|fields| {
                if let Err(custom) = crate::attributes::rules::check_values(fields, &a.custom) {
                    errors.extend(custom);
                }
            });
            errors
        })
    });
    let save = move |_| {
        let found = check.run(());
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        pending.set(true);
        let input = form.get_untracked();
        spawn_local(async move {
            let result = save_customer_address(input).await;
            pending.set(false);
            match result {
                Ok(_) => {
                    toasts.push(ToastKind::Success, t(Key::AddressSaved)());
                    on_close.run(true);
                }
                Err(AppError::Validation { fields }) => errors.set(fields),
                Err(AppError::Conflict) => conflict.set(true),
                Err(e) => toasts.push(
                    ToastKind::Error,
                    error_text(i18n.locale.get_untracked(), &e),
                ),
            }
        });
    };
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="address-modal-title"
                on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(false) }>
                <h2 id="address-modal-title">{if is_new { t(Key::AddNewAddress)() } else { t(Key::UpdateAddress)() }}</h2>
                {move || conflict.get().then(|| view! {
                    <p class="message-error" role="alert">{t(Key::AddressConflict)}</p>
                })}
                <form class="form form-grid" novalidate on:submit=move |ev| { ev.prevent_default(); save(()); }>
                    <CheckField form prefix=P name="default_billing" label=text(Key::DefaultBillingAddress)
                        get=|a: &AddressInput| a.default_billing set=|a, v| a.default_billing = v />
                    <CheckField form prefix=P name="default_shipping" label=text(Key::DefaultShippingAddress)
                        get=|a: &AddressInput| a.default_shipping set=|a, v| a.default_shipping = v />
                    <AddressFields form errors check rules prefix=P attributes=attributes.get_value() />
                    <div class="modal-actions">
                        <button type="button" class="button-secondary" on:click=move |_| on_close.run(false)>{t(Key::Cancel)}</button>
                        <button type="submit" class="button-primary" disabled=move || pending.get()>{t(Key::Save)}</button>
                    </div>
                </form>
            </div>
        </div>
    }
    .into_any()
}
