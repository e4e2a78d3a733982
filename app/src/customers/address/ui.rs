//! The address form's fields, shared by the admin's address modal and
//! the storefront's address page: names and company per the options, street lines per
//! "Number of Lines in a Street Address", the country's region list or free text, and
//! its postcode rule.

use super::model::AddressInput;
use crate::config::model::Visibility;
use crate::directory;
use crate::forms::{FieldErrors, FormRules};
use crate::i18n::{text as label, use_i18n, Key};
use crate::ui::fields::{FieldError, SelectField, TextField};
use leptos::prelude::*;

/// Every field of an address but the default toggles. Element ids start with `prefix`.
#[component]
pub fn AddressFields(
    form: RwSignal<AddressInput>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    #[prop(into)] rules: Signal<FormRules>,
    prefix: &'static str,
    /// The custom address attributes the form shows (after the system fields).
    #[prop(optional)]
    attributes: Vec<crate::attributes::model::FieldDef>,
    /// No name fields (Create an Account's address: the personal fields name it).
    #[prop(optional)]
    without_names: bool,
    /// What the custom attributes' controls post as (see `CustomAttributeFields`).
    #[prop(default = "custom")]
    post_as: &'static str,
) -> impl IntoView {
    let locale = use_i18n().locale.get_untracked();
    let countries = Signal::derive(move || directory::country_choices(locale));
    let regions = Memo::new(move |_| {
        let country = form.with(|a| a.country_id.clone());
        directory::regions_of(&country)
            .iter()
            .map(|r| (r.code.to_string(), r.name.to_string()))
            .collect::<Vec<_>>()
    });
    let country = Memo::new(move |_| form.with(|a| directory::country(&a.country_id).copied()));
    let shown =
        move |pick: fn(&FormRules) -> Visibility| rules.with(|r| pick(r) != Visibility::Hidden);
    let required =
        move |pick: fn(&FormRules) -> Visibility| rules.with(|r| pick(r) == Visibility::Required);
    // An admin's label for a system field (Stores → Attributes → Customer Address), else
    // the built-in one.
    let named = move |code: &str, key: Key| rules.with_untracked(|r| r.address_label(code, key));
    let names = (!without_names).then(|| view! {
        {move || shown(|r| r.prefix).then(|| view! {
            <TextField form errors check prefix=prefix name="prefix" label=named("prefix", Key::NamePrefix) required=required(|r| r.prefix)
                get=|a: &AddressInput| a.prefix.clone() set=|a, v| a.prefix = v />
        })}
        <TextField form errors check prefix=prefix name="firstname" label=named("firstname", Key::FirstName) required=true
            autocomplete="given-name"
            get=|a: &AddressInput| a.firstname.clone() set=|a, v| a.firstname = v />
        {move || rules.with(|r| r.middlename).then(|| view! {
            <TextField form errors check prefix=prefix name="middlename" label=named("middlename", Key::MiddleName)
                get=|a: &AddressInput| a.middlename.clone() set=|a, v| a.middlename = v />
        })}
        <TextField form errors check prefix=prefix name="lastname" label=named("lastname", Key::LastName) required=true
            autocomplete="family-name"
            get=|a: &AddressInput| a.lastname.clone() set=|a, v| a.lastname = v />
        {move || shown(|r| r.suffix).then(|| view! {
            <TextField form errors check prefix=prefix name="suffix" label=named("suffix", Key::NameSuffix) required=required(|r| r.suffix)
                get=|a: &AddressInput| a.suffix.clone() set=|a, v| a.suffix = v />
        })}
    }
    .into_any());
    let company = view! {
        {move || shown(|r| r.company).then(|| view! {
            <TextField form errors check prefix=prefix name="company" label=named("company", Key::CompanyLabel) required=required(|r| r.company)
                autocomplete="organization"
                get=|a: &AddressInput| a.company.clone() set=|a, v| a.company = v />
        })}
    }
    .into_any();
    let place = view! {
        <StreetFields form errors check prefix=prefix lines=Signal::derive(move || rules.with(|r| r.street_lines))
            legend=named("street", Key::StreetAddress) />
        <TextField form errors check prefix=prefix name="city" label=named("city", Key::CityLabel) required=true
            autocomplete="address-level2"
            get=|a: &AddressInput| a.city.clone() set=|a, v| a.city = v />
        <SelectField form errors check prefix=prefix name="country_id" label=named("country_id", Key::CountryLabel) required=true
            choices=countries placeholder=" "
            get=|a: &AddressInput| a.country_id.clone()
            set=|a, v| { a.country_id = v; a.region_id.clear(); } />
        {move || {
            let state_required = country.get().is_some_and(|c| c.state_required);
            if regions.with(|r| r.is_empty()) {
                view! { <TextField form errors check prefix=prefix name="region" label=named("region", Key::StateProvince) required=state_required
                    get=|a: &AddressInput| a.region.clone() set=|a, v| a.region = v /> }.into_any()
            } else {
                view! { <SelectField form errors check prefix=prefix name="region_id" label=named("region", Key::StateProvince) required=state_required
                    choices=regions placeholder=" "
                    get=|a: &AddressInput| a.region_id.clone() set=|a, v| a.region_id = v /> }.into_any()
            }
        }}
        {move || {
            let postcode_required = !country.get().is_some_and(|c| c.postcode_optional);
            view! { <TextField form errors check prefix=prefix name="postcode" label=named("postcode", Key::PostalCode) required=postcode_required
                autocomplete="postal-code"
                get=|a: &AddressInput| a.postcode.clone() set=|a, v| a.postcode = v /> }
        }}
    }
    .into_any();
    let contact = view! {
        {move || shown(|r| r.telephone).then(|| view! {
            <TextField form errors check prefix=prefix name="telephone" label=named("telephone", Key::PhoneNumber) kind="tel"
                required=required(|r| r.telephone) autocomplete="tel"
                get=|a: &AddressInput| a.telephone.clone() set=|a, v| a.telephone = v />
        })}
        {move || shown(|r| r.fax).then(|| view! {
            <TextField form errors check prefix=prefix name="fax" label=named("fax", Key::FaxLabel) required=required(|r| r.fax)
                get=|a: &AddressInput| a.fax.clone() set=|a, v| a.fax = v />
        })}
        <TextField form errors check prefix=prefix name="vat_id" label=named("vat_id", Key::VatNumber)
            get=|a: &AddressInput| a.vat_id.clone() set=|a, v| a.vat_id = v />
    }
    .into_any();
    let custom = view! {
        <crate::attributes::ui::fields::CustomAttributeFields form errors check prefix fields=attributes post_as
            read=|a: &AddressInput| &a.custom write=|a: &mut AddressInput| &mut a.custom />
    }
    .into_any();
    view! { {names} {company} {place} {contact} {custom} }
}

/// The street lines (as many inputs as the "Number of Lines in a Street Address" option).
#[component]
fn StreetFields(
    form: RwSignal<AddressInput>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    prefix: &'static str,
    lines: Signal<usize>,
    legend: String,
) -> impl IntoView {
    let error_id = format!("{prefix}-street-error");
    let described = error_id.clone();
    view! {
        <fieldset class="field street" class:field-invalid=move || errors.with(|e| e.contains_key("street"))>
            <legend>{legend} <span class="required" aria-hidden="true">" *"</span></legend>
            {move || (0..lines.get()).map(|i| {
                let id = format!("{prefix}-street-{i}");
                // A line typed before the page went live is kept.
                if let Some(text) = crate::ui::typed::typed(&id) {
                    form.update(|a| {
                        if a.street.len() <= i { a.street.resize(i + 1, String::new()); }
                        a.street[i] = text;
                    });
                }
                let described = described.clone();
                view! {
                    <label class="visually-hidden" for=id.clone()>
                        {label(Key::StreetLine).replace("{n}", &(i + 1).to_string())}
                    </label>
                    // Each line posts as `street[<n>]`, so a form sent before the page's
                    // script loaded carries them all.
                    <input id=id type="text" name=format!("street[{i}]")
                        value=form.with_untracked(|a| a.street.get(i).cloned().unwrap_or_default())
                        autocomplete=format!("address-line{}", i + 1)
                        aria-describedby=described
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
            <FieldError errors id=error_id name="street" />
        </fieldset>
    }
}
