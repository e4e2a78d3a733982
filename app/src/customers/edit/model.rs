//! Wire types and rules of the admin's customer form (the Customer View summary and the
//! Account Information fields). The rules run in the browser (inline errors before
//! submit) and again on the server.

use crate::config::model::Visibility;
use crate::customers::domain::{DateOfBirth, Email, PersonName};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field errors keyed by field name.
pub type FieldErrors = BTreeMap<String, String>;

use crate::customers::grid::model::MAX_TAXVAT_LEN;
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

/// A website the customer can be associated with, and its store views.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebsiteChoice {
    pub id: i64,
    pub name: String,
    /// `(store_id, name)`, the website's default store view first.
    pub stores: Vec<(i64, String)>,
}

/// Everything the customer form needs besides the customer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOptions {
    pub websites: Vec<WebsiteChoice>,
    /// `(id, name)` of every group a customer can belong to (not NOT LOGGED IN).
    pub groups: Vec<(i64, String)>,
    /// "Default Group" of Create New Account Options, for new customers.
    pub default_group: i64,
    /// The form rules of each website.
    pub rules: BTreeMap<i64, FormRules>,
    /// The store's date today (`YYYY-MM-DD`); dates of birth may not be later.
    pub today: String,
}

impl FormOptions {
    /// The rules of `website` (Magento's defaults for an unknown one).
    pub fn rules_for(&self, website: i64) -> FormRules {
        self.rules.get(&website).cloned().unwrap_or_default()
    }

    /// The store's date today; an unreadable value allows any past date.
    pub fn today(&self) -> DateOfBirth {
        DateOfBirth::today_from(&self.today)
    }
}

/// One website's newsletter checkbox on the Newsletter tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsletterChoice {
    pub website_id: i64,
    pub website_name: String,
    pub subscribed: bool,
}

/// The Account Information form (and the Newsletter tab's checkboxes), as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerInput {
    /// `None` for a new customer.
    pub id: Option<i64>,
    /// The version loaded; a save over a newer version is refused.
    pub version: i64,
    pub website_id: i64,
    pub group_id: i64,
    pub disable_auto_group_change: bool,
    pub prefix: String,
    pub firstname: String,
    pub middlename: String,
    pub lastname: String,
    pub suffix: String,
    pub email: String,
    /// `YYYY-MM-DD` or empty.
    pub dob: String,
    pub taxvat: String,
    /// 1 Male, 2 Female, 3 Not Specified.
    pub gender: Option<i64>,
    /// "Send Welcome Email From" (new customers only): a store view of the website.
    pub send_welcome_from: Option<i64>,
    pub newsletter: Vec<NewsletterChoice>,
}

/// Required when shown as required; never required when hidden or optional.
fn check_required(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    show: Visibility,
    value: &str,
) -> bool {
    if show == Visibility::Required && value.trim().is_empty() {
        errors.insert(field.into(), format!("{label} is a required field."));
        return false;
    }
    true
}

/// First Name and Last Name (required) and Middle Name/Initial (when given), as
/// customers and addresses both have them (Magento's built-in name validator, see
/// [`PersonName`]).
pub fn check_names(errors: &mut FieldErrors, [first, middle, last]: [&String; 3]) {
    for (field, label, value, required) in [
        ("firstname", "First Name", first, true),
        ("middlename", "Middle Name/Initial", middle, false),
        ("lastname", "Last Name", last, true),
    ] {
        if required || !value.trim().is_empty() {
            if let Err(e) = PersonName::parse(label, value) {
                errors.insert(field.into(), e);
            }
        }
    }
}

/// A prefix or suffix: required per the option, one of the dropdown choices when
/// there is a list, at most 40 characters.
fn check_affix(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
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
        errors.insert(
            field.into(),
            format!("{label} can't be longer than {MAX_AFFIX_LEN} characters."),
        );
    } else if show != Visibility::Hidden
        && !options.is_empty()
        && !options.iter().any(|o| o == value)
    {
        errors.insert(field.into(), "Choose a value from the list.".into());
    }
}

impl CustomerInput {
    /// Every field rule that needs no database (Magento's built-in validators and the
    /// Account Information fields' own rules). Hidden fields are never required, but a
    /// value they carry must still be well-formed.
    pub fn validate(&self, rules: &FormRules, today: DateOfBirth) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if self.website_id <= 0 {
            errors.insert(
                "website_id".into(),
                "Associate to Website is a required field.".into(),
            );
        }
        if self.group_id <= 0 {
            errors.insert("group_id".into(), "Group is a required field.".into());
        }
        check_affix(
            &mut errors,
            "prefix",
            "Name Prefix",
            rules.prefix,
            &rules.prefix_options,
            &self.prefix,
        );
        check_affix(
            &mut errors,
            "suffix",
            "Name Suffix",
            rules.suffix,
            &rules.suffix_options,
            &self.suffix,
        );
        check_names(
            &mut errors,
            [&self.firstname, &self.middlename, &self.lastname],
        );
        if let Err(e) = Email::parse(&self.email) {
            errors.insert("email".into(), e);
        }
        if check_required(&mut errors, "dob", "Date of Birth", rules.dob, &self.dob)
            && !self.dob.trim().is_empty()
        {
            if let Err(e) = DateOfBirth::parse(&self.dob, today) {
                errors.insert("dob".into(), e);
            }
        }
        if check_required(
            &mut errors,
            "taxvat",
            "Tax/VAT Number",
            rules.taxvat,
            &self.taxvat,
        ) && self.taxvat.trim().chars().count() > MAX_TAXVAT_LEN
        {
            errors.insert(
                "taxvat".into(),
                format!("Tax/VAT Number can't be longer than {MAX_TAXVAT_LEN} characters."),
            );
        }
        match self.gender {
            None if rules.gender == Visibility::Required => {
                errors.insert("gender".into(), "Gender is a required field.".into());
            }
            Some(g) if !(1..=3).contains(&g) => {
                errors.insert("gender".into(), "Choose a value from the list.".into());
            }
            _ => {}
        }
        errors
    }
}

/// Whether the customer confirmed their email (the grid's "Confirmed email" column:
/// Confirmed, Confirmation Required or Confirmation Not Required).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confirmation {
    Confirmed,
    Required,
    NotRequired,
}

/// The Customer View tab's summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub last_login_at: Option<i64>,
    pub last_logout_at: Option<i64>,
    /// Signed in within the Now Online window and not signed out since.
    pub online: bool,
    /// Locked until this time (Unix seconds), when in the future.
    pub locked_until: Option<i64>,
    pub confirmation: Confirmation,
    pub created_at: i64,
    pub created_in: String,
    pub group_name: String,
    pub website_name: String,
    /// The default billing address, formatted one line per entry; `None` without one.
    pub default_billing: Option<Vec<String>>,
    pub has_password: bool,
}

/// A saved customer as the edit page loads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDetail {
    pub input: CustomerInput,
    pub summary: CustomerSummary,
}

/// What a save answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSaved {
    pub id: i64,
    pub version: i64,
    /// Set when the customer was saved but the welcome email could not be sent.
    pub warning: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> DateOfBirth {
        DateOfBirth {
            year: 2026,
            month: 11,
            day: 21,
        }
    }

    fn valid() -> CustomerInput {
        CustomerInput {
            website_id: 1,
            group_id: 1,
            firstname: "Zoë".into(),
            lastname: "Müller".into(),
            email: "zoe@example.com".into(),
            ..Default::default()
        }
    }

    #[test]
    fn dropdown_options_follow_magento() {
        assert_eq!(dropdown_options(""), Vec::<String>::new());
        assert_eq!(dropdown_options("Mr;Mrs; Ms "), vec!["Mr", "Mrs", "Ms"]);
        assert_eq!(dropdown_options(";Mr;Mrs"), vec!["", "Mr", "Mrs"]);
    }

    #[test]
    fn a_plain_customer_is_valid_and_names_are_checked() {
        let rules = FormRules::default();
        assert!(valid().validate(&rules, today()).is_empty());
        let bad = CustomerInput {
            firstname: "Bob<script>".into(),
            lastname: " ".into(),
            email: "nope".into(),
            website_id: 0,
            ..valid()
        };
        let errors = bad.validate(&rules, today());
        assert_eq!(errors["firstname"], "First Name is not valid!");
        assert_eq!(errors["lastname"], "Last Name is a required field.");
        assert!(errors["email"].starts_with("Please enter a valid email address"));
        assert_eq!(
            errors["website_id"],
            "Associate to Website is a required field."
        );
    }

    #[test]
    fn shown_fields_follow_the_options() {
        let rules = FormRules {
            prefix: Visibility::Required,
            prefix_options: dropdown_options("Mr;Ms"),
            dob: Visibility::Required,
            gender: Visibility::Required,
            taxvat: Visibility::Optional,
            ..FormRules::default()
        };
        let errors = valid().validate(&rules, today());
        assert_eq!(errors["prefix"], "Name Prefix is a required field.");
        assert_eq!(errors["dob"], "Date of Birth is a required field.");
        assert_eq!(errors["gender"], "Gender is a required field.");
        assert!(!errors.contains_key("taxvat"));
        let input = CustomerInput {
            prefix: "Dr".into(),
            dob: "2026-11-22".into(),
            gender: Some(2),
            taxvat: "x".repeat(51),
            ..valid()
        };
        let errors = input.validate(&rules, today());
        assert_eq!(errors["prefix"], "Choose a value from the list.");
        assert_eq!(errors["dob"], "The Date of Birth can't be in the future.");
        assert!(errors["taxvat"].contains("50"));
        assert!(!errors.contains_key("gender"));
    }

    #[test]
    fn hidden_fields_are_optional_but_still_well_formed() {
        let rules = FormRules::default();
        let input = CustomerInput {
            dob: "1980-02-30".into(),
            ..valid()
        };
        assert!(input.validate(&rules, today()).contains_key("dob"));
        assert!(CustomerInput {
            dob: String::new(),
            ..valid()
        }
        .validate(&rules, today())
        .is_empty());
    }
}
