//! The system attributes (§2.2, §2.3) as the attribute grids list them. They are columns
//! of the customer and address tables with Magento's labels and rules; the Name and
//! Address Options (Stores → Configuration) decide where the optional ones show.

use super::model::{AttributeRow, EntityType, InputType};
use crate::i18n::{tr, Key, Locale};

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

/// The system attributes of `entity` as grid rows, labelled in `locale`.
pub fn rows(entity: EntityType, locale: Locale) -> Vec<AttributeRow> {
    let list: &[(&str, Key, InputType, bool, i64)] = match entity {
        EntityType::Customer => &CUSTOMER,
        EntityType::Address => &ADDRESS,
    };
    list.iter()
        .map(|&(code, label, input, required, sort_order)| AttributeRow {
            id: None,
            code: code.to_string(),
            label: tr(locale, label).to_string(),
            input: Some(input),
            required,
            system: true,
            visible: true,
            sort_order,
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
