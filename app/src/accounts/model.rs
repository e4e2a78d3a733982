//! Wire types of the storefront account pages, and the registration rules the browser
//! and the server both run.

use super::rules::{check_password, PasswordRules};
use crate::customers::domain::DateOfBirth;
use crate::customers::edit::model::{CustomerInput, FieldErrors, FormRules};
use serde::{Deserialize, Serialize};

/// "Please enter the same value again." (a confirmation field that differs).
pub const SAME_VALUE_AGAIN: &str = "Please enter the same value again.";

/// What the account forms need to know about the store view they are on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountFormOptions {
    /// The website's name & address options (which name fields show, and which are
    /// required).
    pub rules: FormRules,
    pub password: PasswordRules,
    /// The store's date today (`YYYY-MM-DD`): a date of birth may not be later.
    pub today: String,
    /// "Require Emails Confirmation" of the website.
    pub confirm_required: bool,
}

impl AccountFormOptions {
    pub fn today(&self) -> DateOfBirth {
        DateOfBirth::today_from(&self.today)
    }
}

/// The Create an Account form (spec §8.1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub prefix: String,
    pub firstname: String,
    pub middlename: String,
    pub lastname: String,
    pub suffix: String,
    /// `YYYY-MM-DD` or empty.
    pub dob: String,
    pub taxvat: String,
    pub gender: Option<i64>,
    /// "Sign Up for Newsletter".
    pub newsletter: bool,
    /// "Allow remote shopping assistance" (Login as Customer consent).
    pub assistance: bool,
    pub email: String,
    pub password: String,
    pub password_confirmation: String,
}

impl Registration {
    /// The account part as the customer form knows it (website and group are the
    /// store's, set by the server).
    pub fn customer(&self, website_id: i64, group_id: i64) -> CustomerInput {
        CustomerInput {
            website_id,
            group_id,
            prefix: self.prefix.clone(),
            firstname: self.firstname.clone(),
            middlename: self.middlename.clone(),
            lastname: self.lastname.clone(),
            suffix: self.suffix.clone(),
            email: self.email.clone(),
            dob: self.dob.clone(),
            taxvat: self.taxvat.clone(),
            gender: self.gender,
            ..CustomerInput::default()
        }
    }

    /// Every field's message, by field name (empty when the form is fine).
    pub fn validate(&self, options: &AccountFormOptions) -> FieldErrors {
        let mut errors = self
            .customer(1, 1)
            .validate(&options.rules, options.today());
        errors.extend(check_new_password(
            &self.password,
            &self.password_confirmation,
            &self.email,
            options.password,
        ));
        errors
    }
}

/// A new password and its confirmation: `password` and `password_confirmation` messages.
pub fn check_new_password(
    password: &str,
    confirmation: &str,
    email: &str,
    rules: PasswordRules,
) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if password.is_empty() {
        errors.insert("password".into(), "This is a required field.".into());
    } else if let Err(message) = check_password(password, email.trim(), rules) {
        errors.insert("password".into(), message);
    }
    if confirmation.is_empty() {
        errors.insert(
            "password_confirmation".into(),
            "This is a required field.".into(),
        );
    } else if confirmation != password {
        errors.insert("password_confirmation".into(), SAME_VALUE_AGAIN.into());
    }
    errors
}

/// What happened after Create an Account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Registered {
    /// The customer is signed in.
    SignedIn,
    /// A confirmation link was emailed; sign-in waits for it.
    ConfirmationSent,
}

/// The signed-in shopper, as the storefront header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInCustomer {
    pub firstname: String,
    pub lastname: String,
    pub email: String,
}

/// After a successful sign-in: where to go ("Redirect Customer to Account Dashboard
/// after Logging in").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub to_dashboard: bool,
}

/// The My Account page (spec §16.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    /// Subscribed to the newsletter of this website.
    pub newsletter: bool,
    /// The default billing and shipping addresses, one entry per printed line.
    pub default_billing: Option<Vec<String>>,
    pub default_shipping: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> AccountFormOptions {
        AccountFormOptions {
            today: "2026-11-21".into(),
            ..Default::default()
        }
    }

    fn valid() -> Registration {
        Registration {
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            email: "ada@example.com".into(),
            password: "Analytical-1".into(),
            password_confirmation: "Analytical-1".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_registration_passes() {
        assert!(valid().validate(&options()).is_empty());
    }

    #[test]
    fn names_email_and_password_are_checked_together() {
        let form = Registration {
            firstname: String::new(),
            email: "not-an-email".into(),
            password: "short".into(),
            password_confirmation: "other".into(),
            ..valid()
        };
        let errors = form.validate(&options());
        assert_eq!(errors["firstname"], "First Name is a required field.");
        assert!(errors["email"].starts_with("Please enter a valid email address"));
        assert!(errors["password"].starts_with("The password needs at least 8 characters."));
        assert_eq!(errors["password_confirmation"], SAME_VALUE_AGAIN);
    }

    #[test]
    fn the_password_may_not_be_the_email() {
        let form = Registration {
            email: "Ada.Lovelace1@Example.com".into(),
            password: "Ada.Lovelace1@Example.com".into(),
            password_confirmation: "Ada.Lovelace1@Example.com".into(),
            ..valid()
        };
        assert_eq!(
            form.validate(&options())["password"],
            "The password can't be the same as the email address. Create a new password and try again."
        );
    }

    #[test]
    fn shown_and_required_fields_follow_the_rules() {
        use crate::config::model::Visibility;
        let mut options = options();
        options.rules.dob = Visibility::Required;
        options.rules.gender = Visibility::Required;
        let errors = valid().validate(&options);
        assert!(errors.contains_key("dob"), "{errors:?}");
        assert!(errors.contains_key("gender"), "{errors:?}");
    }
}
