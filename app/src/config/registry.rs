//! The built-in defaults of every store configuration option, keyed by Magento config
//! path (`section/group/field`): account sharing (spec §3), Now Online (§6), the Customer
//! Configuration groups — Create New Account, Password, Account Information, Name and
//! Address, Login Options (§7.3–7.7) — address templates (§13), store credit (§15.3),
//! customer segments (§19.1), storefront CAPTCHA (§7.11), cookie lifetime and persistent
//! shopping cart (§7.12), Login as Customer (§10.1), plus admin security and locale options
//! of our own. Where the guide and Magento's code disagree the code default wins (§25).
//! [`OPTIONS`] is the single source of truth for labels, scopes, defaults and accepted
//! values; code reads options through the typed [`Key`] constants below.

use super::model::{Key, OptionDef, ScopeKind, ValueKind, Visibility};

use ScopeKind::{Global as G, StoreView as SV, Website as W};
use ValueKind::{CustomerGroup, MultiSelect, Select, Text, TextArea, YesNo};

/// `i64::MAX` upper bound: "a whole number of at least `min`".
const NO_MAX: i64 = i64::MAX;

/// Name and address "show" options (Magento's `Nooptreq` source model).
const SHOW_CHOICES: &[(&str, &str)] = &[("", "No"), ("opt", "Optional"), ("req", "Required")];

/// Store email identities (Magento's `Email\Identity` source model).
const EMAIL_IDENTITIES: &[(&str, &str)] = &[
    ("general", "General Contact"),
    ("sales", "Sales Representative"),
    ("support", "Customer Support"),
    ("custom1", "Custom Email 1"),
    ("custom2", "Custom Email 2"),
];

/// Storefront forms that can show a CAPTCHA (spec §7.11).
const CAPTCHA_FORMS_CHOICES: &[(&str, &str)] = &[
    ("user_create", "Create user"),
    ("user_login", "Login"),
    ("user_forgotpassword", "Forgot password"),
    ("guest_checkout", "Check Out as Guest"),
    ("register_during_checkout", "Register during Checkout"),
    ("contact_us", "Contact Us"),
    ("user_edit", "Change password"),
];

const fn opt(
    path: &'static str,
    label: &'static str,
    group: &'static str,
    scope: ScopeKind,
    default: &'static str,
    kind: ValueKind,
) -> OptionDef {
    OptionDef {
        path,
        label,
        group,
        scope,
        default,
        kind,
    }
}

const fn int(min: i64, max: i64) -> ValueKind {
    ValueKind::Int { min, max }
}

const SHARING: &str = "Account Sharing Options";
const ONLINE: &str = "Online Customers Options";
const CREATE: &str = "Create New Account Options";
const PASSWORD: &str = "Password Options";
const ACCOUNT_INFO: &str = "Account Information Options";
const NAME_ADDRESS: &str = "Name and Address Options";
const LOGIN: &str = "Login Options";
const TEMPLATES: &str = "Address Templates";
const STORE_CREDIT: &str = "Store Credit Options";
const SEGMENTS: &str = "Customer Segments";
const CAPTCHA: &str = "CAPTCHA";
const COOKIES: &str = "Default Cookie Settings";
const PERSISTENT: &str = "Persistent Shopping Cart";
const LOGIN_AS: &str = "Login as Customer";
const ADMIN_SECURITY: &str = "Admin Security";
const LOCALE: &str = "Locale Options";

/// Every store configuration option with its built-in default.
#[rustfmt::skip]
pub static OPTIONS: &[OptionDef] = &[
    // ---- §3 Account Sharing Options ----
    opt("customer/account_share/scope", "Share Customer Accounts", SHARING, G, "1",
        Select(&[("0", "Global"), ("1", "Per Website")])),

    // ---- §6 Online Customers Options ----
    // Magento leaves the interval empty and treats empty as 15; we store the 15 explicitly.
    opt("customer/online_customers/online_minutes_interval", "Online Minutes Interval", ONLINE, G, "15",
        int(1, NO_MAX)),
    opt("customer/online_customers/section_data_lifetime", "Customer Data Lifetime", ONLINE, G, "60",
        int(1, NO_MAX)),

    // ---- §7.3 Create New Account Options ----
    opt("customer/create_account/auto_group_assign", "Enable Automatic Assignment to Customer Group", CREATE, SV, "0",
        YesNo),
    opt("customer/create_account/tax_calculation_address_type", "Tax Calculation Based On", CREATE, SV, "billing",
        Select(&[("billing", "Billing Address"), ("shipping", "Shipping Address")])),
    opt("customer/create_account/default_group", "Default Group", CREATE, SV, "1",
        CustomerGroup),
    opt("customer/create_account/viv_domestic_group", "Group for Valid VAT ID - Domestic", CREATE, SV, "",
        CustomerGroup),
    opt("customer/create_account/viv_intra_union_group", "Group for Valid VAT ID - Intra-Union", CREATE, SV, "",
        CustomerGroup),
    opt("customer/create_account/viv_invalid_group", "Group for Invalid VAT ID", CREATE, SV, "",
        CustomerGroup),
    opt("customer/create_account/viv_error_group", "Validation Error Group", CREATE, SV, "",
        CustomerGroup),
    // No default in the spec ("—"): empty, read as No.
    opt("customer/create_account/viv_on_each_transaction", "Validate on Each Transaction", CREATE, SV, "",
        YesNo),
    opt("customer/create_account/viv_disable_auto_group_assign_default",
        "Default Value for Disable Automatic Group Changes Based on VAT ID", CREATE, G, "0",
        YesNo),
    opt("customer/create_account/vat_frontend_visibility", "Show VAT Number on Storefront", CREATE, W, "0",
        YesNo),
    opt("customer/create_account/email_domain", "Default Email Domain", CREATE, SV, "example.com",
        Text),
    // Newer Magento versions only; the spec says it "appears to default to Yes".
    opt("customer/create_account/email_required_create_order", "Email is required field for Admin order creation",
        CREATE, SV, "1",
        YesNo),
    opt("customer/create_account/email_template", "Default Welcome Email", CREATE, SV,
        "customer_create_account_email_template",
        Text),
    opt("customer/create_account/email_no_password_template", "Default Welcome Email Without Password", CREATE, SV,
        "customer_create_account_email_no_password_template",
        Text),
    opt("customer/create_account/email_identity", "Email Sender", CREATE, SV, "general",
        Select(EMAIL_IDENTITIES)),
    opt("customer/create_account/confirm", "Require Emails Confirmation", CREATE, W, "0",
        YesNo),
    opt("customer/create_account/email_confirmation_template", "Confirmation Link Email", CREATE, SV,
        "customer_create_account_email_confirmation_template",
        Text),
    opt("customer/create_account/email_confirmed_template", "Welcome Email", CREATE, SV,
        "customer_create_account_email_confirmed_template",
        Text),
    opt("customer/create_account/generate_human_friendly_id", "Generate Human-Friendly Customer ID", CREATE, G, "0",
        YesNo),

    // ---- §7.4 Password Options ----
    opt("customer/password/password_reset_protection_type", "Password Reset Protection Type", PASSWORD, SV, "1",
        Select(&[("1", "By IP and Email"), ("2", "By IP"), ("3", "By Email"), ("0", "None")])),
    opt("customer/password/max_number_password_reset_requests", "Max Number of Password Reset Requests",
        PASSWORD, SV, "5",
        int(0, NO_MAX)),
    opt("customer/password/min_time_between_password_reset_requests", "Min Time Between Password Reset Requests",
        PASSWORD, SV, "10",
        int(0, NO_MAX)),
    opt("customer/password/forgot_email_template", "Forgot Email Template", PASSWORD, SV,
        "customer_password_forgot_email_template",
        Text),
    opt("customer/password/remind_email_template", "Remind Email Template", PASSWORD, SV,
        "customer_password_remind_email_template",
        Text),
    opt("customer/password/reset_password_template", "Reset Password Template", PASSWORD, SV,
        "customer_password_reset_password_template",
        Text),
    opt("customer/password/forgot_email_identity", "Password Template Email Sender", PASSWORD, SV, "support",
        Select(EMAIL_IDENTITIES)),
    // Code default 2 hours (the guide says 24 h).
    opt("customer/password/reset_link_expiration_period", "Recovery Link Expiration Period (hours)",
        PASSWORD, G, "2",
        int(1, NO_MAX)),
    opt("customer/password/autocomplete_on_storefront", "Enable Autocomplete on login/forgot password forms",
        PASSWORD, W, "0",
        YesNo),
    opt("customer/password/required_character_classes_number", "Number of Required Character Classes",
        PASSWORD, G, "3",
        int(1, 4)),
    opt("customer/password/lockout_failures", "Maximum Login Failures to Lockout Account", PASSWORD, G, "10",
        int(0, NO_MAX)),
    // Code default 8 (the guide's reset page says 6).
    opt("customer/password/minimum_password_length", "Minimum Password Length", PASSWORD, G, "8",
        int(1, NO_MAX)),
    opt("customer/password/lockout_threshold", "Lockout Time (minutes)", PASSWORD, G, "10",
        int(0, NO_MAX)),

    // ---- §7.5 Account Information Options ----
    opt("customer/account_information/change_email_template", "Change Email Template", ACCOUNT_INFO, SV,
        "customer_account_information_change_email_template",
        Text),
    opt("customer/account_information/change_email_and_password_template", "Change Email and Password Template",
        ACCOUNT_INFO, SV,
        "customer_account_information_change_email_and_password_template",
        Text),
    // Newer config.xml only (not in the guide); label and scope are ours.
    opt("customer/account_information/confirm", "Require email confirmation if email has been changed",
        ACCOUNT_INFO, W, "0",
        YesNo),

    // ---- §7.6 Name and Address Options (scope W) ----
    // Code default 2 lines (the guide says 3).
    opt("customer/address/street_lines", "Number of Lines in a Street Address", NAME_ADDRESS, W, "2",
        int(1, 4)),
    opt("customer/address/prefix_show", "Show Prefix", NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES)),
    opt("customer/address/prefix_options", "Prefix Dropdown Options", NAME_ADDRESS, W, "",
        Text),
    // Empty = No; a shown middle name is always optional.
    opt("customer/address/middlename_show", "Show Middle Name (initial)", NAME_ADDRESS, W, "",
        YesNo),
    opt("customer/address/suffix_show", "Show Suffix", NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES)),
    opt("customer/address/suffix_options", "Suffix Dropdown Options", NAME_ADDRESS, W, "",
        Text),
    opt("customer/address/dob_show", "Show Date of Birth", NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES)),
    opt("customer/address/taxvat_show", "Show Tax/VAT Number", NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES)),
    opt("customer/address/gender_show", "Show Gender", NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES)),
    opt("customer/address/telephone_show", "Show Telephone", NAME_ADDRESS, W, "req",
        Select(SHOW_CHOICES)),
    opt("customer/address/company_show", "Show Company", NAME_ADDRESS, W, "opt",
        Select(SHOW_CHOICES)),
    opt("customer/address/fax_show", "Show Fax", NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES)),

    // ---- §7.7 Login Options ----
    // Current code default No (older versions: Yes).
    opt("customer/startup/redirect_dashboard", "Redirect Customer to Account Dashboard after Logging in",
        LOGIN, W, "0",
        YesNo),

    // ---- §13 Address Templates (textareas; newlines are part of the value) ----
    opt("customer/address_templates/text", "Text", TEMPLATES, SV, TEMPLATE_TEXT,
        TextArea),
    opt("customer/address_templates/oneline", "Text One Line", TEMPLATES, SV, TEMPLATE_ONELINE,
        TextArea),
    opt("customer/address_templates/html", "HTML", TEMPLATES, SV, TEMPLATE_HTML,
        TextArea),
    opt("customer/address_templates/pdf", "PDF", TEMPLATES, SV, TEMPLATE_PDF,
        TextArea),

    // ---- §15.3 Store Credit Options ----
    // The spec states no defaults here; these are Magento's usual ones (feature on, history
    // shown, no automatic refund to store credit, General Contact sender, stock template).
    opt("customer/magento_customerbalance/is_enabled", "Enable Store Credit Functionality", STORE_CREDIT, G, "1",
        YesNo),
    opt("customer/magento_customerbalance/show_history", "Show Store Credit History to Customers",
        STORE_CREDIT, W, "1",
        YesNo),
    opt("customer/magento_customerbalance/refund_automatically", "Refund Store Credit Automatically",
        STORE_CREDIT, G, "0",
        YesNo),
    opt("customer/magento_customerbalance/email_identity", "Store Credit Update Email Sender",
        STORE_CREDIT, SV, "general",
        Select(EMAIL_IDENTITIES)),
    opt("customer/magento_customerbalance/email_template", "Store Credit Update Email Template",
        STORE_CREDIT, SV, "customer_magento_customerbalance_email_template",
        Text),

    // ---- §19.1 Customer Segments ----
    // is_enabled: default not stated in the spec; we choose Yes. Real-time check: spec says Yes.
    opt("customer/magento_customersegment/is_enabled", "Enable Customer Segment Functionality", SEGMENTS, G, "1",
        YesNo),
    opt("customer/magento_customersegment/real_time_check_if_customer_is_matched_by_segment",
        "Real-time Check if Customer is Matched by Segment", SEGMENTS, G, "1",
        YesNo),

    // ---- §7.11 CAPTCHA (storefront) ----
    opt("customer/captcha/enable", "Enable CAPTCHA on Storefront", CAPTCHA, W, "1",
        YesNo),
    // The only font Magento ships.
    opt("customer/captcha/font", "Font", CAPTCHA, W, "linlibertine",
        Select(&[("linlibertine", "LinLibertine")])),
    opt("customer/captcha/forms", "Forms", CAPTCHA, W, "user_forgotpassword,user_login",
        MultiSelect(CAPTCHA_FORMS_CHOICES)),
    opt("customer/captcha/mode", "Displaying Mode", CAPTCHA, W, "after_fail",
        Select(&[("always", "Always"), ("after_fail", "After number of attempts to login")])),
    // 0 = CAPTCHA always shown on the login form.
    opt("customer/captcha/failed_attempts_login", "Number of Unsuccessful Attempts to Login", CAPTCHA, W, "3",
        int(0, NO_MAX)),
    // Magento only requires digits; we refuse 0, which would expire every CAPTCHA at once.
    opt("customer/captcha/timeout", "CAPTCHA Timeout (minutes)", CAPTCHA, W, "7",
        int(1, NO_MAX)),
    // A count or a range such as "4-5", at most 8 symbols.
    opt("customer/captcha/length", "Number of Symbols", CAPTCHA, W, "4-5",
        Text),
    opt("customer/captcha/symbols", "Symbols Used in CAPTCHA", CAPTCHA, W, "ABCDEFGHJKMnpqrstuvwxyz23456789",
        Text),
    opt("customer/captcha/case_sensitive", "Case Sensitive", CAPTCHA, W, "0",
        YesNo),

    // ---- §7.12 Default Cookie Settings ----
    // Magento allows this per store view; we keep one global value.
    opt("web/cookie/cookie_lifetime", "Cookie Lifetime", COOKIES, G, "3600",
        int(0, NO_MAX)),
    // Clientele: how long My Account's device copies (for offline use) are kept, in days.
    opt("clientele/offline/copy_lifetime_days", "Offline Copies Lifetime (days)", COOKIES, G, "7",
        int(1, 365)),

    // ---- §7.12 Persistent Shopping Cart (scope W as in Magento_Persistent) ----
    opt("persistent/options/enabled", "Enable Persistence", PERSISTENT, W, "0",
        YesNo),
    opt("persistent/options/lifetime", "Persistence Lifetime (seconds)", PERSISTENT, W, "31536000",
        int(0, 3_153_600_000)),
    opt("persistent/options/remember_enabled", "Enable \"Remember Me\"", PERSISTENT, W, "1",
        YesNo),
    opt("persistent/options/remember_default", "\"Remember Me\" Default Value", PERSISTENT, W, "1",
        YesNo),
    opt("persistent/options/logout_clear", "Clear Persistence on Sign Out", PERSISTENT, W, "1",
        YesNo),
    opt("persistent/options/shopping_cart", "Persist Shopping Cart", PERSISTENT, W, "1",
        YesNo),

    // ---- §10.1 Login as Customer ----
    // Off until an admin switches it on (one Magento revision ships 1; the spec says No).
    opt("login_as_customer/general/enabled", "Enable Login as Customer", LOGIN_AS, G, "0",
        YesNo),
    opt("login_as_customer/general/disable_page_cache", "Disable Page Cache for Admin User", LOGIN_AS, G, "1",
        YesNo),
    opt("login_as_customer/general/store_view_manual_choice_enabled", "Store View To Login To", LOGIN_AS, G, "0",
        Select(&[("0", "Auto-Detection"), ("1", "Manual Selection")])),
    opt("login_as_customer/general/shopping_assistance_checkbox_title",
        "Title for Login as Customer opt-in checkbox", LOGIN_AS, SV, "Allow remote shopping assistance",
        Text),
    // Default text from Magento_LoginAsCustomerAssistance etc/config.xml.
    opt("login_as_customer/general/shopping_assistance_checkbox_tooltip", "Login as Customer checkbox tooltip",
        LOGIN_AS, SV,
        r#"This allows merchants to "see what you see" and take actions on your behalf in order to provide better assistance."#,
        TextArea),
    // Hidden in Magento's admin (config.xml only): validity of the one-time login secret. Label ours.
    opt("login_as_customer/general/authentication_data_expiration_time", "Authentication Data Lifetime (seconds)",
        LOGIN_AS, G, "60",
        int(1, NO_MAX)),

    // ---- Admin Security (Magento_Security / Backend paths) ----
    opt("admin/security/lockout_failures", "Maximum Login Failures to Lock Out Account", ADMIN_SECURITY, G, "6",
        int(0, NO_MAX)),
    opt("admin/security/lockout_threshold", "Lockout Time (minutes)", ADMIN_SECURITY, G, "30",
        int(0, NO_MAX)),
    opt("admin/security/session_lifetime", "Admin Session Lifetime (seconds)", ADMIN_SECURITY, G, "900",
        int(60, 31_536_000)),
    // Ours, not Magento's: hard cap on an admin session however active it is.
    opt("admin/security/session_absolute_lifetime", "Admin Session Absolute Lifetime (seconds)",
        ADMIN_SECURITY, G, "28800",
        int(300, 31_536_000)),

    // ---- Locale Options ----
    opt("general/locale/code", "Locale", LOCALE, SV, "en_US",
        Select(&[
            ("en_US", "English (United States)"),
            ("fr_FR", "French (France)"),
            ("nl_NL", "Dutch (Netherlands)"),
            ("pt_BR", "Portuguese (Brazil)"),
        ])),
];

// Address template defaults (spec §13, Magento_Customer etc/config.xml); no trailing newline.

const TEMPLATE_TEXT: &str = r#"{{depend prefix}}{{var prefix}} {{/depend}}{{var firstname}} {{depend middlename}}{{var middlename}} {{/depend}}{{var lastname}}{{depend suffix}} {{var suffix}}{{/depend}}
{{depend company}}{{var company}}{{/depend}}
{{if street1}}{{var street1}}
{{/if}}
{{depend street2}}{{var street2}}{{/depend}}
{{depend street3}}{{var street3}}{{/depend}}
{{depend street4}}{{var street4}}{{/depend}}
{{if city}}{{var city}},  {{/if}}{{if region}}{{var region}}, {{/if}}{{if postcode}}{{var postcode}}{{/if}}
{{var country}}
{{depend telephone}}T: {{var telephone}}{{/depend}}
{{depend fax}}F: {{var fax}}{{/depend}}
{{depend vat_id}}VAT: {{var vat_id}}{{/depend}}"#;

const TEMPLATE_ONELINE: &str = r#"{{depend prefix}}{{var prefix}} {{/depend}}{{var firstname}} {{depend middlename}}{{var middlename}} {{/depend}}{{var lastname}}{{depend suffix}} {{var suffix}}{{/depend}}, {{var street}}, {{var city}}, {{var region}} {{var postcode}}, {{var country}}"#;

const TEMPLATE_HTML: &str = r#"{{depend prefix}}{{var prefix}} {{/depend}}{{var firstname}} {{depend middlename}}{{var middlename}} {{/depend}}{{var lastname}}{{depend suffix}} {{var suffix}}{{/depend}}{{depend firstname}}<br />{{/depend}}
{{depend company}}{{var company}}<br />{{/depend}}
{{if street1}}{{var street1}}<br />{{/if}}
{{depend street2}}{{var street2}}<br />{{/depend}}
{{depend street3}}{{var street3}}<br />{{/depend}}
{{depend street4}}{{var street4}}<br />{{/depend}}
{{if city}}{{var city}},  {{/if}}{{if region}}{{var region}}, {{/if}}{{if postcode}}{{var postcode}}{{/if}}<br />
{{var country}}<br />
{{depend telephone}}T: <a href="tel:{{var telephone}}">{{var telephone}}</a>{{/depend}}
{{depend fax}}<br />F: {{var fax}}{{/depend}}
{{depend vat_id}}<br />VAT: {{var vat_id}}{{/depend}}"#;

const TEMPLATE_PDF: &str = r#"{{depend prefix}}{{var prefix}} {{/depend}}{{var firstname}} {{depend middlename}}{{var middlename}} {{/depend}}{{var lastname}}{{depend suffix}} {{var suffix}}{{/depend}}|
{{depend company}}{{var company}}|{{/depend}}
{{if street1}}{{var street1}}|{{/if}}
{{depend street2}}{{var street2}}|{{/depend}}
{{depend street3}}{{var street3}}|{{/depend}}
{{depend street4}}{{var street4}}|{{/depend}}
{{if city}}{{var city}}, {{/if}}{{if region}}{{var region}}, {{/if}}{{if postcode}}{{var postcode}}{{/if}}|
{{var country}}|
{{depend telephone}}T: {{var telephone}}|{{/depend}}
{{depend fax}}F: {{var fax}}|{{/depend}}|
{{depend vat_id}}VAT: {{var vat_id}}{{/depend}}|"#;

/// Look up an option by path.
pub fn find(path: &str) -> Option<&'static OptionDef> {
    OPTIONS.iter().find(|o| o.path == path)
}

// ---- account sharing ----
pub const ACCOUNT_SHARE_SCOPE: Key<i64> = Key::new("customer/account_share/scope");

// ---- online customers ----
pub const ONLINE_MINUTES_INTERVAL: Key<i64> =
    Key::new("customer/online_customers/online_minutes_interval");
pub const ONLINE_SECTION_DATA_LIFETIME: Key<i64> =
    Key::new("customer/online_customers/section_data_lifetime");

// ---- create new account ----
pub const CREATE_ACCOUNT_AUTO_GROUP_ASSIGN: Key<bool> =
    Key::new("customer/create_account/auto_group_assign");
pub const CREATE_ACCOUNT_TAX_CALCULATION_ADDRESS_TYPE: Key<String> =
    Key::new("customer/create_account/tax_calculation_address_type");
pub const CREATE_ACCOUNT_DEFAULT_GROUP: Key<i64> =
    Key::new("customer/create_account/default_group");
pub const CREATE_ACCOUNT_VIV_DOMESTIC_GROUP: Key<String> =
    Key::new("customer/create_account/viv_domestic_group");
pub const CREATE_ACCOUNT_VIV_INTRA_UNION_GROUP: Key<String> =
    Key::new("customer/create_account/viv_intra_union_group");
pub const CREATE_ACCOUNT_VIV_INVALID_GROUP: Key<String> =
    Key::new("customer/create_account/viv_invalid_group");
pub const CREATE_ACCOUNT_VIV_ERROR_GROUP: Key<String> =
    Key::new("customer/create_account/viv_error_group");
pub const CREATE_ACCOUNT_VIV_ON_EACH_TRANSACTION: Key<bool> =
    Key::new("customer/create_account/viv_on_each_transaction");
pub const CREATE_ACCOUNT_VIV_DISABLE_AUTO_GROUP_ASSIGN_DEFAULT: Key<bool> =
    Key::new("customer/create_account/viv_disable_auto_group_assign_default");
pub const CREATE_ACCOUNT_VAT_FRONTEND_VISIBILITY: Key<bool> =
    Key::new("customer/create_account/vat_frontend_visibility");
pub const CREATE_ACCOUNT_EMAIL_DOMAIN: Key<String> =
    Key::new("customer/create_account/email_domain");
pub const CREATE_ACCOUNT_EMAIL_REQUIRED_CREATE_ORDER: Key<bool> =
    Key::new("customer/create_account/email_required_create_order");
pub const CREATE_ACCOUNT_EMAIL_TEMPLATE: Key<String> =
    Key::new("customer/create_account/email_template");
pub const CREATE_ACCOUNT_EMAIL_NO_PASSWORD_TEMPLATE: Key<String> =
    Key::new("customer/create_account/email_no_password_template");
pub const CREATE_ACCOUNT_EMAIL_IDENTITY: Key<String> =
    Key::new("customer/create_account/email_identity");
pub const CREATE_ACCOUNT_CONFIRM: Key<bool> = Key::new("customer/create_account/confirm");
pub const CREATE_ACCOUNT_EMAIL_CONFIRMATION_TEMPLATE: Key<String> =
    Key::new("customer/create_account/email_confirmation_template");
pub const CREATE_ACCOUNT_EMAIL_CONFIRMED_TEMPLATE: Key<String> =
    Key::new("customer/create_account/email_confirmed_template");
pub const CREATE_ACCOUNT_GENERATE_HUMAN_FRIENDLY_ID: Key<bool> =
    Key::new("customer/create_account/generate_human_friendly_id");

// ---- password ----
pub const PASSWORD_RESET_PROTECTION_TYPE: Key<i64> =
    Key::new("customer/password/password_reset_protection_type");
pub const PASSWORD_MAX_RESET_REQUESTS: Key<i64> =
    Key::new("customer/password/max_number_password_reset_requests");
pub const PASSWORD_MIN_TIME_BETWEEN_RESET_REQUESTS: Key<i64> =
    Key::new("customer/password/min_time_between_password_reset_requests");
pub const PASSWORD_FORGOT_EMAIL_TEMPLATE: Key<String> =
    Key::new("customer/password/forgot_email_template");
pub const PASSWORD_REMIND_EMAIL_TEMPLATE: Key<String> =
    Key::new("customer/password/remind_email_template");
pub const PASSWORD_RESET_PASSWORD_TEMPLATE: Key<String> =
    Key::new("customer/password/reset_password_template");
pub const PASSWORD_FORGOT_EMAIL_IDENTITY: Key<String> =
    Key::new("customer/password/forgot_email_identity");
pub const PASSWORD_RESET_LINK_EXPIRATION_PERIOD: Key<i64> =
    Key::new("customer/password/reset_link_expiration_period");
pub const PASSWORD_AUTOCOMPLETE_ON_STOREFRONT: Key<bool> =
    Key::new("customer/password/autocomplete_on_storefront");
pub const PASSWORD_REQUIRED_CHARACTER_CLASSES_NUMBER: Key<i64> =
    Key::new("customer/password/required_character_classes_number");
pub const PASSWORD_LOCKOUT_FAILURES: Key<i64> = Key::new("customer/password/lockout_failures");
pub const PASSWORD_MINIMUM_LENGTH: Key<i64> = Key::new("customer/password/minimum_password_length");
pub const PASSWORD_LOCKOUT_THRESHOLD: Key<i64> = Key::new("customer/password/lockout_threshold");

// ---- account information ----
pub const ACCOUNT_INFORMATION_CHANGE_EMAIL_TEMPLATE: Key<String> =
    Key::new("customer/account_information/change_email_template");
pub const ACCOUNT_INFORMATION_CHANGE_EMAIL_AND_PASSWORD_TEMPLATE: Key<String> =
    Key::new("customer/account_information/change_email_and_password_template");
pub const ACCOUNT_INFORMATION_CONFIRM: Key<bool> = Key::new("customer/account_information/confirm");

// ---- name and address ----
pub const ADDRESS_STREET_LINES: Key<i64> = Key::new("customer/address/street_lines");
pub const ADDRESS_PREFIX_SHOW: Key<Visibility> = Key::new("customer/address/prefix_show");
pub const ADDRESS_PREFIX_OPTIONS: Key<String> = Key::new("customer/address/prefix_options");
pub const ADDRESS_MIDDLENAME_SHOW: Key<bool> = Key::new("customer/address/middlename_show");
pub const ADDRESS_SUFFIX_SHOW: Key<Visibility> = Key::new("customer/address/suffix_show");
pub const ADDRESS_SUFFIX_OPTIONS: Key<String> = Key::new("customer/address/suffix_options");
pub const ADDRESS_DOB_SHOW: Key<Visibility> = Key::new("customer/address/dob_show");
pub const ADDRESS_TAXVAT_SHOW: Key<Visibility> = Key::new("customer/address/taxvat_show");
pub const ADDRESS_GENDER_SHOW: Key<Visibility> = Key::new("customer/address/gender_show");
pub const ADDRESS_TELEPHONE_SHOW: Key<Visibility> = Key::new("customer/address/telephone_show");
pub const ADDRESS_COMPANY_SHOW: Key<Visibility> = Key::new("customer/address/company_show");
pub const ADDRESS_FAX_SHOW: Key<Visibility> = Key::new("customer/address/fax_show");

// ---- login options ----
pub const STARTUP_REDIRECT_DASHBOARD: Key<bool> = Key::new("customer/startup/redirect_dashboard");

// ---- address templates ----
pub const ADDRESS_TEMPLATE_TEXT: Key<String> = Key::new("customer/address_templates/text");
pub const ADDRESS_TEMPLATE_ONELINE: Key<String> = Key::new("customer/address_templates/oneline");
pub const ADDRESS_TEMPLATE_HTML: Key<String> = Key::new("customer/address_templates/html");
pub const ADDRESS_TEMPLATE_PDF: Key<String> = Key::new("customer/address_templates/pdf");

// ---- store credit ----
pub const STORE_CREDIT_IS_ENABLED: Key<bool> =
    Key::new("customer/magento_customerbalance/is_enabled");
pub const STORE_CREDIT_SHOW_HISTORY: Key<bool> =
    Key::new("customer/magento_customerbalance/show_history");
pub const STORE_CREDIT_REFUND_AUTOMATICALLY: Key<bool> =
    Key::new("customer/magento_customerbalance/refund_automatically");
pub const STORE_CREDIT_EMAIL_IDENTITY: Key<String> =
    Key::new("customer/magento_customerbalance/email_identity");
pub const STORE_CREDIT_EMAIL_TEMPLATE: Key<String> =
    Key::new("customer/magento_customerbalance/email_template");

// ---- customer segments ----
pub const SEGMENT_IS_ENABLED: Key<bool> = Key::new("customer/magento_customersegment/is_enabled");
pub const SEGMENT_REAL_TIME_CHECK: Key<bool> =
    Key::new("customer/magento_customersegment/real_time_check_if_customer_is_matched_by_segment");

// ---- captcha ----
pub const CAPTCHA_ENABLE: Key<bool> = Key::new("customer/captcha/enable");
pub const CAPTCHA_FONT: Key<String> = Key::new("customer/captcha/font");
pub const CAPTCHA_FORMS: Key<String> = Key::new("customer/captcha/forms");
pub const CAPTCHA_MODE: Key<String> = Key::new("customer/captcha/mode");
pub const CAPTCHA_FAILED_ATTEMPTS_LOGIN: Key<i64> =
    Key::new("customer/captcha/failed_attempts_login");
pub const CAPTCHA_TIMEOUT: Key<i64> = Key::new("customer/captcha/timeout");
pub const CAPTCHA_LENGTH: Key<String> = Key::new("customer/captcha/length");
pub const CAPTCHA_SYMBOLS: Key<String> = Key::new("customer/captcha/symbols");
pub const CAPTCHA_CASE_SENSITIVE: Key<bool> = Key::new("customer/captcha/case_sensitive");

// ---- cookies ----
pub const COOKIE_LIFETIME: Key<i64> = Key::new("web/cookie/cookie_lifetime");
pub const OFFLINE_COPY_LIFETIME: Key<i64> = Key::new("clientele/offline/copy_lifetime_days");

// ---- persistent shopping cart ----
pub const PERSISTENT_ENABLED: Key<bool> = Key::new("persistent/options/enabled");
pub const PERSISTENT_LIFETIME: Key<i64> = Key::new("persistent/options/lifetime");
pub const PERSISTENT_REMEMBER_ENABLED: Key<bool> = Key::new("persistent/options/remember_enabled");
pub const PERSISTENT_REMEMBER_DEFAULT: Key<bool> = Key::new("persistent/options/remember_default");
pub const PERSISTENT_LOGOUT_CLEAR: Key<bool> = Key::new("persistent/options/logout_clear");
pub const PERSISTENT_SHOPPING_CART: Key<bool> = Key::new("persistent/options/shopping_cart");

// ---- login as customer ----
pub const LOGIN_AS_CUSTOMER_ENABLED: Key<bool> = Key::new("login_as_customer/general/enabled");
pub const LOGIN_AS_CUSTOMER_DISABLE_PAGE_CACHE: Key<bool> =
    Key::new("login_as_customer/general/disable_page_cache");
pub const LOGIN_AS_CUSTOMER_STORE_VIEW_MANUAL_CHOICE_ENABLED: Key<i64> =
    Key::new("login_as_customer/general/store_view_manual_choice_enabled");
pub const LOGIN_AS_CUSTOMER_CHECKBOX_TITLE: Key<String> =
    Key::new("login_as_customer/general/shopping_assistance_checkbox_title");
pub const LOGIN_AS_CUSTOMER_CHECKBOX_TOOLTIP: Key<String> =
    Key::new("login_as_customer/general/shopping_assistance_checkbox_tooltip");
pub const LOGIN_AS_CUSTOMER_AUTHENTICATION_DATA_EXPIRATION_TIME: Key<i64> =
    Key::new("login_as_customer/general/authentication_data_expiration_time");

// ---- admin security ----
pub const ADMIN_LOCKOUT_FAILURES: Key<i64> = Key::new("admin/security/lockout_failures");
pub const ADMIN_LOCKOUT_THRESHOLD: Key<i64> = Key::new("admin/security/lockout_threshold");
pub const ADMIN_SESSION_LIFETIME: Key<i64> = Key::new("admin/security/session_lifetime");
pub const ADMIN_SESSION_ABSOLUTE_LIFETIME: Key<i64> =
    Key::new("admin/security/session_absolute_lifetime");

// ---- locale ----
pub const LOCALE_CODE: Key<String> = Key::new("general/locale/code");

#[cfg(test)]
mod tests {
    use super::super::model::ConfigValue;
    use super::*;
    use std::collections::HashSet;

    fn parses<T: ConfigValue>(k: Key<T>) -> bool {
        T::parse_config(find(k.path).unwrap().default).is_some()
            || find(k.path).unwrap().default.is_empty()
    }

    #[test]
    fn paths_are_unique() {
        let mut seen = HashSet::new();
        for o in OPTIONS {
            assert!(seen.insert(o.path), "duplicate option path {}", o.path);
        }
    }

    #[test]
    fn defaults_are_valid() {
        for o in OPTIONS {
            // An empty Int / group / Yes-No default means "not set" (Yes-No reads it as No).
            let unset_ok = matches!(
                o.kind,
                ValueKind::Int { .. } | ValueKind::CustomerGroup | ValueKind::YesNo
            );
            if o.default.is_empty() && unset_ok {
                continue;
            }
            if let Err(e) = o.validate(o.default) {
                panic!("default of {} is invalid: {e}", o.path);
            }
        }
    }

    #[test]
    fn spot_check_defaults() {
        let expected = [
            ("customer/address/street_lines", "2"),
            ("customer/password/reset_link_expiration_period", "2"),
            ("customer/password/minimum_password_length", "8"),
            ("customer/password/required_character_classes_number", "3"),
            ("customer/password/lockout_failures", "10"),
            ("customer/password/lockout_threshold", "10"),
            ("customer/password/password_reset_protection_type", "1"),
            ("customer/password/max_number_password_reset_requests", "5"),
            (
                "customer/password/min_time_between_password_reset_requests",
                "10",
            ),
            ("customer/startup/redirect_dashboard", "0"),
            ("customer/create_account/default_group", "1"),
            ("customer/address/telephone_show", "req"),
            ("customer/address/company_show", "opt"),
            ("customer/address/fax_show", ""),
            ("customer/online_customers/online_minutes_interval", "15"),
            ("customer/online_customers/section_data_lifetime", "60"),
            ("web/cookie/cookie_lifetime", "3600"),
            ("admin/security/lockout_failures", "6"),
            ("admin/security/lockout_threshold", "30"),
        ];
        for (path, value) in expected {
            let o = find(path).unwrap_or_else(|| panic!("{path} missing"));
            assert_eq!(o.default, value, "default of {path}");
        }
    }

    #[test]
    fn address_templates_keep_their_layout() {
        let text = find(ADDRESS_TEMPLATE_TEXT.path).unwrap().default;
        assert_eq!(text.lines().count(), 12);
        assert!(text.contains("{{if street1}}{{var street1}}\n{{/if}}"));
        let oneline = find(ADDRESS_TEMPLATE_ONELINE.path).unwrap().default;
        assert!(!oneline.contains('\n'));
        for key in [
            ADDRESS_TEMPLATE_TEXT,
            ADDRESS_TEMPLATE_ONELINE,
            ADDRESS_TEMPLATE_HTML,
            ADDRESS_TEMPLATE_PDF,
        ] {
            let t = find(key.path).unwrap().default;
            assert!(t.starts_with("{{depend prefix}}"), "{}", key.path);
            assert!(!t.ends_with('\n'), "{} ends with a newline", key.path);
        }
    }

    #[test]
    fn every_key_is_registered_and_its_default_parses() {
        let keys = [
            ACCOUNT_SHARE_SCOPE.path,
            ONLINE_MINUTES_INTERVAL.path,
            ONLINE_SECTION_DATA_LIFETIME.path,
            CREATE_ACCOUNT_AUTO_GROUP_ASSIGN.path,
            CREATE_ACCOUNT_TAX_CALCULATION_ADDRESS_TYPE.path,
            CREATE_ACCOUNT_DEFAULT_GROUP.path,
            CREATE_ACCOUNT_VIV_DOMESTIC_GROUP.path,
            CREATE_ACCOUNT_VIV_INTRA_UNION_GROUP.path,
            CREATE_ACCOUNT_VIV_INVALID_GROUP.path,
            CREATE_ACCOUNT_VIV_ERROR_GROUP.path,
            CREATE_ACCOUNT_VIV_ON_EACH_TRANSACTION.path,
            CREATE_ACCOUNT_VIV_DISABLE_AUTO_GROUP_ASSIGN_DEFAULT.path,
            CREATE_ACCOUNT_VAT_FRONTEND_VISIBILITY.path,
            CREATE_ACCOUNT_EMAIL_DOMAIN.path,
            CREATE_ACCOUNT_EMAIL_REQUIRED_CREATE_ORDER.path,
            CREATE_ACCOUNT_EMAIL_TEMPLATE.path,
            CREATE_ACCOUNT_EMAIL_NO_PASSWORD_TEMPLATE.path,
            CREATE_ACCOUNT_EMAIL_IDENTITY.path,
            CREATE_ACCOUNT_CONFIRM.path,
            CREATE_ACCOUNT_EMAIL_CONFIRMATION_TEMPLATE.path,
            CREATE_ACCOUNT_EMAIL_CONFIRMED_TEMPLATE.path,
            CREATE_ACCOUNT_GENERATE_HUMAN_FRIENDLY_ID.path,
            PASSWORD_RESET_PROTECTION_TYPE.path,
            PASSWORD_MAX_RESET_REQUESTS.path,
            PASSWORD_MIN_TIME_BETWEEN_RESET_REQUESTS.path,
            PASSWORD_FORGOT_EMAIL_TEMPLATE.path,
            PASSWORD_REMIND_EMAIL_TEMPLATE.path,
            PASSWORD_RESET_PASSWORD_TEMPLATE.path,
            PASSWORD_FORGOT_EMAIL_IDENTITY.path,
            PASSWORD_RESET_LINK_EXPIRATION_PERIOD.path,
            PASSWORD_AUTOCOMPLETE_ON_STOREFRONT.path,
            PASSWORD_REQUIRED_CHARACTER_CLASSES_NUMBER.path,
            PASSWORD_LOCKOUT_FAILURES.path,
            PASSWORD_MINIMUM_LENGTH.path,
            PASSWORD_LOCKOUT_THRESHOLD.path,
            ACCOUNT_INFORMATION_CHANGE_EMAIL_TEMPLATE.path,
            ACCOUNT_INFORMATION_CHANGE_EMAIL_AND_PASSWORD_TEMPLATE.path,
            ACCOUNT_INFORMATION_CONFIRM.path,
            ADDRESS_STREET_LINES.path,
            ADDRESS_PREFIX_SHOW.path,
            ADDRESS_PREFIX_OPTIONS.path,
            ADDRESS_MIDDLENAME_SHOW.path,
            ADDRESS_SUFFIX_SHOW.path,
            ADDRESS_SUFFIX_OPTIONS.path,
            ADDRESS_DOB_SHOW.path,
            ADDRESS_TAXVAT_SHOW.path,
            ADDRESS_GENDER_SHOW.path,
            ADDRESS_TELEPHONE_SHOW.path,
            ADDRESS_COMPANY_SHOW.path,
            ADDRESS_FAX_SHOW.path,
            STARTUP_REDIRECT_DASHBOARD.path,
            ADDRESS_TEMPLATE_TEXT.path,
            ADDRESS_TEMPLATE_ONELINE.path,
            ADDRESS_TEMPLATE_HTML.path,
            ADDRESS_TEMPLATE_PDF.path,
            STORE_CREDIT_IS_ENABLED.path,
            STORE_CREDIT_SHOW_HISTORY.path,
            STORE_CREDIT_REFUND_AUTOMATICALLY.path,
            STORE_CREDIT_EMAIL_IDENTITY.path,
            STORE_CREDIT_EMAIL_TEMPLATE.path,
            SEGMENT_IS_ENABLED.path,
            SEGMENT_REAL_TIME_CHECK.path,
            CAPTCHA_ENABLE.path,
            CAPTCHA_FONT.path,
            CAPTCHA_FORMS.path,
            CAPTCHA_MODE.path,
            CAPTCHA_FAILED_ATTEMPTS_LOGIN.path,
            CAPTCHA_TIMEOUT.path,
            CAPTCHA_LENGTH.path,
            CAPTCHA_SYMBOLS.path,
            CAPTCHA_CASE_SENSITIVE.path,
            COOKIE_LIFETIME.path,
            OFFLINE_COPY_LIFETIME.path,
            PERSISTENT_ENABLED.path,
            PERSISTENT_LIFETIME.path,
            PERSISTENT_REMEMBER_ENABLED.path,
            PERSISTENT_REMEMBER_DEFAULT.path,
            PERSISTENT_LOGOUT_CLEAR.path,
            PERSISTENT_SHOPPING_CART.path,
            LOGIN_AS_CUSTOMER_ENABLED.path,
            LOGIN_AS_CUSTOMER_DISABLE_PAGE_CACHE.path,
            LOGIN_AS_CUSTOMER_STORE_VIEW_MANUAL_CHOICE_ENABLED.path,
            LOGIN_AS_CUSTOMER_CHECKBOX_TITLE.path,
            LOGIN_AS_CUSTOMER_CHECKBOX_TOOLTIP.path,
            LOGIN_AS_CUSTOMER_AUTHENTICATION_DATA_EXPIRATION_TIME.path,
            ADMIN_LOCKOUT_FAILURES.path,
            ADMIN_LOCKOUT_THRESHOLD.path,
            ADMIN_SESSION_LIFETIME.path,
            ADMIN_SESSION_ABSOLUTE_LIFETIME.path,
            LOCALE_CODE.path,
        ];
        for path in keys {
            assert!(find(path).is_some(), "key {path} is not in OPTIONS");
        }
        // One key per option.
        assert_eq!(keys.len(), OPTIONS.len());
        assert_eq!(keys.iter().collect::<HashSet<_>>().len(), keys.len());

        assert!(parses(ACCOUNT_SHARE_SCOPE));
        assert!(parses(ONLINE_MINUTES_INTERVAL));
        assert!(parses(ONLINE_SECTION_DATA_LIFETIME));
        assert!(parses(CREATE_ACCOUNT_AUTO_GROUP_ASSIGN));
        assert!(parses(CREATE_ACCOUNT_TAX_CALCULATION_ADDRESS_TYPE));
        assert!(parses(CREATE_ACCOUNT_DEFAULT_GROUP));
        assert!(parses(CREATE_ACCOUNT_VIV_DOMESTIC_GROUP));
        assert!(parses(CREATE_ACCOUNT_VIV_INTRA_UNION_GROUP));
        assert!(parses(CREATE_ACCOUNT_VIV_INVALID_GROUP));
        assert!(parses(CREATE_ACCOUNT_VIV_ERROR_GROUP));
        assert!(parses(CREATE_ACCOUNT_VIV_ON_EACH_TRANSACTION));
        assert!(parses(CREATE_ACCOUNT_VIV_DISABLE_AUTO_GROUP_ASSIGN_DEFAULT));
        assert!(parses(CREATE_ACCOUNT_VAT_FRONTEND_VISIBILITY));
        assert!(parses(CREATE_ACCOUNT_EMAIL_DOMAIN));
        assert!(parses(CREATE_ACCOUNT_EMAIL_REQUIRED_CREATE_ORDER));
        assert!(parses(CREATE_ACCOUNT_EMAIL_TEMPLATE));
        assert!(parses(CREATE_ACCOUNT_EMAIL_NO_PASSWORD_TEMPLATE));
        assert!(parses(CREATE_ACCOUNT_EMAIL_IDENTITY));
        assert!(parses(CREATE_ACCOUNT_CONFIRM));
        assert!(parses(CREATE_ACCOUNT_EMAIL_CONFIRMATION_TEMPLATE));
        assert!(parses(CREATE_ACCOUNT_EMAIL_CONFIRMED_TEMPLATE));
        assert!(parses(CREATE_ACCOUNT_GENERATE_HUMAN_FRIENDLY_ID));
        assert!(parses(PASSWORD_RESET_PROTECTION_TYPE));
        assert!(parses(PASSWORD_MAX_RESET_REQUESTS));
        assert!(parses(PASSWORD_MIN_TIME_BETWEEN_RESET_REQUESTS));
        assert!(parses(PASSWORD_FORGOT_EMAIL_TEMPLATE));
        assert!(parses(PASSWORD_REMIND_EMAIL_TEMPLATE));
        assert!(parses(PASSWORD_RESET_PASSWORD_TEMPLATE));
        assert!(parses(PASSWORD_FORGOT_EMAIL_IDENTITY));
        assert!(parses(PASSWORD_RESET_LINK_EXPIRATION_PERIOD));
        assert!(parses(PASSWORD_AUTOCOMPLETE_ON_STOREFRONT));
        assert!(parses(PASSWORD_REQUIRED_CHARACTER_CLASSES_NUMBER));
        assert!(parses(PASSWORD_LOCKOUT_FAILURES));
        assert!(parses(PASSWORD_MINIMUM_LENGTH));
        assert!(parses(PASSWORD_LOCKOUT_THRESHOLD));
        assert!(parses(ACCOUNT_INFORMATION_CHANGE_EMAIL_TEMPLATE));
        assert!(parses(
            ACCOUNT_INFORMATION_CHANGE_EMAIL_AND_PASSWORD_TEMPLATE
        ));
        assert!(parses(ACCOUNT_INFORMATION_CONFIRM));
        assert!(parses(ADDRESS_STREET_LINES));
        assert!(parses(ADDRESS_PREFIX_SHOW));
        assert!(parses(ADDRESS_PREFIX_OPTIONS));
        assert!(parses(ADDRESS_MIDDLENAME_SHOW));
        assert!(parses(ADDRESS_SUFFIX_SHOW));
        assert!(parses(ADDRESS_SUFFIX_OPTIONS));
        assert!(parses(ADDRESS_DOB_SHOW));
        assert!(parses(ADDRESS_TAXVAT_SHOW));
        assert!(parses(ADDRESS_GENDER_SHOW));
        assert!(parses(ADDRESS_TELEPHONE_SHOW));
        assert!(parses(ADDRESS_COMPANY_SHOW));
        assert!(parses(ADDRESS_FAX_SHOW));
        assert!(parses(STARTUP_REDIRECT_DASHBOARD));
        assert!(parses(ADDRESS_TEMPLATE_TEXT));
        assert!(parses(ADDRESS_TEMPLATE_ONELINE));
        assert!(parses(ADDRESS_TEMPLATE_HTML));
        assert!(parses(ADDRESS_TEMPLATE_PDF));
        assert!(parses(STORE_CREDIT_IS_ENABLED));
        assert!(parses(STORE_CREDIT_SHOW_HISTORY));
        assert!(parses(STORE_CREDIT_REFUND_AUTOMATICALLY));
        assert!(parses(STORE_CREDIT_EMAIL_IDENTITY));
        assert!(parses(STORE_CREDIT_EMAIL_TEMPLATE));
        assert!(parses(SEGMENT_IS_ENABLED));
        assert!(parses(SEGMENT_REAL_TIME_CHECK));
        assert!(parses(CAPTCHA_ENABLE));
        assert!(parses(CAPTCHA_FONT));
        assert!(parses(CAPTCHA_FORMS));
        assert!(parses(CAPTCHA_MODE));
        assert!(parses(CAPTCHA_FAILED_ATTEMPTS_LOGIN));
        assert!(parses(CAPTCHA_TIMEOUT));
        assert!(parses(CAPTCHA_LENGTH));
        assert!(parses(CAPTCHA_SYMBOLS));
        assert!(parses(CAPTCHA_CASE_SENSITIVE));
        assert!(parses(COOKIE_LIFETIME));
        assert!(parses(OFFLINE_COPY_LIFETIME));
        assert!(parses(PERSISTENT_ENABLED));
        assert!(parses(PERSISTENT_LIFETIME));
        assert!(parses(PERSISTENT_REMEMBER_ENABLED));
        assert!(parses(PERSISTENT_REMEMBER_DEFAULT));
        assert!(parses(PERSISTENT_LOGOUT_CLEAR));
        assert!(parses(PERSISTENT_SHOPPING_CART));
        assert!(parses(LOGIN_AS_CUSTOMER_ENABLED));
        assert!(parses(LOGIN_AS_CUSTOMER_DISABLE_PAGE_CACHE));
        assert!(parses(LOGIN_AS_CUSTOMER_STORE_VIEW_MANUAL_CHOICE_ENABLED));
        assert!(parses(LOGIN_AS_CUSTOMER_CHECKBOX_TITLE));
        assert!(parses(LOGIN_AS_CUSTOMER_CHECKBOX_TOOLTIP));
        assert!(parses(
            LOGIN_AS_CUSTOMER_AUTHENTICATION_DATA_EXPIRATION_TIME
        ));
        assert!(parses(ADMIN_LOCKOUT_FAILURES));
        assert!(parses(ADMIN_LOCKOUT_THRESHOLD));
        assert!(parses(ADMIN_SESSION_LIFETIME));
        assert!(parses(ADMIN_SESSION_ABSOLUTE_LIFETIME));
        assert!(parses(LOCALE_CODE));
    }
}
