//! The built-in defaults of every store configuration option, keyed by Magento config
//! path (`section/group/field`): account sharing, Now Online, the Customer Configuration
//! groups — Create New Account, Password, Account Information, Name and Address, Login
//! Options — address templates, store credit, customer segments, storefront CAPTCHA,
//! cookie lifetime and persistent shopping cart, Login as Customer, plus admin security
//! and locale options of our own. Where Magento's user guide and its code disagree the
//! code default wins (2 street lines, not 3; an 8-character minimum password, not 6;
//! a 2-hour recovery link, not 24 h).
//! [`OPTIONS`] is the single source of truth for labels, scopes, defaults and accepted
//! values; code reads options through the typed [`Setting`] constants it declares.

use super::model::{OptionDef, ScopeKind, Section, Setting, ValueKind, Visibility};
use crate::i18n::Key;

use crate::address_format::template::Format;
use ScopeKind::{Global as G, StoreView as SV, Website as W};
use ValueKind::{
    AddressTemplate, CustomerGroup, EmailAddress, EmailTemplate, MultiSelect, Select, Text,
    TextArea, YesNo,
};

/// `i64::MAX` upper bound: "a whole number of at least `min`".
const NO_MAX: i64 = i64::MAX;

/// Name and address "show" options (Magento's `Nooptreq` source model).
const SHOW_CHOICES: &[(&str, Key)] = &[
    ("", Key::ChoNo),
    ("opt", Key::ChoOptional),
    ("req", Key::ChoRequired),
];

/// Store email identities (Magento's `Email\Identity` source model).
const EMAIL_IDENTITIES: &[(&str, Key)] = &[
    ("general", Key::ChoIdentityGeneral),
    ("sales", Key::ChoIdentitySales),
    ("support", Key::ChoIdentitySupport),
    ("custom1", Key::ChoIdentityCustom1),
    ("custom2", Key::ChoIdentityCustom2),
];

/// Storefront forms that can show a CAPTCHA (the CAPTCHA group's Forms option).
const CAPTCHA_FORMS_CHOICES: &[(&str, Key)] = &[
    ("user_create", Key::ChoFormCreateUser),
    ("user_login", Key::ChoFormLogin),
    ("user_forgotpassword", Key::ChoFormForgotPassword),
    ("guest_checkout", Key::ChoFormGuestCheckout),
    (
        "register_during_checkout",
        Key::ChoFormRegisterDuringCheckout,
    ),
    ("contact_us", Key::ChoFormContactUs),
    ("user_edit", Key::ChoFormChangePassword),
];

const fn opt(
    path: &'static str,
    label: Key,
    group: Key,
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

/// Declares every option once (see the list below): its typed [`Setting`] constant and
/// its [`OPTIONS`] row come from the same line.
macro_rules! options {
    ($(
        $name:ident: $ty:ty = $path:literal, $label:ident, $group:ident, $scope:ident,
            $default:expr, $kind:expr;
    )*) => {
        $(
            #[doc = concat!("`", $path, "`")]
            pub const $name: Setting<$ty> = Setting::new($path);
        )*

        /// Every store configuration option with its built-in default.
        pub static OPTIONS: &[OptionDef] = &[
            $(opt($path, Key::$label, $group, $scope, $default, $kind),)*
        ];

        /// Each option's path with a check that a stored text parses as its type.
        #[cfg(test)]
        const TYPED: &[(&str, fn(&str) -> bool)] = &[
            $(($path, parses_as::<$ty>),)*
        ];

        /// Each option's path with the name of its constant (the source test looks for it).
        #[cfg(test)]
        const NAMES: &[(&str, &str)] = &[
            $(($path, stringify!($name)),)*
        ];
    };
}

/// Whether `raw` reads as a `T` (an empty text is "not set", which every type accepts).
#[cfg(test)]
fn parses_as<T: super::model::ConfigValue>(raw: &str) -> bool {
    raw.is_empty() || T::parse_config(raw).is_some()
}

const SHARING: Key = Key::CfgGroupSharing;
const ONLINE: Key = Key::CfgGroupOnline;
const CREATE: Key = Key::CfgGroupCreate;
const PASSWORD: Key = Key::CfgGroupPassword;
const ACCOUNT_INFO: Key = Key::CfgGroupAccountInfo;
const NAME_ADDRESS: Key = Key::CfgGroupNameAddress;
const LOGIN: Key = Key::CfgGroupLogin;
const TEMPLATES: Key = Key::CfgGroupTemplates;
const STORE_CREDIT: Key = Key::CfgGroupStoreCredit;
const SEGMENTS: Key = Key::CfgGroupSegments;
const CAPTCHA: Key = Key::CfgGroupCaptcha;
const COOKIES: Key = Key::CfgGroupCookies;
const PERSISTENT: Key = Key::CfgGroupPersistent;
const LOGIN_AS: Key = Key::CfgGroupLoginAs;
const ADMIN_SECURITY: Key = Key::CfgGroupAdminSecurity;
const ACTION_LOG: Key = Key::CfgGroupActionLog;
const LOCALE: Key = Key::CfgGroupLocale;
const IDENT_GENERAL: Key = Key::ChoIdentityGeneral;
const IDENT_SALES: Key = Key::ChoIdentitySales;
const IDENT_SUPPORT: Key = Key::ChoIdentitySupport;
const IDENT_CUSTOM1: Key = Key::ChoIdentityCustom1;
const IDENT_CUSTOM2: Key = Key::ChoIdentityCustom2;

// Every store configuration option, each declared once:
// `CONSTANT: type = "path", LabelKey, group, scope, "default", kind;` (the label's
// English text is in the i18n catalogue, `Cfg…` keys)
// The macro makes the typed constant (`registry::PASSWORD_MINIMUM_LENGTH`), the
// `OPTIONS` row and the test that its default parses as its type.
#[rustfmt::skip]
options! {
    // ---- Account Sharing Options ----
    ACCOUNT_SHARE_SCOPE: i64 = "customer/account_share/scope", CfgAccountShareScope, SHARING, G, "1",
        Select(&[("0", Key::ChoGlobal), ("1", Key::ChoPerWebsite)]);

    // ---- Online Customers Options ----
    // Magento leaves the interval empty and treats empty as 15; we store the 15 explicitly.
    ONLINE_MINUTES_INTERVAL: i64 = "customer/online_customers/online_minutes_interval", CfgOnlineMinutesInterval, ONLINE, G, "15",
        int(1, NO_MAX);
    ONLINE_SECTION_DATA_LIFETIME: i64 = "customer/online_customers/section_data_lifetime", CfgOnlineSectionDataLifetime, ONLINE, G, "60",
        int(1, NO_MAX);

    // ---- Create New Account Options ----
    CREATE_ACCOUNT_AUTO_GROUP_ASSIGN: bool = "customer/create_account/auto_group_assign", CfgCreateAccountAutoGroupAssign, CREATE, SV, "0",
        YesNo;
    CREATE_ACCOUNT_TAX_CALCULATION_ADDRESS_TYPE: String = "customer/create_account/tax_calculation_address_type", CfgCreateAccountTaxCalculationAddressType, CREATE, SV, "billing",
        Select(&[("billing", Key::ChoBillingAddress), ("shipping", Key::ChoShippingAddress)]);
    CREATE_ACCOUNT_DEFAULT_GROUP: i64 = "customer/create_account/default_group", CfgCreateAccountDefaultGroup, CREATE, SV, "1",
        CustomerGroup;
    CREATE_ACCOUNT_VIV_DOMESTIC_GROUP: String = "customer/create_account/viv_domestic_group", CfgCreateAccountVivDomesticGroup, CREATE, SV, "",
        CustomerGroup;
    CREATE_ACCOUNT_VIV_INTRA_UNION_GROUP: String = "customer/create_account/viv_intra_union_group", CfgCreateAccountVivIntraUnionGroup, CREATE, SV, "",
        CustomerGroup;
    CREATE_ACCOUNT_VIV_INVALID_GROUP: String = "customer/create_account/viv_invalid_group", CfgCreateAccountVivInvalidGroup, CREATE, SV, "",
        CustomerGroup;
    CREATE_ACCOUNT_VIV_ERROR_GROUP: String = "customer/create_account/viv_error_group", CfgCreateAccountVivErrorGroup, CREATE, SV, "",
        CustomerGroup;
    // Magento's config.xml sets no default: empty, read as No.
    CREATE_ACCOUNT_VIV_ON_EACH_TRANSACTION: bool = "customer/create_account/viv_on_each_transaction", CfgCreateAccountVivOnEachTransaction, CREATE, SV, "",
        YesNo;
    CREATE_ACCOUNT_VIV_DISABLE_AUTO_GROUP_ASSIGN_DEFAULT: bool = "customer/create_account/viv_disable_auto_group_assign_default", CfgCreateAccountVivDisableAutoGroupAssignDefault, CREATE, G, "0",
        YesNo;
    CREATE_ACCOUNT_VAT_FRONTEND_VISIBILITY: bool = "customer/create_account/vat_frontend_visibility", CfgCreateAccountVatFrontendVisibility, CREATE, W, "0",
        YesNo;
    // Ours: Magento's Create an Account shows its address fields (the form
    // "Customer Address Registration") when the theme's layout asks for them.
    CREATE_ACCOUNT_SHOW_ADDRESS_FIELDS: bool = "customer/create_account/show_address_fields", CfgCreateAccountShowAddressFields, CREATE, W, "0",
        YesNo;
    CREATE_ACCOUNT_EMAIL_DOMAIN: String = "customer/create_account/email_domain", CfgCreateAccountEmailDomain, CREATE, SV, "example.com",
        Text;
    // Newer Magento versions only; there it appears to default to Yes (Magento's tests
    // switch it off).
    CREATE_ACCOUNT_EMAIL_REQUIRED_CREATE_ORDER: bool = "customer/create_account/email_required_create_order", CfgCreateAccountEmailRequiredCreateOrder,
        CREATE, SV, "1",
        YesNo;
    CREATE_ACCOUNT_EMAIL_TEMPLATE: String = "customer/create_account/email_template", CfgCreateAccountEmailTemplate, CREATE, SV,
        "customer_create_account_email_template",
        EmailTemplate("welcome");
    CREATE_ACCOUNT_EMAIL_NO_PASSWORD_TEMPLATE: String = "customer/create_account/email_no_password_template", CfgCreateAccountEmailNoPasswordTemplate, CREATE, SV,
        "customer_create_account_email_no_password_template",
        EmailTemplate("welcome_no_password");
    CREATE_ACCOUNT_EMAIL_IDENTITY: String = "customer/create_account/email_identity", CfgCreateAccountEmailIdentity, CREATE, SV, "general",
        Select(EMAIL_IDENTITIES);
    CREATE_ACCOUNT_CONFIRM: bool = "customer/create_account/confirm", CfgCreateAccountConfirm, CREATE, W, "0",
        YesNo;
    CREATE_ACCOUNT_EMAIL_CONFIRMATION_TEMPLATE: String = "customer/create_account/email_confirmation_template", CfgCreateAccountEmailConfirmationTemplate, CREATE, SV,
        "customer_create_account_email_confirmation_template",
        EmailTemplate("confirmation");
    CREATE_ACCOUNT_EMAIL_CONFIRMED_TEMPLATE: String = "customer/create_account/email_confirmed_template", CfgCreateAccountEmailConfirmedTemplate, CREATE, SV,
        "customer_create_account_email_confirmed_template",
        EmailTemplate("welcome_confirmed");
    CREATE_ACCOUNT_GENERATE_HUMAN_FRIENDLY_ID: bool = "customer/create_account/generate_human_friendly_id", CfgCreateAccountGenerateHumanFriendlyId, CREATE, G, "0",
        YesNo;

    // ---- Password Options ----
    PASSWORD_RESET_PROTECTION_TYPE: i64 = "customer/password/password_reset_protection_type", CfgPasswordResetProtectionType, PASSWORD, SV, "1",
        Select(&[("1", Key::ChoByIpAndEmail), ("2", Key::ChoByIp), ("3", Key::ChoByEmail), ("0", Key::ChoNone)]);
    PASSWORD_MAX_RESET_REQUESTS: i64 = "customer/password/max_number_password_reset_requests", CfgPasswordMaxResetRequests,
        PASSWORD, SV, "5",
        int(0, NO_MAX);
    PASSWORD_MIN_TIME_BETWEEN_RESET_REQUESTS: i64 = "customer/password/min_time_between_password_reset_requests", CfgPasswordMinTimeBetweenResetRequests,
        PASSWORD, SV, "10",
        int(0, NO_MAX);
    PASSWORD_FORGOT_EMAIL_TEMPLATE: String = "customer/password/forgot_email_template", CfgPasswordForgotEmailTemplate, PASSWORD, SV,
        "customer_password_forgot_email_template",
        EmailTemplate("reset_password");
    PASSWORD_REMIND_EMAIL_TEMPLATE: String = "customer/password/remind_email_template", CfgPasswordRemindEmailTemplate, PASSWORD, SV,
        "customer_password_remind_email_template",
        Text;
    PASSWORD_RESET_PASSWORD_TEMPLATE: String = "customer/password/reset_password_template", CfgPasswordResetPasswordTemplate, PASSWORD, SV,
        "customer_password_reset_password_template",
        EmailTemplate("password_changed");
    PASSWORD_FORGOT_EMAIL_IDENTITY: String = "customer/password/forgot_email_identity", CfgPasswordForgotEmailIdentity, PASSWORD, SV, "support",
        Select(EMAIL_IDENTITIES);
    // Code default 2 hours (the guide says 24 h).
    PASSWORD_RESET_LINK_EXPIRATION_PERIOD: i64 = "customer/password/reset_link_expiration_period", CfgPasswordResetLinkExpirationPeriod,
        PASSWORD, G, "2",
        int(1, NO_MAX);
    PASSWORD_AUTOCOMPLETE_ON_STOREFRONT: bool = "customer/password/autocomplete_on_storefront", CfgPasswordAutocompleteOnStorefront,
        PASSWORD, W, "0",
        YesNo;
    PASSWORD_REQUIRED_CHARACTER_CLASSES_NUMBER: i64 = "customer/password/required_character_classes_number", CfgPasswordRequiredCharacterClassesNumber,
        PASSWORD, G, "3",
        int(1, 4);
    PASSWORD_LOCKOUT_FAILURES: i64 = "customer/password/lockout_failures", CfgPasswordLockoutFailures, PASSWORD, G, "10",
        int(0, NO_MAX);
    // Code default 8 (the guide's reset page says 6).
    PASSWORD_MINIMUM_LENGTH: i64 = "customer/password/minimum_password_length", CfgPasswordMinimumLength, PASSWORD, G, "8",
        int(1, NO_MAX);
    PASSWORD_LOCKOUT_THRESHOLD: i64 = "customer/password/lockout_threshold", CfgPasswordLockoutThreshold, PASSWORD, G, "10",
        int(0, NO_MAX);

    // ---- Account Information Options ----
    ACCOUNT_INFORMATION_CHANGE_EMAIL_TEMPLATE: String = "customer/account_information/change_email_template", CfgAccountInformationChangeEmailTemplate, ACCOUNT_INFO, SV,
        "customer_account_information_change_email_template",
        EmailTemplate("change_email");
    ACCOUNT_INFORMATION_CHANGE_EMAIL_AND_PASSWORD_TEMPLATE: String = "customer/account_information/change_email_and_password_template", CfgAccountInformationChangeEmailAndPasswordTemplate,
        ACCOUNT_INFO, SV,
        "customer_account_information_change_email_and_password_template",
        EmailTemplate("change_email_and_password");
    // Newer config.xml only (not in the guide); label and scope are ours.
    ACCOUNT_INFORMATION_CONFIRM: bool = "customer/account_information/confirm", CfgAccountInformationConfirm,
        ACCOUNT_INFO, W, "0",
        YesNo;

    // ---- Name and Address Options (scope W) ----
    // Code default 2 lines (the guide says 3).
    ADDRESS_STREET_LINES: i64 = "customer/address/street_lines", CfgAddressStreetLines, NAME_ADDRESS, W, "2",
        int(1, 4);
    ADDRESS_PREFIX_SHOW: Visibility = "customer/address/prefix_show", CfgAddressPrefixShow, NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES);
    ADDRESS_PREFIX_OPTIONS: String = "customer/address/prefix_options", CfgAddressPrefixOptions, NAME_ADDRESS, W, "",
        Text;
    // Empty = No; a shown middle name is always optional.
    ADDRESS_MIDDLENAME_SHOW: bool = "customer/address/middlename_show", CfgAddressMiddlenameShow, NAME_ADDRESS, W, "",
        YesNo;
    ADDRESS_SUFFIX_SHOW: Visibility = "customer/address/suffix_show", CfgAddressSuffixShow, NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES);
    ADDRESS_SUFFIX_OPTIONS: String = "customer/address/suffix_options", CfgAddressSuffixOptions, NAME_ADDRESS, W, "",
        Text;
    ADDRESS_DOB_SHOW: Visibility = "customer/address/dob_show", CfgAddressDobShow, NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES);
    ADDRESS_TAXVAT_SHOW: Visibility = "customer/address/taxvat_show", CfgAddressTaxvatShow, NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES);
    ADDRESS_GENDER_SHOW: Visibility = "customer/address/gender_show", CfgAddressGenderShow, NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES);
    ADDRESS_TELEPHONE_SHOW: Visibility = "customer/address/telephone_show", CfgAddressTelephoneShow, NAME_ADDRESS, W, "req",
        Select(SHOW_CHOICES);
    ADDRESS_COMPANY_SHOW: Visibility = "customer/address/company_show", CfgAddressCompanyShow, NAME_ADDRESS, W, "opt",
        Select(SHOW_CHOICES);
    ADDRESS_FAX_SHOW: Visibility = "customer/address/fax_show", CfgAddressFaxShow, NAME_ADDRESS, W, "",
        Select(SHOW_CHOICES);

    // ---- Login Options ----
    // Current code default No (older versions: Yes).
    STARTUP_REDIRECT_DASHBOARD: bool = "customer/startup/redirect_dashboard", CfgStartupRedirectDashboard,
        LOGIN, W, "0",
        YesNo;

    // ---- Address Templates (textareas; newlines are part of the value) ----
    ADDRESS_TEMPLATE_TEXT: String = "customer/address_templates/text", CfgAddressTemplateText, TEMPLATES, SV, TEMPLATE_TEXT,
        AddressTemplate(Format::Text);
    ADDRESS_TEMPLATE_ONELINE: String = "customer/address_templates/oneline", CfgAddressTemplateOneline, TEMPLATES, SV, TEMPLATE_ONELINE,
        AddressTemplate(Format::OneLine);
    ADDRESS_TEMPLATE_HTML: String = "customer/address_templates/html", CfgAddressTemplateHtml, TEMPLATES, SV, TEMPLATE_HTML,
        AddressTemplate(Format::Html);
    ADDRESS_TEMPLATE_PDF: String = "customer/address_templates/pdf", CfgAddressTemplatePdf, TEMPLATES, SV, TEMPLATE_PDF,
        AddressTemplate(Format::Pdf);

    // ---- Store Credit Options ----
    // Magento's guide states no defaults here; these are Magento's usual ones (feature on, history
    // shown, no automatic refund to store credit, General Contact sender, stock template).
    STORE_CREDIT_IS_ENABLED: bool = "customer/magento_customerbalance/is_enabled", CfgStoreCreditIsEnabled, STORE_CREDIT, G, "1",
        YesNo;
    STORE_CREDIT_SHOW_HISTORY: bool = "customer/magento_customerbalance/show_history", CfgStoreCreditShowHistory,
        STORE_CREDIT, W, "1",
        YesNo;
    STORE_CREDIT_REFUND_AUTOMATICALLY: bool = "customer/magento_customerbalance/refund_automatically", CfgStoreCreditRefundAutomatically,
        STORE_CREDIT, G, "0",
        YesNo;
    STORE_CREDIT_EMAIL_IDENTITY: String = "customer/magento_customerbalance/email_identity", CfgStoreCreditEmailIdentity,
        STORE_CREDIT, SV, "general",
        Select(EMAIL_IDENTITIES);
    STORE_CREDIT_EMAIL_TEMPLATE: String = "customer/magento_customerbalance/email_template", CfgStoreCreditEmailTemplate,
        STORE_CREDIT, SV, "customer_magento_customerbalance_email_template",
        Text;

    // ---- Customer Segments ----
    // is_enabled: Magento's guide states no default; we choose Yes. Real-time check:
    // Magento's default is Yes.
    SEGMENT_IS_ENABLED: bool = "customer/magento_customersegment/is_enabled", CfgSegmentIsEnabled, SEGMENTS, G, "1",
        YesNo;
    SEGMENT_REAL_TIME_CHECK: bool = "customer/magento_customersegment/real_time_check_if_customer_is_matched_by_segment", CfgSegmentRealTimeCheck, SEGMENTS, G, "1",
        YesNo;

    // ---- CAPTCHA (storefront) ----
    CAPTCHA_ENABLE: bool = "customer/captcha/enable", CfgCaptchaEnable, CAPTCHA, W, "1",
        YesNo;
    // The only font Magento ships.
    CAPTCHA_FONT: String = "customer/captcha/font", CfgCaptchaFont, CAPTCHA, W, "linlibertine",
        Select(&[("linlibertine", Key::ChoLinLibertine)]);
    CAPTCHA_FORMS: String = "customer/captcha/forms", CfgCaptchaForms, CAPTCHA, W, "user_forgotpassword,user_login",
        MultiSelect(CAPTCHA_FORMS_CHOICES);
    CAPTCHA_MODE: String = "customer/captcha/mode", CfgCaptchaMode, CAPTCHA, W, "after_fail",
        Select(&[("always", Key::ChoAlways), ("after_fail", Key::ChoAfterFailedLogins)]);
    // 0 = CAPTCHA always shown on the login form.
    CAPTCHA_FAILED_ATTEMPTS_LOGIN: i64 = "customer/captcha/failed_attempts_login", CfgCaptchaFailedAttemptsLogin, CAPTCHA, W, "3",
        int(0, NO_MAX);
    // Magento only requires digits; we refuse 0, which would expire every CAPTCHA at once.
    CAPTCHA_TIMEOUT: i64 = "customer/captcha/timeout", CfgCaptchaTimeout, CAPTCHA, W, "7",
        int(1, NO_MAX);
    // A count or a range such as "4-5", at most 8 symbols.
    CAPTCHA_LENGTH: String = "customer/captcha/length", CfgCaptchaLength, CAPTCHA, W, "4-5",
        Text;
    CAPTCHA_SYMBOLS: String = "customer/captcha/symbols", CfgCaptchaSymbols, CAPTCHA, W, "ABCDEFGHJKMnpqrstuvwxyz23456789",
        Text;
    CAPTCHA_CASE_SENSITIVE: bool = "customer/captcha/case_sensitive", CfgCaptchaCaseSensitive, CAPTCHA, W, "0",
        YesNo;

    // ---- Default Cookie Settings ----
    // Magento allows this per store view; we keep one global value.
    COOKIE_LIFETIME: i64 = "web/cookie/cookie_lifetime", CfgCookieLifetime, COOKIES, G, "3600",
        int(0, NO_MAX);
    // Clientele: how long My Account's device copies (for offline use) are kept, in days.
    OFFLINE_COPY_LIFETIME: i64 = "clientele/offline/copy_lifetime_days", CfgOfflineCopyLifetime, COOKIES, G, "7",
        int(1, 365);

    // ---- Persistent Shopping Cart (scope W as in Magento_Persistent) ----
    PERSISTENT_ENABLED: bool = "persistent/options/enabled", CfgPersistentEnabled, PERSISTENT, W, "0",
        YesNo;
    PERSISTENT_LIFETIME: i64 = "persistent/options/lifetime", CfgPersistentLifetime, PERSISTENT, W, "31536000",
        int(0, 3_153_600_000);
    PERSISTENT_REMEMBER_ENABLED: bool = "persistent/options/remember_enabled", CfgPersistentRememberEnabled, PERSISTENT, W, "1",
        YesNo;
    PERSISTENT_REMEMBER_DEFAULT: bool = "persistent/options/remember_default", CfgPersistentRememberDefault, PERSISTENT, W, "1",
        YesNo;
    PERSISTENT_LOGOUT_CLEAR: bool = "persistent/options/logout_clear", CfgPersistentLogoutClear, PERSISTENT, W, "1",
        YesNo;
    PERSISTENT_SHOPPING_CART: bool = "persistent/options/shopping_cart", CfgPersistentShoppingCart, PERSISTENT, W, "1",
        YesNo;

    // ---- Login as Customer ----
    // Off until an admin switches it on, as Magento's guide implies (one Magento revision ships 1).
    LOGIN_AS_CUSTOMER_ENABLED: bool = "login_as_customer/general/enabled", CfgLoginAsCustomerEnabled, LOGIN_AS, G, "0",
        YesNo;
    LOGIN_AS_CUSTOMER_DISABLE_PAGE_CACHE: bool = "login_as_customer/general/disable_page_cache", CfgLoginAsCustomerDisablePageCache, LOGIN_AS, G, "1",
        YesNo;
    LOGIN_AS_CUSTOMER_STORE_VIEW_MANUAL_CHOICE_ENABLED: i64 = "login_as_customer/general/store_view_manual_choice_enabled", CfgLoginAsCustomerStoreViewManualChoiceEnabled, LOGIN_AS, G, "0",
        Select(&[("0", Key::ChoAutoDetection), ("1", Key::ChoManualSelection)]);
    LOGIN_AS_CUSTOMER_CHECKBOX_TITLE: String = "login_as_customer/general/shopping_assistance_checkbox_title", CfgLoginAsCustomerCheckboxTitle, LOGIN_AS, SV, "Allow remote shopping assistance",
        Text;
    // Default text from Magento_LoginAsCustomerAssistance etc/config.xml.
    LOGIN_AS_CUSTOMER_CHECKBOX_TOOLTIP: String = "login_as_customer/general/shopping_assistance_checkbox_tooltip", CfgLoginAsCustomerCheckboxTooltip,
        LOGIN_AS, SV,
        r#"This allows merchants to "see what you see" and take actions on your behalf in order to provide better assistance."#,
        TextArea;
    // Hidden in Magento's admin (config.xml only): validity of the one-time login secret. Label ours.
    LOGIN_AS_CUSTOMER_AUTHENTICATION_DATA_EXPIRATION_TIME: i64 = "login_as_customer/general/authentication_data_expiration_time", CfgLoginAsCustomerAuthenticationDataExpirationTime,
        LOGIN_AS, G, "60",
        int(1, NO_MAX);

    // ---- Admin Security (Magento_Security / Backend paths) ----
    ADMIN_LOCKOUT_FAILURES: i64 = "admin/security/lockout_failures", CfgAdminLockoutFailures, ADMIN_SECURITY, G, "6",
        int(0, NO_MAX);
    ADMIN_LOCKOUT_THRESHOLD: i64 = "admin/security/lockout_threshold", CfgAdminLockoutThreshold, ADMIN_SECURITY, G, "30",
        int(0, NO_MAX);
    ADMIN_SESSION_LIFETIME: i64 = "admin/security/session_lifetime", CfgAdminSessionLifetime, ADMIN_SECURITY, G, "900",
        int(60, 31_536_000);
    // Ours, not Magento's: hard cap on an admin session however active it is.
    ADMIN_SESSION_ABSOLUTE_LIFETIME: i64 = "admin/security/session_absolute_lifetime", CfgAdminSessionAbsoluteLifetime,
        ADMIN_SECURITY, G, "28800",
        int(300, 31_536_000);

    // ---- Admin Actions Log Archiving (Magento_Logging's system/rotation/lifetime) ----
    ACTION_LOG_LIFETIME: i64 = "admin/action_log/lifetime", CfgActionLogLifetime, ACTION_LOG, G, "60",
        int(1, 36_500);

    // ---- Locale Options ----
    LOCALE_CODE: String = "general/locale/code", CfgLocaleCode, LOCALE, SV, "en_US",
        Select(&[
            ("en_US", Key::ChoLocaleEnUs),
            ("fr_FR", Key::ChoLocaleFrFr),
            ("nl_NL", Key::ChoLocaleNlNl),
            ("pt_BR", Key::ChoLocalePtBr),
        ]);

    // ---- Store Email Addresses (General → Store Email Addresses) ----
    IDENT_GENERAL_NAME: String = "trans_email/ident_general/name", CfgSenderName, IDENT_GENERAL, SV, "Owner",
        Text;
    IDENT_GENERAL_EMAIL: String = "trans_email/ident_general/email", CfgSenderEmail, IDENT_GENERAL, SV, "owner@example.com",
        EmailAddress;
    IDENT_SALES_NAME: String = "trans_email/ident_sales/name", CfgSenderName, IDENT_SALES, SV, "Sales",
        Text;
    IDENT_SALES_EMAIL: String = "trans_email/ident_sales/email", CfgSenderEmail, IDENT_SALES, SV, "sales@example.com",
        EmailAddress;
    IDENT_SUPPORT_NAME: String = "trans_email/ident_support/name", CfgSenderName, IDENT_SUPPORT, SV, "CustomerSupport",
        Text;
    IDENT_SUPPORT_EMAIL: String = "trans_email/ident_support/email", CfgSenderEmail, IDENT_SUPPORT, SV, "support@example.com",
        EmailAddress;
    IDENT_CUSTOM1_NAME: String = "trans_email/ident_custom1/name", CfgSenderName, IDENT_CUSTOM1, SV, "Custom 1",
        Text;
    IDENT_CUSTOM1_EMAIL: String = "trans_email/ident_custom1/email", CfgSenderEmail, IDENT_CUSTOM1, SV, "custom1@example.com",
        EmailAddress;
    IDENT_CUSTOM2_NAME: String = "trans_email/ident_custom2/name", CfgSenderName, IDENT_CUSTOM2, SV, "Custom 2",
        Text;
    IDENT_CUSTOM2_EMAIL: String = "trans_email/ident_custom2/email", CfgSenderEmail, IDENT_CUSTOM2, SV, "custom2@example.com",
        EmailAddress;
}

// Address template defaults (Magento_Customer etc/config.xml); no trailing newline.

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

/// The groups of each configuration section, in Magento's order.
pub fn groups_of(section: Section) -> &'static [Key] {
    match section {
        Section::Customer => &[
            SHARING,
            ONLINE,
            CREATE,
            PASSWORD,
            ACCOUNT_INFO,
            NAME_ADDRESS,
            LOGIN,
            TEMPLATES,
            CAPTCHA,
            STORE_CREDIT,
            SEGMENTS,
        ],
        Section::LoginAsCustomer => &[LOGIN_AS],
        Section::Persistent => &[PERSISTENT],
        Section::General => &[LOCALE],
        Section::Web => &[COOKIES],
        Section::Admin => &[ADMIN_SECURITY, ACTION_LOG],
        Section::StoreEmails => &[
            IDENT_GENERAL,
            IDENT_SALES,
            IDENT_SUPPORT,
            IDENT_CUSTOM1,
            IDENT_CUSTOM2,
        ],
    }
}

/// The section an option's group belongs to.
pub fn section_of(def: &OptionDef) -> Section {
    Section::ALL
        .into_iter()
        .find(|s| groups_of(*s).contains(&def.group))
        .unwrap_or(Section::Customer)
}

/// Fields shown only while another field has one of the listed values (Magento's
/// `<depends>`): `(field, parent, values)`. A field whose parent is hidden is hidden too.
pub static DEPENDS: &[(&str, &str, &[&str])] = &[
    // Create New Account: the VAT-based group fields follow Automatic Assignment.
    (
        CREATE_ACCOUNT_TAX_CALCULATION_ADDRESS_TYPE.path,
        CREATE_ACCOUNT_AUTO_GROUP_ASSIGN.path,
        &["1"],
    ),
    (
        CREATE_ACCOUNT_VIV_DOMESTIC_GROUP.path,
        CREATE_ACCOUNT_AUTO_GROUP_ASSIGN.path,
        &["1"],
    ),
    (
        CREATE_ACCOUNT_VIV_INTRA_UNION_GROUP.path,
        CREATE_ACCOUNT_AUTO_GROUP_ASSIGN.path,
        &["1"],
    ),
    (
        CREATE_ACCOUNT_VIV_INVALID_GROUP.path,
        CREATE_ACCOUNT_AUTO_GROUP_ASSIGN.path,
        &["1"],
    ),
    (
        CREATE_ACCOUNT_VIV_ERROR_GROUP.path,
        CREATE_ACCOUNT_AUTO_GROUP_ASSIGN.path,
        &["1"],
    ),
    (
        CREATE_ACCOUNT_VIV_ON_EACH_TRANSACTION.path,
        CREATE_ACCOUNT_AUTO_GROUP_ASSIGN.path,
        &["1"],
    ),
    (
        CREATE_ACCOUNT_VIV_DISABLE_AUTO_GROUP_ASSIGN_DEFAULT.path,
        CREATE_ACCOUNT_AUTO_GROUP_ASSIGN.path,
        &["1"],
    ),
    // The confirmation emails only matter while confirmation is required.
    (
        CREATE_ACCOUNT_EMAIL_CONFIRMATION_TEMPLATE.path,
        CREATE_ACCOUNT_CONFIRM.path,
        &["1"],
    ),
    (
        CREATE_ACCOUNT_EMAIL_CONFIRMED_TEMPLATE.path,
        CREATE_ACCOUNT_CONFIRM.path,
        &["1"],
    ),
    // Password reset limits apply only with a protection type.
    (
        PASSWORD_MAX_RESET_REQUESTS.path,
        PASSWORD_RESET_PROTECTION_TYPE.path,
        &["1", "2", "3"],
    ),
    (
        PASSWORD_MIN_TIME_BETWEEN_RESET_REQUESTS.path,
        PASSWORD_RESET_PROTECTION_TYPE.path,
        &["1", "2", "3"],
    ),
    // Dropdown options of a shown prefix / suffix.
    (
        ADDRESS_PREFIX_OPTIONS.path,
        ADDRESS_PREFIX_SHOW.path,
        &["opt", "req"],
    ),
    (
        ADDRESS_SUFFIX_OPTIONS.path,
        ADDRESS_SUFFIX_SHOW.path,
        &["opt", "req"],
    ),
    // CAPTCHA settings follow Enable CAPTCHA on Storefront; the attempts follow the mode.
    (CAPTCHA_FONT.path, CAPTCHA_ENABLE.path, &["1"]),
    (CAPTCHA_FORMS.path, CAPTCHA_ENABLE.path, &["1"]),
    (CAPTCHA_MODE.path, CAPTCHA_ENABLE.path, &["1"]),
    (
        CAPTCHA_FAILED_ATTEMPTS_LOGIN.path,
        CAPTCHA_MODE.path,
        &["after_fail"],
    ),
    (CAPTCHA_TIMEOUT.path, CAPTCHA_ENABLE.path, &["1"]),
    (CAPTCHA_LENGTH.path, CAPTCHA_ENABLE.path, &["1"]),
    (CAPTCHA_SYMBOLS.path, CAPTCHA_ENABLE.path, &["1"]),
    (CAPTCHA_CASE_SENSITIVE.path, CAPTCHA_ENABLE.path, &["1"]),
    // Store credit settings follow Enable Store Credit Functionality.
    (
        STORE_CREDIT_SHOW_HISTORY.path,
        STORE_CREDIT_IS_ENABLED.path,
        &["1"],
    ),
    (
        STORE_CREDIT_REFUND_AUTOMATICALLY.path,
        STORE_CREDIT_IS_ENABLED.path,
        &["1"],
    ),
    (
        STORE_CREDIT_EMAIL_IDENTITY.path,
        STORE_CREDIT_IS_ENABLED.path,
        &["1"],
    ),
    (
        STORE_CREDIT_EMAIL_TEMPLATE.path,
        STORE_CREDIT_IS_ENABLED.path,
        &["1"],
    ),
    (
        SEGMENT_REAL_TIME_CHECK.path,
        SEGMENT_IS_ENABLED.path,
        &["1"],
    ),
    // Persistent Shopping Cart.
    (PERSISTENT_LIFETIME.path, PERSISTENT_ENABLED.path, &["1"]),
    (
        PERSISTENT_REMEMBER_ENABLED.path,
        PERSISTENT_ENABLED.path,
        &["1"],
    ),
    (
        PERSISTENT_REMEMBER_DEFAULT.path,
        PERSISTENT_REMEMBER_ENABLED.path,
        &["1"],
    ),
    (
        PERSISTENT_LOGOUT_CLEAR.path,
        PERSISTENT_ENABLED.path,
        &["1"],
    ),
    (
        PERSISTENT_SHOPPING_CART.path,
        PERSISTENT_ENABLED.path,
        &["1"],
    ),
    // Login as Customer.
    (
        LOGIN_AS_CUSTOMER_DISABLE_PAGE_CACHE.path,
        LOGIN_AS_CUSTOMER_ENABLED.path,
        &["1"],
    ),
    (
        LOGIN_AS_CUSTOMER_STORE_VIEW_MANUAL_CHOICE_ENABLED.path,
        LOGIN_AS_CUSTOMER_ENABLED.path,
        &["1"],
    ),
    (
        LOGIN_AS_CUSTOMER_CHECKBOX_TITLE.path,
        LOGIN_AS_CUSTOMER_ENABLED.path,
        &["1"],
    ),
    (
        LOGIN_AS_CUSTOMER_CHECKBOX_TOOLTIP.path,
        LOGIN_AS_CUSTOMER_ENABLED.path,
        &["1"],
    ),
    (
        LOGIN_AS_CUSTOMER_AUTHENTICATION_DATA_EXPIRATION_TIME.path,
        LOGIN_AS_CUSTOMER_ENABLED.path,
        &["1"],
    ),
];

/// Magento's comment under a field (units, ranges, what 0 means).
pub static COMMENTS: &[(&str, Key)] = &[
    (ACCOUNT_SHARE_SCOPE.path, Key::CfgNoteShareScope),
    (
        CREATE_ACCOUNT_SHOW_ADDRESS_FIELDS.path,
        Key::CfgNoteShowAddressFields,
    ),
    (ONLINE_MINUTES_INTERVAL.path, Key::CfgNoteOnlineInterval),
    (PASSWORD_MAX_RESET_REQUESTS.path, Key::CfgNoteZeroDisables),
    (
        PASSWORD_MIN_TIME_BETWEEN_RESET_REQUESTS.path,
        Key::CfgNoteMinutesZeroDisables,
    ),
    (
        PASSWORD_RESET_LINK_EXPIRATION_PERIOD.path,
        Key::CfgNoteHours,
    ),
    (
        PASSWORD_REQUIRED_CHARACTER_CLASSES_NUMBER.path,
        Key::CfgNoteCharacterClasses,
    ),
    (PASSWORD_LOCKOUT_FAILURES.path, Key::CfgNoteLockoutFailures),
    (
        PASSWORD_LOCKOUT_THRESHOLD.path,
        Key::CfgNoteLockoutThreshold,
    ),
    (PASSWORD_MINIMUM_LENGTH.path, Key::CfgNoteMinimumLength),
    (ADDRESS_STREET_LINES.path, Key::CfgNoteStreetLines),
    (ADDRESS_TEMPLATE_ONELINE.path, Key::CfgNoteOneLineTemplate),
    (CAPTCHA_FORMS.path, Key::CfgNoteCaptchaForms),
    (ADDRESS_PREFIX_OPTIONS.path, Key::CfgNoteAffixOptions),
    (ADDRESS_SUFFIX_OPTIONS.path, Key::CfgNoteAffixOptions),
    (
        STARTUP_REDIRECT_DASHBOARD.path,
        Key::CfgNoteRedirectDashboard,
    ),
    (
        CAPTCHA_FAILED_ATTEMPTS_LOGIN.path,
        Key::CfgNoteCaptchaAttempts,
    ),
    (CAPTCHA_TIMEOUT.path, Key::CfgNoteMinutes),
    (CAPTCHA_LENGTH.path, Key::CfgNoteCaptchaLength),
    (CAPTCHA_SYMBOLS.path, Key::CfgNoteCaptchaSymbols),
    (COOKIE_LIFETIME.path, Key::CfgNoteCookieLifetime),
    (ADMIN_SESSION_LIFETIME.path, Key::CfgNoteSeconds),
    (ADMIN_SESSION_ABSOLUTE_LIFETIME.path, Key::CfgNoteSeconds),
    (ADMIN_LOCKOUT_THRESHOLD.path, Key::CfgNoteLockoutThreshold),
    (PERSISTENT_LIFETIME.path, Key::CfgNoteSeconds),
];

/// Options the store keeps but whose feature does not exist yet: the editor says
/// "Takes effect when <feature> exists." under each, so nothing is silently ignored.
/// A test checks that every other option is read somewhere in the code.
pub static PENDING: &[(&str, Key)] = &[
    (
        ONLINE_SECTION_DATA_LIFETIME.path,
        Key::FeatureCustomerSections,
    ),
    (
        CREATE_ACCOUNT_AUTO_GROUP_ASSIGN.path,
        Key::FeatureVatValidation,
    ),
    (
        CREATE_ACCOUNT_TAX_CALCULATION_ADDRESS_TYPE.path,
        Key::FeatureVatValidation,
    ),
    (
        CREATE_ACCOUNT_VIV_DOMESTIC_GROUP.path,
        Key::FeatureVatValidation,
    ),
    (
        CREATE_ACCOUNT_VIV_INTRA_UNION_GROUP.path,
        Key::FeatureVatValidation,
    ),
    (
        CREATE_ACCOUNT_VIV_INVALID_GROUP.path,
        Key::FeatureVatValidation,
    ),
    (
        CREATE_ACCOUNT_VIV_ERROR_GROUP.path,
        Key::FeatureVatValidation,
    ),
    (
        CREATE_ACCOUNT_VIV_ON_EACH_TRANSACTION.path,
        Key::FeatureVatValidation,
    ),
    (
        CREATE_ACCOUNT_VIV_DISABLE_AUTO_GROUP_ASSIGN_DEFAULT.path,
        Key::FeatureVatValidation,
    ),
    (
        CREATE_ACCOUNT_VAT_FRONTEND_VISIBILITY.path,
        Key::FeatureVatValidation,
    ),
    (CREATE_ACCOUNT_EMAIL_DOMAIN.path, Key::FeatureAdminOrders),
    (
        CREATE_ACCOUNT_EMAIL_REQUIRED_CREATE_ORDER.path,
        Key::FeatureAdminOrders,
    ),
    (
        CREATE_ACCOUNT_GENERATE_HUMAN_FRIENDLY_ID.path,
        Key::FeatureHumanFriendlyIds,
    ),
    (
        PASSWORD_REMIND_EMAIL_TEMPLATE.path,
        Key::FeaturePasswordReminder,
    ),
    (
        PASSWORD_AUTOCOMPLETE_ON_STOREFRONT.path,
        Key::FeaturePasswordAutocomplete,
    ),
    (
        ACCOUNT_INFORMATION_CONFIRM.path,
        Key::FeatureEmailChangeConfirmation,
    ),
    (ADDRESS_TEMPLATE_TEXT.path, Key::FeatureTextAddresses),
    (ADDRESS_TEMPLATE_PDF.path, Key::FeaturePrintedDocuments),
    (STORE_CREDIT_IS_ENABLED.path, Key::FeatureStoreCredit),
    (STORE_CREDIT_SHOW_HISTORY.path, Key::FeatureStoreCredit),
    (
        STORE_CREDIT_REFUND_AUTOMATICALLY.path,
        Key::FeatureStoreCredit,
    ),
    (STORE_CREDIT_EMAIL_IDENTITY.path, Key::FeatureStoreCredit),
    (STORE_CREDIT_EMAIL_TEMPLATE.path, Key::FeatureStoreCredit),
    (SEGMENT_IS_ENABLED.path, Key::FeatureSegments),
    (SEGMENT_REAL_TIME_CHECK.path, Key::FeatureSegments),
    (CAPTCHA_FONT.path, Key::FeatureCaptchaFonts),
    (PERSISTENT_ENABLED.path, Key::FeaturePersistentCart),
    (PERSISTENT_LIFETIME.path, Key::FeaturePersistentCart),
    (PERSISTENT_REMEMBER_ENABLED.path, Key::FeaturePersistentCart),
    (PERSISTENT_REMEMBER_DEFAULT.path, Key::FeaturePersistentCart),
    (PERSISTENT_LOGOUT_CLEAR.path, Key::FeaturePersistentCart),
    (PERSISTENT_SHOPPING_CART.path, Key::FeaturePersistentCart),
    (
        LOGIN_AS_CUSTOMER_DISABLE_PAGE_CACHE.path,
        Key::FeaturePageCache,
    ),
];

/// The field `path` depends on, with the values that show it.
pub fn depends_on(path: &str) -> Option<(&'static str, &'static [&'static str])> {
    DEPENDS
        .iter()
        .find(|(field, _, _)| *field == path)
        .map(|(_, parent, values)| (*parent, *values))
}

/// Magento's comment under `path`, if any.
pub fn comment(path: &str) -> Option<Key> {
    COMMENTS.iter().find(|(p, _)| *p == path).map(|(_, k)| *k)
}

/// The feature `path` waits for, if it does not take effect yet.
pub fn pending(path: &str) -> Option<Key> {
    PENDING.iter().find(|(p, _)| *p == path).map(|(_, k)| *k)
}

/// Look up an option by path.
pub fn find(path: &str) -> Option<&'static OptionDef> {
    OPTIONS.iter().find(|o| o.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

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
            ("admin/action_log/lifetime", "60"),
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

    /// The code (not the unit tests) of every `.rs` file of the app and server, except
    /// this registry.
    fn sources() -> Vec<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("config/registry.rs")
                {
                    // Tests name options without obeying them: only the code counts.
                    let text = std::fs::read_to_string(&path).unwrap();
                    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
                    out.push(code.to_string());
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        walk(&root.join("src"), &mut out);
        walk(&root.join("../server/src"), &mut out);
        out
    }

    fn used_in(sources: &[String], name: &str) -> bool {
        sources.iter().any(|text| {
            text.match_indices(name).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + name.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !word(before) && !word(after)
            })
        })
    }

    #[test]
    fn every_option_is_obeyed_or_says_when_it_will_be() {
        let sources = sources();
        for (path, name) in NAMES {
            let used = used_in(&sources, name);
            match pending(path) {
                Some(_) => assert!(
                    !used,
                    "{name} is read by the code now: remove its PENDING mark"
                ),
                None => assert!(
                    used,
                    "{name} is not read anywhere: wire it, or mark it PENDING with its feature"
                ),
            }
        }
    }

    #[test]
    fn dependencies_comments_and_marks_name_real_options() {
        for (field, parent, values) in DEPENDS {
            let (field, parent) = (find(field).unwrap(), find(parent).unwrap());
            assert_eq!(section_of(field), section_of(parent), "{}", field.path);
            for value in *values {
                assert!(parent.validate(value).is_ok(), "{} = {value}", parent.path);
            }
        }
        for (path, _) in COMMENTS.iter().chain(PENDING) {
            assert!(find(path).is_some(), "{path}");
        }
        for o in OPTIONS {
            assert!(groups_of(section_of(o)).contains(&o.group), "{}", o.path);
        }
    }

    #[test]
    fn every_default_parses_as_its_type() {
        assert_eq!(TYPED.len(), OPTIONS.len());
        for (path, parses) in TYPED {
            let option = find(path).unwrap_or_else(|| panic!("{path} is not in OPTIONS"));
            assert!(parses(option.default), "default of {path} does not parse");
        }
        assert!(!parses_as::<i64>("soon"));
        assert!(!parses_as::<bool>("maybe"));
    }
}
