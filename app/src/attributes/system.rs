//! The system attributes (§2.2, §2.3) as the attribute grids list them. They are columns
//! of the customer and address tables with Magento's labels and rules; the Name and
//! Address Options (Stores → Configuration) decide where the optional ones show.

use super::model::{AttributeRow, EntityType, InputType, SystemShown};
use crate::i18n::{tr, Key, Locale};
use std::collections::BTreeMap;

/// `(code, label, input, required, sort order)` of the customer's system attributes.
const CUSTOMER: [(&str, Key, InputType, bool, i64); 13] = [
    (
        "website_id",
        Key::AssociateToWebsite,
        InputType::Dropdown,
        true,
        10,
    ),
    ("group_id", Key::Group, InputType::Dropdown, true, 25),
    (
        "disable_auto_group_change",
        Key::DisableAutoGroupChange,
        InputType::YesNo,
        false,
        28,
    ),
    ("prefix", Key::NamePrefix, InputType::Text, false, 30),
    ("firstname", Key::FirstName, InputType::Text, true, 40),
    ("middlename", Key::MiddleName, InputType::Text, false, 50),
    ("lastname", Key::LastName, InputType::Text, true, 60),
    ("suffix", Key::NameSuffix, InputType::Text, false, 70),
    ("email", Key::Email, InputType::Text, true, 80),
    ("dob", Key::DateOfBirth, InputType::Date, false, 90),
    ("taxvat", Key::TaxVat, InputType::Text, false, 100),
    ("gender", Key::Gender, InputType::Dropdown, false, 110),
    (
        "created_in",
        Key::AccountCreatedIn,
        InputType::Text,
        false,
        120,
    ),
];

/// The address's system attributes.
const ADDRESS: [(&str, Key, InputType, bool, i64); 14] = [
    ("prefix", Key::NamePrefix, InputType::Text, false, 10),
    ("firstname", Key::FirstName, InputType::Text, true, 20),
    ("middlename", Key::MiddleName, InputType::Text, false, 30),
    ("lastname", Key::LastName, InputType::Text, true, 40),
    ("suffix", Key::NameSuffix, InputType::Text, false, 50),
    ("company", Key::ColCompany, InputType::Text, false, 60),
    ("street", Key::StreetAddress, InputType::Multiline, true, 70),
    ("city", Key::ColCity, InputType::Text, true, 80),
    ("country_id", Key::ColCountry, InputType::Dropdown, true, 90),
    ("region", Key::StateProvince, InputType::Text, false, 100),
    ("postcode", Key::PostalCode, InputType::Text, false, 110),
    ("telephone", Key::PhoneNumber, InputType::Text, true, 120),
    ("fax", Key::ColFax, InputType::Text, false, 130),
    ("vat_id", Key::VatNumber, InputType::Text, false, 140),
];

fn list(entity: EntityType) -> &'static [(&'static str, Key, InputType, bool, i64)] {
    match entity {
        EntityType::Customer => &CUSTOMER,
        EntityType::Address => &ADDRESS,
    }
}

/// A system attribute's built-in label, input, whether it is required and its sort
/// order; `None` for a code that is not one of `entity`'s.
pub fn builtin(entity: EntityType, code: &str) -> Option<(Key, InputType, bool, i64)> {
    list(entity)
        .iter()
        .find(|(c, ..)| *c == code)
        .map(|&(_, label, input, required, sort)| (label, input, required, sort))
}

/// What decides where a system attribute shows (its editor says so instead of offering
/// Show on Storefront): Name and Address Options for the optional name and address
/// fields, the admin's form alone for the account's administrative fields.
pub fn shown(entity: EntityType, code: &str) -> SystemShown {
    match (entity, code) {
        (
            EntityType::Customer,
            "website_id" | "group_id" | "disable_auto_group_change" | "created_in",
        ) => SystemShown::AdminOnly,
        (_, "prefix") => SystemShown::Setting(Key::CfgAddressPrefixShow),
        (_, "middlename") => SystemShown::Setting(Key::CfgAddressMiddlenameShow),
        (_, "suffix") => SystemShown::Setting(Key::CfgAddressSuffixShow),
        (EntityType::Customer, "dob") => SystemShown::Setting(Key::CfgAddressDobShow),
        (EntityType::Customer, "taxvat") => SystemShown::Setting(Key::CfgAddressTaxvatShow),
        (EntityType::Customer, "gender") => SystemShown::Setting(Key::CfgAddressGenderShow),
        (EntityType::Address, "company") => SystemShown::Setting(Key::CfgAddressCompanyShow),
        (EntityType::Address, "telephone") => SystemShown::Setting(Key::CfgAddressTelephoneShow),
        (EntityType::Address, "fax") => SystemShown::Setting(Key::CfgAddressFaxShow),
        _ => SystemShown::Always,
    }
}

/// What an admin changed of a system attribute: another Default Label (`None`: the
/// built-in one, in each viewer's language), labels per store view, a sort order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub label: Option<String>,
    pub labels: BTreeMap<i64, String>,
    pub sort_order: Option<i64>,
}

/// The system attributes of `entity` as grid rows, labelled in `locale` unless an admin
/// gave one another Default Label; `overrides` by code.
pub fn rows(
    entity: EntityType,
    locale: Locale,
    overrides: &BTreeMap<String, Overrides>,
) -> Vec<AttributeRow> {
    list(entity)
        .iter()
        .map(|&(code, label, input, required, sort_order)| {
            let changed = overrides.get(code);
            AttributeRow {
                id: None,
                code: code.to_string(),
                label: changed
                    .and_then(|o| o.label.clone())
                    .unwrap_or_else(|| tr(locale, label).to_string()),
                input: Some(input),
                required,
                system: true,
                visible: shown(entity, code) != SystemShown::AdminOnly,
                sort_order: changed.and_then(|o| o.sort_order).unwrap_or(sort_order),
            }
        })
        .collect()
}

/// The labels forms show for `entity`'s system fields in store view `store` (`None`:
/// the admin's, Default Labels only): the store view's label, else the Default Label an
/// admin set. A field missing here keeps its built-in label in the viewer's language.
pub fn form_labels(
    overrides: &BTreeMap<String, Overrides>,
    store: Option<i64>,
) -> BTreeMap<String, String> {
    overrides
        .iter()
        .filter_map(|(code, o)| {
            store
                .and_then(|s| o.labels.get(&s).cloned())
                .or_else(|| o.label.clone())
                .map(|label| (code.clone(), label))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_system_code_is_reserved() {
        for (entity, list) in [
            (EntityType::Customer, CUSTOMER.as_slice()),
            (EntityType::Address, ADDRESS.as_slice()),
        ] {
            for (code, ..) in list {
                assert!(super::super::rules::is_reserved(entity, code), "{code}");
            }
        }
    }
}
