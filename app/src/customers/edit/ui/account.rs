//! The Account Information tab: the fields of spec §5.2, shown and required per the
//! website's name & address options.

use super::fields::{CheckField, SelectField, TextField};
use crate::config::model::Visibility;
use crate::customers::edit::model::{CustomerInput, FieldErrors, FormOptions, FormRules};
use leptos::prelude::*;

const P: &str = "customer";

fn ids(pairs: impl IntoIterator<Item = (i64, String)>) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect()
}

fn gender_choices() -> Vec<(String, String)> {
    vec![
        ("1".into(), "Male".into()),
        ("2".into(), "Female".into()),
        ("3".into(), "Not Specified".into()),
    ]
}

/// Name Prefix or Name Suffix, per its "Show" option: a dropdown of the configured
/// choices, or free text when there are none.
#[component]
fn AffixField(
    form: RwSignal<CustomerInput>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    rules: Memo<FormRules>,
    name: &'static str,
    label: &'static str,
    show: fn(&FormRules) -> Visibility,
    options: fn(&FormRules) -> &Vec<String>,
    get: fn(&CustomerInput) -> String,
    set: fn(&mut CustomerInput, String),
) -> impl IntoView {
    move || {
        let (visibility, choices) = rules.with(|r| {
            let choices: Vec<(String, String)> =
                options(r).iter().map(|o| (o.clone(), o.clone())).collect();
            (show(r), choices)
        });
        let required = visibility == Visibility::Required;
        (visibility != Visibility::Hidden).then(|| {
            if choices.is_empty() {
                view! { <TextField form errors check prefix=P name label required get set /> }.into_any()
            } else {
                view! {
                    <SelectField form errors check prefix=P name label required choices placeholder=" " get set />
                }
                .into_any()
            }
        })
    }
}

/// The Account Information fields.
#[component]
pub fn AccountFields(
    form: RwSignal<CustomerInput>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    options: StoredValue<FormOptions>,
    rules: Memo<FormRules>,
) -> impl IntoView {
    let is_new = form.with_untracked(|f| f.id.is_none());
    let many_websites = options.with_value(|o| o.websites.len() > 1);
    let websites = Signal::derive(move || {
        options.with_value(|o| ids(o.websites.iter().map(|w| (w.id, w.name.clone()))))
    });
    let groups = Signal::derive(move || options.with_value(|o| ids(o.groups.clone())));
    let stores = Signal::derive(move || {
        let website = form.with(|f| f.website_id);
        options.with_value(|o| {
            o.websites
                .iter()
                .find(|w| w.id == website)
                .map(|w| ids(w.stores.clone()))
                .unwrap_or_default()
        })
    });
    let shown =
        move |pick: fn(&FormRules) -> Visibility| rules.with(|r| pick(r) != Visibility::Hidden);
    let required =
        move |pick: fn(&FormRules) -> Visibility| rules.with(|r| pick(r) == Visibility::Required);
    view! {
        <fieldset class="form form-grid">
            <legend>"Account Information"</legend>
            {many_websites.then(|| view! {
                <SelectField form errors check prefix=P name="website_id" label="Associate to Website"
                    choices=websites required=true
                    get=|f: &CustomerInput| f.website_id.to_string()
                    set=|f, v| f.website_id = v.parse().unwrap_or(0) />
            })}
            <SelectField form errors check prefix=P name="group_id" label="Group" choices=groups required=true
                get=|f: &CustomerInput| f.group_id.to_string()
                set=|f, v| f.group_id = v.parse().unwrap_or(0) />
            <CheckField form prefix=P name="disable_auto_group_change"
                label="Disable Automatic Group Change Based on VAT ID"
                get=|f: &CustomerInput| f.disable_auto_group_change
                set=|f, v| f.disable_auto_group_change = v />
            <AffixField form errors check rules name="prefix" label="Name Prefix"
                show=|r| r.prefix options=|r| &r.prefix_options
                get=|f: &CustomerInput| f.prefix.clone() set=|f, v| f.prefix = v />
            <TextField form errors check prefix=P name="firstname" label="First Name" required=true
                autocomplete="off"
                get=|f: &CustomerInput| f.firstname.clone() set=|f, v| f.firstname = v />
            {move || rules.with(|r| r.middlename).then(|| view! {
                <TextField form errors check prefix=P name="middlename" label="Middle Name/Initial"
                    get=|f: &CustomerInput| f.middlename.clone() set=|f, v| f.middlename = v />
            })}
            <TextField form errors check prefix=P name="lastname" label="Last Name" required=true
                autocomplete="off"
                get=|f: &CustomerInput| f.lastname.clone() set=|f, v| f.lastname = v />
            <AffixField form errors check rules name="suffix" label="Name Suffix"
                show=|r| r.suffix options=|r| &r.suffix_options
                get=|f: &CustomerInput| f.suffix.clone() set=|f, v| f.suffix = v />
            <TextField form errors check prefix=P name="email" label="Email" required=true kind="email"
                autocomplete="off"
                get=|f: &CustomerInput| f.email.clone() set=|f, v| f.email = v />
            {move || shown(|r| r.dob).then(|| view! {
                <TextField form errors check prefix=P name="dob" label="Date of Birth" kind="date"
                    required=required(|r| r.dob)
                    get=|f: &CustomerInput| f.dob.clone() set=|f, v| f.dob = v />
            })}
            {move || shown(|r| r.taxvat).then(|| view! {
                <TextField form errors check prefix=P name="taxvat" label="Tax/VAT Number"
                    required=required(|r| r.taxvat)
                    get=|f: &CustomerInput| f.taxvat.clone() set=|f, v| f.taxvat = v />
            })}
            {move || shown(|r| r.gender).then(|| view! {
                <SelectField form errors check prefix=P name="gender" label="Gender"
                    required=required(|r| r.gender) choices=gender_choices() placeholder=" "
                    get=|f: &CustomerInput| f.gender.map(|g| g.to_string()).unwrap_or_default()
                    set=|f, v| f.gender = v.parse().ok() />
            })}
            {is_new.then(|| view! {
                <SelectField form errors check prefix=P name="send_welcome_from" label="Send Welcome Email From"
                    choices=stores
                    get=|f: &CustomerInput| f.send_welcome_from.map(|s| s.to_string()).unwrap_or_default()
                    set=|f, v| f.send_welcome_from = v.parse().ok() />
            })}
        </fieldset>
    }
    .into_any()
}
