//! Wire types of the admin's customer page: the form's options, the Customer View
//! summary and what a save answers. The customer itself and its rules are in
//! [`crate::customers::model`].

use crate::customers::domain::DateOfBirth;
use crate::customers::model::CustomerInput;
use crate::forms::FormRules;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// The custom customer attributes (the admin's form shows every one).
    #[serde(default)]
    pub attributes: Vec<crate::attributes::model::FieldDef>,
    /// The custom address attributes (every one, in the address form).
    #[serde(default)]
    pub address_attributes: Vec<crate::attributes::model::FieldDef>,
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
    /// Active on the storefront within the Now Online window (in any browser).
    pub online: bool,
    /// Locked until this time (Unix seconds), when in the future.
    pub locked_until: Option<i64>,
    pub confirmation: Confirmation,
    pub created_at: i64,
    pub created_in: String,
    pub group_name: String,
    pub website_name: String,
    /// The default billing address printed with the HTML address template; `None`
    /// without one.
    pub default_billing: Option<String>,
    pub has_password: bool,
    /// The customer's signed-in sessions, most recently active first.
    #[serde(default)]
    pub sessions: Vec<SessionSummary>,
}

/// A browser's name and major version from its user agent ("Chrome 131"), or the
/// start of the user agent when it names none of the common ones.
pub fn browser_of(user_agent: &str) -> String {
    // Most specific first: Edge and Opera also say Chrome, Chrome also says Safari.
    const BROWSERS: [(&str, &str); 6] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("CriOS/", "Chrome"),
        ("Version/", "Safari"),
    ];
    for (token, name) in BROWSERS {
        if let Some(at) = user_agent.find(token) {
            let version: String = user_agent[at + token.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            return format!("{name} {version}").trim_end().to_string();
        }
    }
    user_agent.chars().take(40).collect()
}

/// One signed-in storefront session of the customer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub started_at: i64,
    pub last_seen_at: i64,
    pub ip: String,
    pub user_agent: String,
    /// Opened by this admin through Login as Customer (not the customer's own).
    pub assisted_by: Option<String>,
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
    pub warning: Option<crate::i18n::Message>,
}

#[cfg(test)]
mod tests {
    use super::browser_of;

    #[test]
    fn browsers_are_named_by_their_own_token() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(browser_of(chrome), "Chrome 131");
        assert_eq!(
            browser_of(&format!("{chrome} Edg/131.0.2903.86")),
            "Edge 131"
        );
        assert_eq!(
            browser_of("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"),
            "Safari 18"
        );
        assert_eq!(
            browser_of("Mozilla/5.0 (X11; rv:133.0) Gecko/20100101 Firefox/133.0"),
            "Firefox 133"
        );
        assert_eq!(browser_of("curl/8.5.0"), "curl/8.5.0");
        assert_eq!(browser_of(""), "");
    }
}
