//! What the customer and address forms share, in the admin and on the storefront: the
//! field-error map, the Name and Address Options that decide which fields show, and
//! the checks of required, length-limited and listed fields. The checks run in the
//! browser (inline errors before submit) and again on the server; their messages are
//! catalogue keys, worded in the viewer's language where they are shown.

use crate::config::model::Visibility;
use crate::customers::domain::PersonName;
use crate::i18n::{Arg, Key, Message};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field errors keyed by field name.
pub type FieldErrors = BTreeMap<String, Message>;

/// The longest name prefix or suffix (Magento's column size).
pub const MAX_AFFIX_LEN: usize = 40;

/// The Name and Address Options of one website that decide which fields the
/// customer and address forms show and require.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRules {
    pub prefix: Visibility,
    /// Dropdown choices; empty means a free-text field.
    pub prefix_options: Vec<String>,
    pub middlename: bool,
    pub suffix: Visibility,
    pub suffix_options: Vec<String>,
    pub dob: Visibility,
    pub taxvat: Visibility,
    pub gender: Visibility,
    pub telephone: Visibility,
    pub company: Visibility,
    pub fax: Visibility,
    /// Number of street lines, 1–4.
    pub street_lines: usize,
    /// The shopper's "Allow remote shopping assistance" checkbox and its hint as the
    /// store view's configuration words them; empty: the built-in text, in the
    /// shopper's language.
    #[serde(default)]
    pub assistance_title: String,
    #[serde(default)]
    pub assistance_tooltip: String,
    /// The labels admins gave system fields (Stores → Attributes), by code: the store
    /// view's label or the Default Label (the admin's forms: Default Labels only). A
    /// field missing here keeps its built-in label in the viewer's language.
    #[serde(default)]
    pub customer_labels: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub address_labels: std::collections::BTreeMap<String, String>,
    /// The sort orders admins gave the customer's system fields, by code: the admin's
    /// customer form lists them in that order.
    #[serde(default)]
    pub customer_order: std::collections::BTreeMap<String, i64>,
}

impl FormRules {
    /// The label of the customer's system field `code` (built in: `key`).
    pub fn customer_label(&self, code: &str, key: Key) -> String {
        self.customer_labels
            .get(code)
            .cloned()
            .unwrap_or_else(|| crate::i18n::text(key).to_string())
    }

    /// Where the customer's system field `code` sorts: an admin's sort order, else the
    /// built-in one.
    pub fn customer_sort_order(&self, code: &str) -> i64 {
        self.customer_order.get(code).copied().unwrap_or_else(|| {
            crate::attributes::system::builtin(crate::attributes::model::EntityType::Customer, code)
                .map_or(i64::MAX, |(.., sort)| sort)
        })
    }

    /// The label of the address's system field `code` (built in: `key`).
    pub fn address_label(&self, code: &str, key: Key) -> String {
        self.address_labels
            .get(code)
            .cloned()
            .unwrap_or_else(|| crate::i18n::text(key).to_string())
    }

    /// `errors` of the customer's fields naming each field as its form does: the
    /// label an admin gave a system field replaces the built-in one.
    pub fn relabel_customer(&self, errors: &mut FieldErrors) {
        relabel(&self.customer_labels, errors);
    }

    /// `errors` of the address's fields, named as the address form names them.
    pub fn relabel_address(&self, errors: &mut FieldErrors) {
        relabel(&self.address_labels, errors);
    }
}

/// Each error's built-in `{label}` replaced by the one in `labels` (by attribute code)
/// for its field; a field's error key is its code, but for the listed region
/// (`region_id`), whose attribute is `region`.
fn relabel(labels: &BTreeMap<String, String>, errors: &mut FieldErrors) {
    if labels.is_empty() {
        return;
    }
    for (field, message) in errors.iter_mut() {
        let code = if field == "region_id" {
            "region"
        } else {
            field
        };
        let Some(label) = labels.get(code) else {
            continue;
        };
        for (name, arg) in message.args.iter_mut() {
            if name == "label" && matches!(arg, Arg::Label(_)) {
                *arg = Arg::Text(label.clone());
            }
        }
    }
}

impl Default for FormRules {
    /// Magento's defaults: telephone required, company optional, two street lines,
    /// everything else hidden.
    fn default() -> Self {
        FormRules {
            prefix: Visibility::Hidden,
            prefix_options: Vec::new(),
            middlename: false,
            suffix: Visibility::Hidden,
            suffix_options: Vec::new(),
            dob: Visibility::Hidden,
            taxvat: Visibility::Hidden,
            gender: Visibility::Hidden,
            telephone: Visibility::Required,
            company: Visibility::Optional,
            fax: Visibility::Hidden,
            street_lines: 2,
            customer_labels: Default::default(),
            address_labels: Default::default(),
            customer_order: Default::default(),
            assistance_title: String::new(),
            assistance_tooltip: String::new(),
        }
    }
}

/// The choices of a "Prefix/Suffix Dropdown Options" value: `;`-separated, trimmed; a
/// leading `;` adds an empty first choice; an empty value means "free text" (no list).
pub fn dropdown_options(raw: &str) -> Vec<String> {
    if raw.trim().is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, part) in raw.split(';').enumerate() {
        let part = part.trim();
        if !part.is_empty() || (i == 0 && raw.trim_start().starts_with(';')) {
            out.push(part.to_string());
        }
    }
    out
}

/// Required when shown as required; never required when hidden or optional. False when
/// the field is missing (nothing more to check).
pub fn check_required(
    errors: &mut FieldErrors,
    field: &str,
    label: Key,
    show: Visibility,
    value: &str,
) -> bool {
    if show == Visibility::Required && value.trim().is_empty() {
        errors.insert(field.into(), Message::required(label));
        return false;
    }
    true
}

/// First Name and Last Name (required) and Middle Name/Initial (when given), as
/// customers and addresses both have them (Magento's built-in name validator, see
/// [`PersonName`]).
pub fn check_names(errors: &mut FieldErrors, [first, middle, last]: [&String; 3]) {
    for (field, label, value, required) in [
        ("firstname", Key::FirstName, first, true),
        ("middlename", Key::MiddleName, middle, false),
        ("lastname", Key::LastName, last, true),
    ] {
        if required || !value.trim().is_empty() {
            if let Err(e) = PersonName::parse(label, value) {
                errors.insert(field.into(), e);
            }
        }
    }
}

/// A prefix or suffix: required per the option, one of the dropdown choices when
/// there is a list (an empty list: free text), at most 40 characters.
pub fn check_affix(
    errors: &mut FieldErrors,
    field: &str,
    label: Key,
    show: Visibility,
    options: &[String],
    value: &str,
) {
    if !check_required(errors, field, label, show, value) {
        return;
    }
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    if value.chars().count() > MAX_AFFIX_LEN {
        errors.insert(field.into(), Message::too_long(label, MAX_AFFIX_LEN));
    } else if show != Visibility::Hidden
        && !options.is_empty()
        && !options.iter().any(|o| o == value)
    {
        errors.insert(field.into(), Key::ErrChooseFromList.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropdown_options_follow_magento() {
        assert_eq!(dropdown_options(""), Vec::<String>::new());
        assert_eq!(dropdown_options("Mr;Mrs; Ms "), vec!["Mr", "Mrs", "Ms"]);
        assert_eq!(dropdown_options(";Mr;Mrs"), vec!["", "Mr", "Mrs"]);
    }

    #[test]
    fn affixes_follow_their_option_and_list() {
        let mut errors = FieldErrors::new();
        let choices = dropdown_options("Mr;Ms");
        check_affix(
            &mut errors,
            "prefix",
            Key::NamePrefix,
            Visibility::Required,
            &choices,
            " ",
        );
        assert_eq!(errors["prefix"], "Name Prefix is a required field.");
        check_affix(
            &mut errors,
            "prefix",
            Key::NamePrefix,
            Visibility::Optional,
            &choices,
            "Dr",
        );
        assert_eq!(errors["prefix"], "Choose a value from the list.");
        let long = "x".repeat(MAX_AFFIX_LEN + 1);
        check_affix(
            &mut errors,
            "suffix",
            Key::NameSuffix,
            Visibility::Optional,
            &[],
            &long,
        );
        assert_eq!(
            errors["suffix"],
            "Name Suffix can't be longer than 40 characters."
        );
    }
}
