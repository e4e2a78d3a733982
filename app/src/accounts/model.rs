//! Wire types of the storefront account pages, and the registration rules the browser
//! and the server both run.

use super::rules::{check_password, PasswordRules};
use crate::customers::address::model::AddressInput;
use crate::customers::domain::DateOfBirth;
use crate::customers::model::CustomerInput;
use crate::forms::{FieldErrors, FormRules};
use crate::i18n::Key;
use serde::{Deserialize, Serialize};

/// The storefront's login page.
pub const LOGIN_PATH: &str = "/customer/account/login";

/// The login page's query parameter saying the confirmation link was sent again.
pub const CONFIRMATION_RESENT: &str = "resent";

/// The Forgot Your Password? page.
pub const FORGOT_PASSWORD_PATH: &str = "/customer/account/forgotpassword";

/// "Please enter the same value again." (a confirmation field that differs).
pub const SAME_VALUE_AGAIN: Key = Key::ErrSameValueAgain;

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
    /// The custom customer attributes this form shows, labelled for the store view.
    #[serde(default)]
    pub attributes: Vec<crate::attributes::model::FieldDef>,
    /// Create an Account asks for an address too ("Ask for an Address at
    /// Registration"), with these custom address attributes (the form "Customer Address
    /// Registration").
    #[serde(default)]
    pub address: bool,
    #[serde(default)]
    pub address_attributes: Vec<crate::attributes::model::FieldDef>,
}

impl AccountFormOptions {
    pub fn today(&self) -> DateOfBirth {
        DateOfBirth::today_from(&self.today)
    }
}

/// The Create an Account form.
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
    /// Custom attribute values (as a script sends them, or as the page's own form posted
    /// them: see `crate::attributes::rules::fold_posted`).
    #[serde(default)]
    pub custom: crate::attributes::model::Values,
    /// The address, when the store asks for one ([`AccountFormOptions::address`]): its
    /// names are the personal ones, and it becomes the default billing and shipping
    /// address.
    #[serde(default)]
    pub address: AddressInput,
}

/// Where the address's own messages go in a registration's errors: `address.<field>`.
pub const ADDRESS_ERRORS: &str = "address.";

/// The address fields a registration does not ask for: the personal ones stand in.
const ADDRESS_NAMES: [&str; 5] = ["prefix", "firstname", "middlename", "lastname", "suffix"];

/// The messages of Create an Account's address part, keyed by the address form's
/// field names (the names are the personal fields' and are checked there).
pub fn address_errors(address: &AddressInput, options: &AccountFormOptions) -> FieldErrors {
    use crate::attributes::rules::{check_values, fold_posted};
    let mut errors = address.validate(&options.rules);
    for name in ADDRESS_NAMES {
        errors.remove(name);
    }
    if let Err(custom) = check_values(
        &options.address_attributes,
        &fold_posted(&options.address_attributes, &address.custom),
    ) {
        errors.extend(custom);
    }
    errors
}

/// A registration's messages parted: the account's own, and the address part's keyed
/// by the address form's field names.
pub fn split_address_errors(errors: FieldErrors) -> (FieldErrors, FieldErrors) {
    let mut own = FieldErrors::new();
    let mut address = FieldErrors::new();
    for (field, message) in errors {
        match field.strip_prefix(ADDRESS_ERRORS) {
            Some(name) => address.insert(name.to_string(), message),
            None => own.insert(field, message),
        };
    }
    (own, address)
}

impl Registration {
    /// The address this registration adds to customer `customer_id` (its default
    /// billing and shipping address), named as the customer.
    pub fn new_address(&self, customer_id: i64) -> AddressInput {
        AddressInput {
            id: None,
            customer_id,
            version: 0,
            prefix: self.prefix.clone(),
            firstname: self.firstname.clone(),
            middlename: self.middlename.clone(),
            lastname: self.lastname.clone(),
            suffix: self.suffix.clone(),
            default_billing: true,
            default_shipping: true,
            request_key: String::new(),
            ..self.address.clone()
        }
    }

    /// The account part as the customer form knows it (website and group are the
    /// store's, set by the server).
    pub fn customer(&self, website_id: i64, group_id: i64) -> CustomerInput {
        CustomerInput {
            website_id,
            group_id,
            ..self.as_customer(&self.email)
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
        errors.extend(custom_errors(options, &self.custom));
        if options.address {
            for (field, message) in address_errors(&self.new_address(0), options) {
                errors.insert(format!("{ADDRESS_ERRORS}{field}"), message);
            }
        }
        errors
    }
}

/// The messages of the form's custom attributes.
fn custom_errors(
    options: &AccountFormOptions,
    custom: &crate::attributes::model::Values,
) -> FieldErrors {
    use crate::attributes::rules::{check_values, fold_posted};
    check_values(
        &options.attributes,
        &fold_posted(&options.attributes, custom),
    )
    .err()
    .unwrap_or_default()
}

/// Where a shopper lands after creating an account with the form posted without script:
/// My Account, thanking them.
pub const REGISTERED_LANDING: &str = "/customer/account?registered=1";
/// Where they land when the account waits for its email confirmation: the login page,
/// saying so.
pub const CONFIRMATION_SENT_LANDING: &str = "/customer/account/login?confirm=1";

/// Create an Account as the page's form posts it before its script has loaded
/// (`application/x-www-form-urlencoded`): every field as text, absent when the form does
/// not show it, and a ticked box as "on" (absent when not ticked).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostedRegistration {
    pub prefix: String,
    pub firstname: String,
    pub middlename: String,
    pub lastname: String,
    pub suffix: String,
    pub dob: String,
    pub taxvat: String,
    pub gender: String,
    pub newsletter: Option<String>,
    pub assistance: Option<String>,
    pub email: String,
    pub password: String,
    pub password_confirmation: String,
    /// The CAPTCHA's token and answer, when the form showed one.
    pub captcha_token: Option<String>,
    pub captcha: Option<String>,
    /// `custom[<code>]`, `custom[<code>:<option or line>]`.
    pub custom: std::collections::BTreeMap<String, String>,
    /// The address, when the form asks for one: its fields by their own names, the
    /// street lines as `street[<n>]` and its custom attributes as `address_custom[…]`.
    pub company: String,
    pub street: Vec<String>,
    pub city: String,
    pub country_id: String,
    pub region_id: String,
    pub region: String,
    pub postcode: String,
    pub telephone: String,
    pub fax: String,
    pub vat_id: String,
    pub address_custom: std::collections::BTreeMap<String, String>,
}

impl From<PostedRegistration> for Registration {
    fn from(p: PostedRegistration) -> Self {
        Registration {
            prefix: p.prefix,
            firstname: p.firstname,
            middlename: p.middlename,
            lastname: p.lastname,
            suffix: p.suffix,
            dob: p.dob,
            taxvat: p.taxvat,
            // A value that is no number is no choice (the select's placeholder is " ").
            gender: p.gender.trim().parse().ok(),
            newsletter: p.newsletter.is_some(),
            assistance: p.assistance.is_some(),
            email: p.email,
            password: p.password,
            password_confirmation: p.password_confirmation,
            custom: p.custom,
            address: AddressInput {
                company: p.company,
                street: p.street,
                city: p.city,
                country_id: p.country_id,
                region_id: p.region_id,
                region: p.region,
                postcode: p.postcode,
                telephone: p.telephone,
                fax: p.fax,
                vat_id: p.vat_id,
                custom: p.address_custom,
                ..AddressInput::default()
            },
        }
    }
}

impl Registration {
    /// What the form shows again after the server refused it: everything typed but the
    /// passwords, which are never kept.
    pub fn without_passwords(&self) -> Registration {
        Registration {
            password: String::new(),
            password_confirmation: String::new(),
            ..self.clone()
        }
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
        errors.insert("password".into(), Key::RequiredField.into());
    } else if let Err(message) = check_password(password, email.trim(), rules) {
        errors.insert("password".into(), message);
    }
    if confirmation.is_empty() {
        errors.insert("password_confirmation".into(), Key::RequiredField.into());
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
    /// An admin is connected as this customer (Login as Customer).
    #[serde(default)]
    pub assisted: bool,
}

/// After a successful sign-in: where to go ("Redirect Customer to Account Dashboard
/// after Logging in").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub to_dashboard: bool,
}

impl SignedIn {
    /// Where the shopper goes: My Account when the store says so, else back to the page
    /// that sent them to sign in (`referer`, a path on this site only), else home.
    pub fn destination(&self, referer: Option<&str>) -> String {
        if self.to_dashboard {
            return "/customer/account".to_string();
        }
        referer
            .and_then(super::rules::safe_return_path)
            .unwrap_or_else(|| "/".to_string())
    }
}

/// The My Account page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    /// Subscribed to the newsletter of this website.
    pub newsletter: bool,
    /// The default billing and shipping addresses printed with the store view's HTML
    /// address template (markup made safe on the server).
    pub default_billing: Option<String>,
    pub default_shipping: Option<String>,
}

/// "The password doesn't match this account…" (a wrong current password in Account
/// Information).
pub const PASSWORD_MISMATCH: Key = Key::ErrPasswordMismatch;

/// The personal fields both account forms edit (names, date of birth, Tax/VAT, gender,
/// remote shopping assistance), read and written by field name so one set of controls
/// serves both.
pub trait PersonalForm: Clone + Send + Sync + 'static {
    fn text(&self, field: &str) -> &str;
    fn text_mut(&mut self, field: &str) -> &mut String;
    fn gender(&self) -> Option<i64>;
    fn set_gender(&mut self, gender: Option<i64>);
    fn assistance(&self) -> bool;
    fn set_assistance(&mut self, allowed: bool);

    /// The form with every field the options hide emptied: a hostile or stale client
    /// cannot set what the store does not show (a prefix, a Tax/VAT number, …).
    fn without_hidden(&self, rules: &crate::forms::FormRules) -> Self {
        use crate::config::model::Visibility::Hidden;
        let mut form = self.clone();
        let hidden = [
            ("prefix", rules.prefix == Hidden),
            ("middlename", !rules.middlename),
            ("suffix", rules.suffix == Hidden),
            ("dob", rules.dob == Hidden),
            ("taxvat", rules.taxvat == Hidden),
        ];
        for (field, is_hidden) in hidden {
            if is_hidden {
                form.text_mut(field).clear();
            }
        }
        if rules.gender == Hidden {
            form.set_gender(None);
        }
        form
    }

    /// The personal fields as the customer form knows them, with this sign-in email
    /// (website and group are the caller's to set).
    fn as_customer(&self, email: &str) -> CustomerInput {
        let text = |field: &str| self.text(field).to_string();
        CustomerInput {
            website_id: 1,
            group_id: 1,
            prefix: text("prefix"),
            firstname: text("firstname"),
            middlename: text("middlename"),
            lastname: text("lastname"),
            suffix: text("suffix"),
            email: email.to_string(),
            dob: text("dob"),
            taxvat: text("taxvat"),
            gender: self.gender(),
            ..CustomerInput::default()
        }
    }
}

macro_rules! personal_form {
    ($form:ty) => {
        impl PersonalForm for $form {
            fn text(&self, field: &str) -> &str {
                match field {
                    "prefix" => &self.prefix,
                    "firstname" => &self.firstname,
                    "middlename" => &self.middlename,
                    "lastname" => &self.lastname,
                    "suffix" => &self.suffix,
                    "dob" => &self.dob,
                    "taxvat" => &self.taxvat,
                    _ => "",
                }
            }
            fn text_mut(&mut self, field: &str) -> &mut String {
                match field {
                    "prefix" => &mut self.prefix,
                    "middlename" => &mut self.middlename,
                    "lastname" => &mut self.lastname,
                    "suffix" => &mut self.suffix,
                    "dob" => &mut self.dob,
                    "taxvat" => &mut self.taxvat,
                    _ => &mut self.firstname,
                }
            }
            fn gender(&self) -> Option<i64> {
                self.gender
            }
            fn set_gender(&mut self, gender: Option<i64>) {
                self.gender = gender;
            }
            fn assistance(&self) -> bool {
                self.assistance
            }
            fn set_assistance(&mut self, allowed: bool) {
                self.assistance = allowed;
            }
        }
    };
}

personal_form!(Registration);
personal_form!(AccountEdit);

/// The Account Information form. The email and the password change
/// only behind the current password.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountEdit {
    /// The account's version when loaded: a save over a change made elsewhere (the
    /// admin, another device) is refused and shown to the shopper.
    pub version: i64,
    pub prefix: String,
    pub firstname: String,
    pub middlename: String,
    pub lastname: String,
    pub suffix: String,
    /// `YYYY-MM-DD` or empty.
    pub dob: String,
    pub taxvat: String,
    pub gender: Option<i64>,
    pub assistance: bool,
    /// The sign-in email: the current one, or the new one with "Change Email".
    pub email: String,
    pub change_email: bool,
    pub change_password: bool,
    pub current_password: String,
    pub password: String,
    pub password_confirmation: String,
    /// Custom attribute values of the Customer Account Edit form.
    #[serde(default)]
    pub custom: crate::attributes::model::Values,
}

impl AccountEdit {
    /// Does saving need the current password?
    pub fn changes_credentials(&self) -> bool {
        self.change_email || self.change_password
    }

    /// The same form without anything secret (what may be kept on the device).
    pub fn without_secrets(&self) -> Self {
        Self {
            change_email: false,
            change_password: false,
            current_password: String::new(),
            password: String::new(),
            password_confirmation: String::new(),
            ..self.clone()
        }
    }

    /// Every field's message, by field name (empty when the form is fine).
    pub fn validate(&self, options: &AccountFormOptions) -> FieldErrors {
        let customer = self.as_customer(&self.email);
        let mut errors = customer.validate(&options.rules, options.today());
        if !self.change_email {
            errors.remove("email");
        }
        if self.changes_credentials() && self.current_password.is_empty() {
            errors.insert("current_password".into(), Key::RequiredField.into());
        }
        if self.change_password {
            errors.extend(check_new_password(
                &self.password,
                &self.password_confirmation,
                &self.email,
                options.password,
            ));
        }
        errors.extend(custom_errors(options, &self.custom));
        errors
    }
}

/// The Account Information page: the form as saved, and the options it obeys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInformation {
    pub options: AccountFormOptions,
    pub form: AccountEdit,
    /// An admin connected as the customer: the email and password cannot be changed.
    #[serde(default)]
    pub assisted: bool,
}

/// Additional addresses per page of the address book.
pub const ADDRESS_BOOK_PAGE_SIZE: u32 = 10;

/// "The default billing or shipping address can't be deleted…" (as in Magento, only
/// additional entries have Delete).
pub const DEFAULT_NOT_DELETABLE: Key = Key::ErrDefaultNotDeletable;

/// The Address Book page: both defaults and one page of the additional
/// addresses, with what the address form needs (so it also opens from the saved copy).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressBook {
    pub default_billing: Option<AddressInput>,
    pub default_shipping: Option<AddressInput>,
    pub additional: Vec<AddressInput>,
    /// Additional addresses in all.
    pub total: u64,
    pub page: u32,
    pub rules: FormRules,
    /// The account's names (a new address starts with them).
    pub firstname: String,
    pub lastname: String,
    /// The website's HTML address template: the page prints every address with it, also
    /// the ones changed offline (copies saved before it existed print with the built-in).
    #[serde(default)]
    pub html_template: String,
    /// The custom address attributes the template can print, labelled for the store
    /// view (copies saved before they existed print without them).
    #[serde(default)]
    pub attributes: Vec<crate::attributes::model::FieldDef>,
}

impl AddressBook {
    /// How many pages the additional addresses fill (at least one).
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(ADDRESS_BOOK_PAGE_SIZE)) as u32).max(1)
    }

    /// A new address for this customer: the account's names, the default country.
    pub fn new_address(&self) -> AddressInput {
        AddressInput {
            firstname: self.firstname.clone(),
            lastname: self.lastname.clone(),
            street: vec![String::new(); self.rules.street_lines.max(1)],
            country_id: "US".into(),
            ..AddressInput::default()
        }
    }

    /// An address on this page of the book, by id.
    pub fn find(&self, id: i64) -> Option<&AddressInput> {
        self.default_billing
            .iter()
            .chain(self.default_shipping.iter())
            .chain(self.additional.iter())
            .find(|a| a.id == Some(id))
    }
}

/// The address form page: the address (a new one prefilled) and the rules it obeys.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressForm {
    pub address: AddressInput,
    pub rules: FormRules,
    /// The custom address attributes the form shows.
    #[serde(default)]
    pub attributes: Vec<crate::attributes::model::FieldDef>,
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
        assert!(errors["email"]
            .to_string()
            .starts_with("Please enter a valid email address"));
        assert!(errors["password"]
            .to_string()
            .starts_with("The password needs at least 8 characters."));
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

    fn edit() -> AccountEdit {
        AccountEdit {
            version: 3,
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            email: "ada@example.com".into(),
            ..Default::default()
        }
    }

    #[test]
    fn account_information_needs_the_current_password_only_for_credentials() {
        assert!(edit().validate(&options()).is_empty());
        let form = AccountEdit {
            change_email: true,
            email: "ada@new.example.com".into(),
            ..edit()
        };
        assert_eq!(
            form.validate(&options())["current_password"],
            "This is a required field."
        );
        let form = AccountEdit {
            change_password: true,
            current_password: "Old-secret-1".into(),
            email: "Ada.Lovelace1@Example.com".into(),
            password: "Ada.Lovelace1@Example.com".into(),
            password_confirmation: "Ada.Lovelace1@Example.com".into(),
            ..edit()
        };
        let errors = form.validate(&options());
        assert!(!errors.contains_key("current_password"), "{errors:?}");
        assert!(
            errors["password"].to_string().contains("same as the email"),
            "{errors:?}"
        );
    }

    #[test]
    fn an_address_is_checked_only_where_the_store_asks_for_one() {
        assert!(valid().validate(&options()).is_empty());
        let asked = AccountFormOptions {
            address: true,
            ..options()
        };
        let errors = valid().validate(&asked);
        let keys: Vec<_> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "address.city",
                "address.country_id",
                "address.postcode",
                "address.street",
                "address.telephone"
            ],
            "the names are the personal ones: never asked twice"
        );
        let (own, address) = split_address_errors(errors);
        assert!(own.is_empty());
        assert_eq!(address["city"], "City is a required field.");
        let form = Registration {
            address: AddressInput {
                street: vec!["12 Rue de Rivoli".into()],
                city: "Paris".into(),
                country_id: "FR".into(),
                postcode: "75001".into(),
                telephone: "+33 1 23 45 67 89".into(),
                // Whatever a script sends, the address is the new customer's own, named
                // as they are, and their default.
                id: Some(7),
                customer_id: 99,
                firstname: "Mallory".into(),
                ..AddressInput::default()
            },
            ..valid()
        };
        assert!(form.validate(&asked).is_empty());
        let address = form.new_address(5);
        assert_eq!(
            (address.id, address.customer_id, address.firstname.as_str()),
            (None, 5, "Ada")
        );
        assert!(address.default_billing && address.default_shipping);
    }

    #[test]
    fn the_page_form_posts_the_address_by_its_own_names() {
        let posted = PostedRegistration {
            firstname: "Ada".into(),
            street: vec!["1 Main St".into(), "Flat 2".into()],
            city: "Leeds".into(),
            custom: [("tier".to_string(), "3".to_string())].into(),
            address_custom: [("tier".to_string(), "Gate 4".to_string())].into(),
            ..PostedRegistration::default()
        };
        let form = Registration::from(posted);
        assert_eq!(form.address.street, ["1 Main St", "Flat 2"]);
        assert_eq!(form.address.city, "Leeds");
        assert_eq!(form.custom["tier"], "3");
        assert_eq!(form.address.custom["tier"], "Gate 4");
    }

    #[test]
    fn the_saved_copy_keeps_no_secret() {
        let form = AccountEdit {
            change_password: true,
            current_password: "Old-secret-1".into(),
            password: "New-secret-1".into(),
            password_confirmation: "New-secret-1".into(),
            ..edit()
        };
        let kept = form.without_secrets();
        assert!(kept.current_password.is_empty() && kept.password.is_empty());
        assert!(!kept.change_password);
        assert_eq!(kept.firstname, "Ada");
    }
}
