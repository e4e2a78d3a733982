//! The customer as the admin form and the storefront's account forms edit it, and the
//! rules every customer write obeys before it reaches the database.

use crate::config::model::Visibility;
use crate::customers::domain::{DateOfBirth, Email};
use crate::forms::{check_affix, check_names, check_required, FieldErrors, FormRules};
use crate::i18n::{Key, Message};
use serde::{Deserialize, Serialize};

/// The longest Tax/VAT number (Magento's column size).
pub const MAX_TAXVAT_LEN: usize = 50;

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
    /// "Allow remote shopping assistance" (Login as Customer consent); `None` leaves
    /// it as it is (an admin without the permission to change it).
    #[serde(default)]
    pub assistance_allowed: Option<bool>,
    /// Custom attribute values (Stores → Attributes → Customer), code → value as forms
    /// carry them (see `crate::attributes::rules`).
    #[serde(default)]
    pub custom: crate::attributes::model::Values,
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
                Message::required(Key::AssociateToWebsite),
            );
        }
        if self.group_id <= 0 {
            errors.insert("group_id".into(), Message::required(Key::Group));
        }
        check_affix(
            &mut errors,
            "prefix",
            Key::NamePrefix,
            rules.prefix,
            &rules.prefix_options,
            &self.prefix,
        );
        check_affix(
            &mut errors,
            "suffix",
            Key::NameSuffix,
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
        if check_required(&mut errors, "dob", Key::DateOfBirth, rules.dob, &self.dob)
            && !self.dob.trim().is_empty()
        {
            if let Err(e) = DateOfBirth::parse(&self.dob, today) {
                errors.insert("dob".into(), e);
            }
        }
        if check_required(
            &mut errors,
            "taxvat",
            Key::TaxVat,
            rules.taxvat,
            &self.taxvat,
        ) && self.taxvat.trim().chars().count() > MAX_TAXVAT_LEN
        {
            errors.insert(
                "taxvat".into(),
                Message::too_long(Key::TaxVat, MAX_TAXVAT_LEN),
            );
        }
        match self.gender {
            None if rules.gender == Visibility::Required => {
                errors.insert("gender".into(), Message::required(Key::Gender));
            }
            Some(g) if !(1..=3).contains(&g) => {
                errors.insert("gender".into(), Key::ErrChooseFromList.into());
            }
            _ => {}
        }
        rules.relabel_customer(&mut errors);
        errors
    }
}

impl CustomerInput {
    /// What the action log records of a customer: the fields the admin edits, and the
    /// websites whose newsletter they are subscribed to.
    pub fn logged_fields(&self, subscribed: &[i64]) -> Vec<(&'static str, String)> {
        let c = self;
        let flag = |b: bool| if b { "1" } else { "0" }.to_string();
        let mut websites = subscribed.to_vec();
        websites.sort_unstable();
        vec![
            ("website_id", c.website_id.to_string()),
            ("group_id", c.group_id.to_string()),
            (
                "disable_auto_group_change",
                flag(c.disable_auto_group_change),
            ),
            ("prefix", c.prefix.trim().to_string()),
            ("firstname", c.firstname.trim().to_string()),
            ("middlename", c.middlename.trim().to_string()),
            ("lastname", c.lastname.trim().to_string()),
            ("suffix", c.suffix.trim().to_string()),
            ("email", c.email.trim().to_string()),
            ("dob", c.dob.trim().to_string()),
            ("taxvat", c.taxvat.trim().to_string()),
            (
                "gender",
                c.gender.map(|g| g.to_string()).unwrap_or_default(),
            ),
            (
                "assistance_allowed",
                c.assistance_allowed.map(flag).unwrap_or_default(),
            ),
            (
                "custom_attributes",
                c.custom
                    .iter()
                    .map(|(code, value)| format!("{code}={value}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            (
                "newsletter",
                websites
                    .iter()
                    .map(|w| w.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::dropdown_options;

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
        assert!(errors["email"]
            .to_string()
            .starts_with("Please enter a valid email address"));
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
        assert!(errors["taxvat"].to_string().contains("50"));
        assert!(!errors.contains_key("gender"));
    }

    #[test]
    fn errors_name_the_fields_as_an_admin_labelled_them() {
        let rules = FormRules {
            dob: Visibility::Required,
            customer_labels: [
                ("dob".to_string(), "Birthday".to_string()),
                ("lastname".to_string(), "Surname".to_string()),
            ]
            .into(),
            ..FormRules::default()
        };
        let errors = CustomerInput {
            lastname: "x".repeat(256),
            firstname: String::new(),
            ..valid()
        }
        .validate(&rules, today());
        assert_eq!(errors["dob"], "Birthday is a required field.");
        assert_eq!(
            errors["lastname"],
            "Surname can't be longer than 255 characters."
        );
        assert_eq!(errors["firstname"], "First Name is a required field.");
        let french = errors["dob"].text(crate::i18n::Locale::Fr);
        assert!(french.contains("Birthday"), "{french}");
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
