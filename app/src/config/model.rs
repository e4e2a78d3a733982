//! Store configuration: option definitions and scopes, shared by browser and server.
//!
//! Every option an admin can set lives in [`super::registry::OPTIONS`], keyed by the
//! Magento configuration path (`section/group/field`) so admins coming from Magento
//! recognise them. Code reads options through typed [`Setting`]s, never raw strings.

use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// The widest scope at which an option may be set: G (global), W (website) or SV (store view).
/// Every option can also be set at default scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeKind {
    /// G: default (global) scope only.
    Global,
    /// W: default or website.
    Website,
    /// SV: default, website or store view.
    StoreView,
}

impl ScopeKind {
    /// The short letter for this scope: G, W or SV.
    pub fn letter(self) -> &'static str {
        match self {
            ScopeKind::Global => "G",
            ScopeKind::Website => "W",
            ScopeKind::StoreView => "SV",
        }
    }
}

/// What values an option accepts; used to validate `config set` and the admin form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// `0` or `1` (Magento's Yes/No source model).
    YesNo,
    /// An integer in `min..=max`; `empty_means` is the value used when the stored value is empty.
    Int { min: i64, max: i64 },
    /// One of a fixed list of `(value, label)` pairs.
    Select(&'static [(&'static str, crate::i18n::Key)]),
    /// A comma-separated subset of a fixed list of `(value, label)` pairs.
    MultiSelect(&'static [(&'static str, crate::i18n::Key)]),
    /// The id of a customer group.
    CustomerGroup,
    /// Free single-line text.
    Text,
    /// Free multi-line text (tooltips).
    TextArea,
    /// An address template of this format: its tags must balance and name known variables.
    AddressTemplate(crate::address_format::template::Format),
    /// The template of one account email (its code, `reset_password`…): the built-in
    /// one (the option's default) or the id of an admin's template made from it.
    EmailTemplate(&'static str),
    /// An email address (a store's sender).
    EmailAddress,
}

/// One configuration option.
#[derive(Clone, Copy, Debug)]
pub struct OptionDef {
    /// Magento config path, e.g. `customer/password/lockout_failures`.
    pub path: &'static str,
    /// The admin label, e.g. "Maximum Login Failures to Lockout Account".
    pub label: crate::i18n::Key,
    /// The admin group heading, e.g. "Password Options".
    pub group: crate::i18n::Key,
    /// Widest scope allowed.
    pub scope: ScopeKind,
    /// Built-in default as stored text ("" means empty / not set).
    pub default: &'static str,
    /// Accepted values.
    pub kind: ValueKind,
}

/// Where a configuration value is stored: `default`, one website, or one store view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    Default,
    Website(i64),
    StoreView(i64),
}

impl Scope {
    /// Database representation (Magento's `core_config_data.scope` values).
    pub fn as_db(self) -> (&'static str, i64) {
        match self {
            Scope::Default => ("default", 0),
            Scope::Website(id) => ("websites", id),
            Scope::StoreView(id) => ("stores", id),
        }
    }

    /// Parse the database representation.
    pub fn from_db(scope: &str, id: i64) -> Option<Self> {
        match scope {
            "default" => Some(Scope::Default),
            "websites" => Some(Scope::Website(id)),
            "stores" => Some(Scope::StoreView(id)),
            _ => None,
        }
    }
}

/// A typed handle on one option: `Setting<bool>`, `Setting<i64>`, `Setting<String>`.
#[derive(Debug)]
pub struct Setting<T> {
    pub path: &'static str,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for Setting<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Setting<T> {}

impl<T> Setting<T> {
    /// The setting at `path` (declared in the registry, which makes every one).
    pub const fn new(path: &'static str) -> Self {
        Setting {
            path,
            _type: PhantomData,
        }
    }
}

/// Conversion from the stored text to a typed value.
pub trait ConfigValue: Sized {
    fn parse_config(raw: &str) -> Option<Self>;
}

impl ConfigValue for bool {
    fn parse_config(raw: &str) -> Option<Self> {
        match raw.trim() {
            "1" => Some(true),
            "0" | "" => Some(false),
            _ => None,
        }
    }
}

impl ConfigValue for i64 {
    fn parse_config(raw: &str) -> Option<Self> {
        raw.trim().parse().ok()
    }
}

impl ConfigValue for String {
    fn parse_config(raw: &str) -> Option<Self> {
        Some(raw.to_string())
    }
}

/// Name & address "show" options: `''` (No), `opt`, `req` (the Show Prefix, Show
/// Telephone… fields of Name and Address Options).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visibility {
    Hidden,
    Optional,
    Required,
}

impl ConfigValue for Visibility {
    fn parse_config(raw: &str) -> Option<Self> {
        match raw.trim() {
            "" | "0" => Some(Visibility::Hidden),
            "opt" | "1" => Some(Visibility::Optional),
            "req" => Some(Visibility::Required),
            _ => None,
        }
    }
}

impl OptionDef {
    /// Check a value an admin wants to store: the rule broken, in the viewer's words.
    /// The admin page runs it in the browser and the server runs it again on save.
    pub fn check(&self, value: &str) -> Result<(), crate::i18n::Message> {
        use crate::i18n::{Key, Message};
        let label = self.label;
        let choice_error = || Message::new(Key::CfgErrChoice).with("label", label);
        match self.kind {
            ValueKind::YesNo => match value {
                "0" | "1" => Ok(()),
                _ => Err(choice_error()),
            },
            ValueKind::Int { min, max } => match value.trim().parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(()),
                _ if max == i64::MAX => Err(Message::new(Key::CfgErrAtLeast)
                    .with("label", label)
                    .with("min", min)),
                _ => Err(Message::new(Key::CfgErrRange)
                    .with("label", label)
                    .with("min", min)
                    .with("max", max)),
            },
            ValueKind::Select(choices) => match choices.iter().any(|(v, _)| *v == value) {
                true => Ok(()),
                false => Err(choice_error()),
            },
            ValueKind::MultiSelect(choices) => {
                let known = |part: &str| choices.iter().any(|(v, _)| *v == part);
                match value.split(',').filter(|p| !p.is_empty()).all(known) {
                    true => Ok(()),
                    false => Err(choice_error()),
                }
            }
            ValueKind::CustomerGroup => match value.trim().parse::<i64>() {
                Ok(n) if n >= 0 => Ok(()),
                _ => Err(Message::new(Key::CfgErrUnknownGroup).with("label", label)),
            },
            ValueKind::Text if value.contains('\n') => {
                Err(Message::new(Key::CfgErrSingleLine).with("label", label))
            }
            ValueKind::Text | ValueKind::TextArea => Ok(()),
            // Any name shaped like an attribute code passes here; saving checks it names
            // a custom address attribute (`config::service`).
            ValueKind::AddressTemplate(_) => {
                use crate::address_format::template::{could_be_attribute, Template};
                Template::parse(value, &could_be_attribute)
                    .map(|_| ())
                    .map_err(|e| crate::address_format::template::error_message(&e))
            }
            ValueKind::EmailTemplate(_) => match value.trim().parse::<i64>() {
                _ if value == self.default => Ok(()),
                Ok(n) if n > 0 => Ok(()),
                _ => Err(choice_error()),
            },
            ValueKind::EmailAddress => {
                match crate::customers::domain::Email::parse(value).is_ok() && value.trim() == value
                {
                    true => Ok(()),
                    false => Err(Message::new(Key::CfgErrEmailAddress).with("label", label)),
                }
            }
        }
    }

    /// [`OptionDef::check`] in English, naming the path (the `server config` command).
    pub fn validate(&self, value: &str) -> Result<(), String> {
        self.check(value)
            .map_err(|message| format!("{}: {}", self.path, message.text(crate::i18n::Locale::En)))
    }

    /// May this option be stored at `scope`?
    pub fn allows(&self, scope: Scope) -> bool {
        matches!(
            (self.scope, scope),
            (_, Scope::Default)
                | (ScopeKind::Website | ScopeKind::StoreView, Scope::Website(_))
                | (ScopeKind::StoreView, Scope::StoreView(_))
        )
    }
}

/// A page of Stores → Configuration (Magento's tabs on the left), each opened by its own
/// ACL resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Section {
    /// Customers → Customer Configuration.
    Customer,
    /// Customers → Login as Customer.
    LoginAsCustomer,
    /// Customers → Persistent Shopping Cart.
    Persistent,
    /// General → General (locale).
    General,
    /// General → Web (cookies).
    Web,
    /// Advanced → Admin (admin security).
    Admin,
    /// General → Store Email Addresses (the senders of the store's emails).
    StoreEmails,
}

impl Section {
    /// Every section in menu order.
    pub const ALL: [Section; 7] = [
        Section::Customer,
        Section::LoginAsCustomer,
        Section::Persistent,
        Section::General,
        Section::Web,
        Section::StoreEmails,
        Section::Admin,
    ];

    /// The section's code in URLs (Magento's `section` parameter).
    pub fn code(self) -> &'static str {
        match self {
            Section::Customer => "customer",
            Section::LoginAsCustomer => "login_as_customer",
            Section::Persistent => "persistent",
            Section::General => "general",
            Section::Web => "web",
            Section::Admin => "admin",
            Section::StoreEmails => "trans_email",
        }
    }

    /// The section with URL code `code`.
    pub fn from_code(code: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The tab's label.
    pub fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            Section::Customer => Key::CfgSectionCustomer,
            Section::LoginAsCustomer => Key::CfgGroupLoginAs,
            Section::Persistent => Key::CfgGroupPersistent,
            Section::General => Key::CfgSectionGeneral,
            Section::Web => Key::CfgSectionWeb,
            Section::Admin => Key::CfgSectionAdmin,
            Section::StoreEmails => Key::CfgSectionStoreEmails,
        }
    }

    /// The ACL resource an admin needs to open and save this section.
    pub fn resource(self) -> &'static str {
        use crate::auth::acl;
        match self {
            Section::Customer | Section::Persistent => acl::CONFIG_CUSTOMER,
            Section::LoginAsCustomer => acl::CONFIG_LOGIN_AS_CUSTOMER,
            Section::General | Section::Web | Section::Admin => acl::CONFIG,
            Section::StoreEmails => acl::CONFIG_STORE_EMAILS,
        }
    }
}
