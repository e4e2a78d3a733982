//! The personal fields of Create an Account and Account Information: names, date of
//! birth, Tax/VAT and gender as the website's options show and require them, and the
//! remote shopping assistance consent.

use super::label;
use crate::accounts::model::PersonalForm;
use crate::config::model::Visibility;
use crate::forms::{FieldErrors, FormRules};
use crate::i18n::Key;
use crate::ui::fields::{CheckField, SelectField, TextField};
use leptos::prelude::*;

fn choices(options: &[String]) -> Vec<(String, String)> {
    options.iter().map(|o| (o.clone(), o.clone())).collect()
}

/// A name affix: a list when the options give choices, else free text.
fn affix<T: PersonalForm>(
    form: RwSignal<T>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    prefix: &'static str,
    (name, title, show, options): (&'static str, String, Visibility, &[String]),
) -> Option<AnyView> {
    let required = show == Visibility::Required;
    let get = match name {
        "prefix" => |f: &T| f.text("prefix").to_string(),
        _ => |f: &T| f.text("suffix").to_string(),
    };
    let set = match name {
        "prefix" => |f: &mut T, v| *f.text_mut("prefix") = v,
        _ => |f: &mut T, v| *f.text_mut("suffix") = v,
    };
    (show != Visibility::Hidden).then(|| {
        if options.is_empty() {
            view! { <TextField form errors check prefix name label=title required get set /> }
                .into_any()
        } else {
            view! { <SelectField form errors check prefix name label=title required
            choices=choices(options) placeholder=" " get set /> }
            .into_any()
        }
    })
}

/// Names, date of birth, Tax/VAT, gender and the assistance consent.
#[component]
pub fn PersonalFields<T: PersonalForm>(
    form: RwSignal<T>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    rules: FormRules,
    prefix: &'static str,
) -> impl IntoView {
    let shown = |v: Visibility| v != Visibility::Hidden;
    let configured = |text: &str, key: Key| {
        if text.is_empty() {
            label(key).to_string()
        } else {
            text.to_string()
        }
    };
    let assistance_title = configured(&rules.assistance_title, Key::AllowAssistance);
    let assistance_tooltip = configured(&rules.assistance_tooltip, Key::AssistanceHint);
    let req = |v: Visibility| v == Visibility::Required;
    let genders = vec![
        ("1".to_string(), label(Key::GenderMale).to_string()),
        ("2".to_string(), label(Key::GenderFemale).to_string()),
        ("3".to_string(), label(Key::GenderNotSpecified).to_string()),
    ];
    let name_prefix = affix(
        form,
        errors,
        check,
        prefix,
        (
            "prefix",
            rules.customer_label("prefix", Key::NamePrefix),
            rules.prefix,
            &rules.prefix_options,
        ),
    );
    let name_suffix = affix(
        form,
        errors,
        check,
        prefix,
        (
            "suffix",
            rules.customer_label("suffix", Key::NameSuffix),
            rules.suffix,
            &rules.suffix_options,
        ),
    );
    let names = view! {
        {name_prefix}
        <TextField form errors check prefix name="firstname" label=rules.customer_label("firstname", Key::FirstName) required=true
            autocomplete="given-name"
            get=|f: &T| f.text("firstname").to_string() set=|f, v| *f.text_mut("firstname") = v />
        {rules.middlename.then(|| view! {
            <TextField form errors check prefix name="middlename" label=rules.customer_label("middlename", Key::MiddleName)
                autocomplete="additional-name"
                get=|f: &T| f.text("middlename").to_string() set=|f, v| *f.text_mut("middlename") = v />
        })}
        <TextField form errors check prefix name="lastname" label=rules.customer_label("lastname", Key::LastName) required=true
            autocomplete="family-name"
            get=|f: &T| f.text("lastname").to_string() set=|f, v| *f.text_mut("lastname") = v />
        {name_suffix}
    }
    .into_any();
    let details = view! {
        {shown(rules.dob).then(|| view! {
            <TextField form errors check prefix name="dob" label=rules.customer_label("dob", Key::DateOfBirth) kind="date"
                required=req(rules.dob)
                get=|f: &T| f.text("dob").to_string() set=|f, v| *f.text_mut("dob") = v />
        })}
        {shown(rules.taxvat).then(|| view! {
            <TextField form errors check prefix name="taxvat" label=rules.customer_label("taxvat", Key::TaxVat)
                required=req(rules.taxvat)
                get=|f: &T| f.text("taxvat").to_string() set=|f, v| *f.text_mut("taxvat") = v />
        })}
        {shown(rules.gender).then(|| view! {
            <SelectField form errors check prefix name="gender" label=rules.customer_label("gender", Key::Gender)
                required=req(rules.gender) choices=genders.clone() placeholder=" "
                get=|f: &T| f.gender().map(|g| g.to_string()).unwrap_or_default()
                set=|f, v| f.set_gender(v.parse().ok()) />
        })}
        <CheckField form prefix name="assistance" label=assistance_title
            get=|f: &T| f.assistance() set=|f, v| f.set_assistance(v) />
        <p class="field-hint">{assistance_tooltip}</p>
    }
    .into_any();
    view! { {names} {details} }
}
