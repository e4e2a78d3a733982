//! The Addresses tab (spec §5.4): default billing and shipping cards, "Add New Address",
//! the addresses sub-grid (`address_grid`) and the address modal with the country's
//! region list or free text and its postcode rule.

use super::address_grid::{AddressGrid, AddressGridView};
use crate::config::model::Visibility;
use crate::customers::address::api::{customer_addresses, save_customer_address};
use crate::customers::address::model::AddressInput;
use crate::customers::edit::model::{FieldErrors, FormRules};
use crate::directory::{self, COUNTRIES};
use crate::error::AppError;
use crate::i18n::{error_text, t, use_i18n, Key};
use crate::ui::fields::{CheckField, FieldError, SelectField, TextField};
use crate::ui::{use_hydrated, use_toasts, ErrorPanel, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

const P: &str = "address";

/// The Addresses tab. Loads when first shown.
#[component]
pub fn AddressesTab(
    customer_id: i64,
    rules: Memo<FormRules>,
    /// The customer's first and last name, to prefill a new address.
    name: (String, String),
    active: Signal<bool>,
) -> impl IntoView {
    let editing = RwSignal::new(None::<AddressInput>);
    let grid = AddressGrid::new(customer_id, editing);
    let seen = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || active.get());
    let data = LocalResource::new(move || {
        let (q, _, seen) = (grid.query.get(), grid.version.get(), seen.get());
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
                                        address=loaded.default_billing.clone() editing />
                                    <AddressCard title=Key::DefaultShippingAddress empty=Key::NoDefaultShipping
                                        address=loaded.default_shipping.clone() editing />
                                </div>
                                <AddressGridView grid loaded />
                            }.into_any(),
                            Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        }
                    })}
                </Transition>
            })}
            {move || editing.get().map(|address| view! { <AddressModal address rules on_close /> })}
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
    editing: RwSignal<Option<AddressInput>>,
) -> impl IntoView {
    view! {
        <section class="address-card">
            <h3>{t(title)}</h3>
            {match address {
                Some(a) => {
                    let lines = a.lines(0);
                    view! {
                        <address>{lines.into_iter().map(|l| view! { {l} <br /> }).collect_view()}</address>
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
    on_close: Callback<bool>,
) -> impl IntoView {
    let toasts = use_toasts();
    let i18n = use_i18n();
    let is_new = address.id.is_none();
    let form = RwSignal::new(address);
    let errors = RwSignal::new(FieldErrors::new());
    let pending = RwSignal::new(false);
    let conflict = RwSignal::new(false);
    let check = Callback::new(move |()| form.with(|a| a.validate(&rules.get_untracked())));
    let countries = Signal::derive(move || {
        let mut list: Vec<(String, String)> = COUNTRIES
            .iter()
            .map(|c| (c.code.to_string(), c.name(0).to_string()))
            .collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    });
    let regions = Memo::new(move |_| {
        let country = form.with(|a| a.country_id.clone());
        directory::regions_of(&country)
            .iter()
            .map(|r| (r.code.to_string(), r.name.to_string()))
            .collect::<Vec<_>>()
    });
    let country = Memo::new(move |_| form.with(|a| directory::country(&a.country_id).copied()));
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
    let shown =
        move |pick: fn(&FormRules) -> Visibility| rules.with(|r| pick(r) != Visibility::Hidden);
    let required =
        move |pick: fn(&FormRules) -> Visibility| rules.with(|r| pick(r) == Visibility::Required);
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="address-modal-title"
                on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(false) }>
                <h2 id="address-modal-title">{if is_new { t(Key::AddNewAddress)() } else { t(Key::UpdateAddress)() }}</h2>
                {move || conflict.get().then(|| view! {
                    <p class="message-error" role="alert">{t(Key::AddressConflict)}</p>
                })}
                <form class="form form-grid" novalidate on:submit=move |ev| { ev.prevent_default(); save(()); }>
                    <CheckField form prefix=P name="default_billing" label="Default Billing Address"
                        get=|a: &AddressInput| a.default_billing set=|a, v| a.default_billing = v />
                    <CheckField form prefix=P name="default_shipping" label="Default Shipping Address"
                        get=|a: &AddressInput| a.default_shipping set=|a, v| a.default_shipping = v />
                    {move || shown(|r| r.prefix).then(|| view! {
                        <TextField form errors check prefix=P name="prefix" label="Name Prefix" required=required(|r| r.prefix)
                            get=|a: &AddressInput| a.prefix.clone() set=|a, v| a.prefix = v />
                    })}
                    <TextField form errors check prefix=P name="firstname" label="First Name" required=true
                        get=|a: &AddressInput| a.firstname.clone() set=|a, v| a.firstname = v />
                    {move || rules.with(|r| r.middlename).then(|| view! {
                        <TextField form errors check prefix=P name="middlename" label="Middle Name/Initial"
                            get=|a: &AddressInput| a.middlename.clone() set=|a, v| a.middlename = v />
                    })}
                    <TextField form errors check prefix=P name="lastname" label="Last Name" required=true
                        get=|a: &AddressInput| a.lastname.clone() set=|a, v| a.lastname = v />
                    {move || shown(|r| r.suffix).then(|| view! {
                        <TextField form errors check prefix=P name="suffix" label="Name Suffix" required=required(|r| r.suffix)
                            get=|a: &AddressInput| a.suffix.clone() set=|a, v| a.suffix = v />
                    })}
                    {move || shown(|r| r.company).then(|| view! {
                        <TextField form errors check prefix=P name="company" label="Company" required=required(|r| r.company)
                            get=|a: &AddressInput| a.company.clone() set=|a, v| a.company = v />
                    })}
                    <StreetFields form errors check lines=Signal::derive(move || rules.with(|r| r.street_lines)) />
                    <TextField form errors check prefix=P name="city" label="City" required=true
                        get=|a: &AddressInput| a.city.clone() set=|a, v| a.city = v />
                    <SelectField form errors check prefix=P name="country_id" label="Country" required=true
                        choices=countries placeholder=" "
                        get=|a: &AddressInput| a.country_id.clone()
                        set=|a, v| { a.country_id = v; a.region_id.clear(); } />
                    {move || {
                        let state_required = country.get().is_some_and(|c| c.state_required);
                        if regions.with(|r| r.is_empty()) {
                            view! { <TextField form errors check prefix=P name="region" label="State/Province" required=state_required
                                get=|a: &AddressInput| a.region.clone() set=|a, v| a.region = v /> }.into_any()
                        } else {
                            view! { <SelectField form errors check prefix=P name="region_id" label="State/Province" required=state_required
                                choices=regions placeholder=" "
                                get=|a: &AddressInput| a.region_id.clone() set=|a, v| a.region_id = v /> }.into_any()
                        }
                    }}
                    {move || {
                        let postcode_required = !country.get().is_some_and(|c| c.postcode_optional);
                        view! { <TextField form errors check prefix=P name="postcode" label="Zip/Postal Code" required=postcode_required
                            get=|a: &AddressInput| a.postcode.clone() set=|a, v| a.postcode = v /> }
                    }}
                    {move || shown(|r| r.telephone).then(|| view! {
                        <TextField form errors check prefix=P name="telephone" label="Phone Number" kind="tel"
                            required=required(|r| r.telephone)
                            get=|a: &AddressInput| a.telephone.clone() set=|a, v| a.telephone = v />
                    })}
                    {move || shown(|r| r.fax).then(|| view! {
                        <TextField form errors check prefix=P name="fax" label="Fax" required=required(|r| r.fax)
                            get=|a: &AddressInput| a.fax.clone() set=|a, v| a.fax = v />
                    })}
                    <TextField form errors check prefix=P name="vat_id" label="VAT Number"
                        get=|a: &AddressInput| a.vat_id.clone() set=|a, v| a.vat_id = v />
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

/// The street lines (as many inputs as the "Number of Lines in a Street Address" option).
#[component]
fn StreetFields(
    form: RwSignal<AddressInput>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    lines: Signal<usize>,
) -> impl IntoView {
    view! {
        <fieldset class="field street" class:field-invalid=move || errors.with(|e| e.contains_key("street"))>
            <legend>"Street Address" <span class="required" aria-hidden="true">" *"</span></legend>
            {move || (0..lines.get()).map(|i| {
                let id = format!("{P}-street-{i}");
                view! {
                    <label class="visually-hidden" for=id.clone()>{format!("Street Address line {}", i + 1)}</label>
                    <input id=id type="text" name="street"
                        aria-describedby="address-street-error"
                        prop:value=move || form.with(|a| a.street.get(i).cloned().unwrap_or_default())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|a| {
                                if a.street.len() <= i { a.street.resize(i + 1, String::new()); }
                                a.street[i] = v;
                            });
                        }
                        on:blur=move |_| crate::ui::fields::recheck(errors, check, "street") />
                }
            }).collect_view()}
            <FieldError errors id="address-street-error".to_string() name="street" />
        </fieldset>
    }
}
