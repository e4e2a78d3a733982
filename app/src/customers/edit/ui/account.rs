//! The Account Information tab: Magento's admin account fields (Associate to Website,
//! Group, names, Email, Date of Birth, Tax/VAT Number, Gender…), shown and required per the
//! website's name & address options.

use crate::config::model::Visibility;
use crate::customers::edit::model::FormOptions;
use crate::customers::model::CustomerInput;
use crate::forms::{FieldErrors, FormRules};
use crate::i18n::{text, Key};
use crate::ui::fields::{CheckField, SelectField, TextField};
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
        ("1".into(), text(Key::GenderMale).into()),
        ("2".into(), text(Key::GenderFemale).into()),
        ("3".into(), text(Key::GenderNotSpecified).into()),
    ]
}

fn affix_choices(options: &[String]) -> Vec<(String, String)> {
    options.iter().map(|o| (o.clone(), o.clone())).collect()
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
    // A Default Label an admin gave a system field (Stores → Attributes → Customer),
    // else the built-in one.
    let named = move |code: &str, key: Key| rules.with_untracked(|r| r.customer_label(code, key));
    let may_allow_assistance = crate::admin::ui::use_admin()
        .is_some_and(|a| a.can(crate::auth::acl::ALLOW_SHOPPING_ASSISTANCE));
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
    // A new customer's welcome email comes from a store view of the chosen website:
    // choosing another website picks that website's first store view.
    if is_new {
        Effect::new(move || {
            let website = form.with(|f| f.website_id);
            let first = options.with_value(|o| {
                o.websites
                    .iter()
                    .find(|w| w.id == website)
                    .and_then(|w| w.stores.first().map(|s| s.0))
            });
            let current = form.with_untracked(|f| f.send_welcome_from);
            let belongs = options.with_value(|o| {
                o.websites
                    .iter()
                    .find(|w| w.id == website)
                    .is_some_and(|w| w.stores.iter().any(|s| Some(s.0) == current))
            });
            if !belongs {
                form.update(|f| f.send_welcome_from = first);
            }
        });
    }
    let shown =
        move |pick: fn(&FormRules) -> Visibility| rules.with(|r| pick(r) != Visibility::Hidden);
    let required =
        move |pick: fn(&FormRules) -> Visibility| rules.with(|r| pick(r) == Visibility::Required);
    // The system fields in their sort order (Stores → Attributes → Customer).
    let mut system_fields: Vec<(&str, AnyView)> = vec![
        (
            "website_id",
            view! {
            {many_websites.then(|| view! {
                <SelectField form errors check prefix=P name="website_id" label=named("website_id", Key::AssociateToWebsite)
                    choices=websites required=true
                    get=|f: &CustomerInput| f.website_id.to_string()
                    set=|f, v| f.website_id = v.parse().unwrap_or(0) />
            })}
            }
            .into_any(),
        ),
        (
            "group_id",
            view! {
            <SelectField form errors check prefix=P name="group_id" label=named("group_id", Key::Group) choices=groups required=true
                get=|f: &CustomerInput| f.group_id.to_string()
                set=|f, v| f.group_id = v.parse().unwrap_or(0) />
            }
            .into_any(),
        ),
        (
            "disable_auto_group_change",
            view! {
            <CheckField form prefix=P name="disable_auto_group_change"
                label=named("disable_auto_group_change", Key::DisableAutoGroupChange)
                get=|f: &CustomerInput| f.disable_auto_group_change
                set=|f, v| f.disable_auto_group_change = v />

            }
            .into_any(),
        ),
        (
            "prefix",
            view! {
            {move || shown(|r| r.prefix).then(|| {
                let choices = rules.with(|r| affix_choices(&r.prefix_options));
                let req = required(|r| r.prefix);
                if choices.is_empty() {
                    view! { <TextField form errors check prefix=P name="prefix" label=named("prefix", Key::NamePrefix) required=req
                        get=|f: &CustomerInput| f.prefix.clone() set=|f, v| f.prefix = v /> }.into_any()
                } else {
                    view! { <SelectField form errors check prefix=P name="prefix" label=named("prefix", Key::NamePrefix) required=req
                        choices=choices placeholder=" "
                        get=|f: &CustomerInput| f.prefix.clone() set=|f, v| f.prefix = v /> }.into_any()
                }
            })}
            }
            .into_any(),
        ),
        (
            "firstname",
            view! {
            <TextField form errors check prefix=P name="firstname" label=named("firstname", Key::FirstName) required=true
                autocomplete="off"
                get=|f: &CustomerInput| f.firstname.clone() set=|f, v| f.firstname = v />
            }
            .into_any(),
        ),
        (
            "middlename",
            view! {
            {move || rules.with(|r| r.middlename).then(|| view! {
                <TextField form errors check prefix=P name="middlename" label=named("middlename", Key::MiddleName)
                    get=|f: &CustomerInput| f.middlename.clone() set=|f, v| f.middlename = v />
            })}
            }
            .into_any(),
        ),
        (
            "lastname",
            view! {
            <TextField form errors check prefix=P name="lastname" label=named("lastname", Key::LastName) required=true
                autocomplete="off"
                get=|f: &CustomerInput| f.lastname.clone() set=|f, v| f.lastname = v />
            }
            .into_any(),
        ),
        (
            "suffix",
            view! {
            {move || shown(|r| r.suffix).then(|| {
                let choices = rules.with(|r| affix_choices(&r.suffix_options));
                let req = required(|r| r.suffix);
                if choices.is_empty() {
                    view! { <TextField form errors check prefix=P name="suffix" label=named("suffix", Key::NameSuffix) required=req
                        get=|f: &CustomerInput| f.suffix.clone() set=|f, v| f.suffix = v /> }.into_any()
                } else {
                    view! { <SelectField form errors check prefix=P name="suffix" label=named("suffix", Key::NameSuffix) required=req
                        choices=choices placeholder=" "
                        get=|f: &CustomerInput| f.suffix.clone() set=|f, v| f.suffix = v /> }.into_any()
                }
            })}
            }
            .into_any(),
        ),
        (
            "email",
            view! {
            <TextField form errors check prefix=P name="email" label=named("email", Key::Email) required=true kind="email"
                autocomplete="off"
                get=|f: &CustomerInput| f.email.clone() set=|f, v| f.email = v />
            }
            .into_any(),
        ),
        (
            "dob",
            view! {
            {move || shown(|r| r.dob).then(|| view! {
                <TextField form errors check prefix=P name="dob" label=named("dob", Key::DateOfBirth) kind="date"
                    required=required(|r| r.dob)
                    get=|f: &CustomerInput| f.dob.clone() set=|f, v| f.dob = v />
            })}
            }
            .into_any(),
        ),
        (
            "taxvat",
            view! {
            {move || shown(|r| r.taxvat).then(|| view! {
                <TextField form errors check prefix=P name="taxvat" label=named("taxvat", Key::TaxVat)
                    required=required(|r| r.taxvat)
                    get=|f: &CustomerInput| f.taxvat.clone() set=|f, v| f.taxvat = v />
            })}
            }
            .into_any(),
        ),
        (
            "gender",
            view! {
            {move || shown(|r| r.gender).then(|| view! {
                <SelectField form errors check prefix=P name="gender" label=named("gender", Key::Gender)
                    required=required(|r| r.gender) choices=gender_choices() placeholder=" "
                    get=|f: &CustomerInput| f.gender.map(|g| g.to_string()).unwrap_or_default()
                    set=|f, v| f.gender = v.parse().ok() />
            })}

            }
            .into_any(),
        ),
    ];
    system_fields.sort_by_key(|(code, _)| rules.with_untracked(|r| r.customer_sort_order(code)));
    let system_fields: Vec<AnyView> = system_fields.into_iter().map(|(_, v)| v).collect();
    view! {
        <fieldset class="form form-grid">
            <legend>{text(Key::AccountInformation)}</legend>
            {system_fields}
            {may_allow_assistance.then(|| view! {
                <CheckField form prefix=P name="assistance_allowed"
                    label=text(Key::AllowAssistance)
                    get=|f: &CustomerInput| f.assistance_allowed.unwrap_or(false)
                    set=|f, v| f.assistance_allowed = Some(v) />
            })}
            {is_new.then(|| view! {
                <SelectField form errors check prefix=P name="send_welcome_from" label=text(Key::SendWelcomeFrom)
                    choices=stores
                    get=|f: &CustomerInput| f.send_welcome_from.map(|s| s.to_string()).unwrap_or_default()
                    set=|f, v| f.send_welcome_from = v.parse().ok() />
            })}
            <crate::attributes::ui::fields::CustomAttributeFields form errors check prefix=P
                fields=options.with_value(|o| o.attributes.clone())
                read=|f: &CustomerInput| &f.custom write=|f: &mut CustomerInput| &mut f.custom />
        </fieldset>
    }
    .into_any()
}
