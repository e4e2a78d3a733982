//! What the browser and the server share of the email templates: the account emails a
//! template can replace, their variables, a template being edited and its checks.

use crate::config::model::Setting;
use crate::config::registry;
use crate::forms::FieldErrors;
use crate::i18n::{Key, Message};
use serde::{Deserialize, Serialize};

/// One account email the store sends, which an admin's template can replace.
#[derive(Debug)]
pub struct BuiltinEmail {
    /// The email's code (`reset_password`): what the mailer and the outbox call it.
    pub code: &'static str,
    /// Its name in Magento's "Load Default Template" list ("Forgot Password").
    pub label: Key,
    /// The configuration option choosing its template per store view.
    pub setting: Setting<String>,
    /// The option choosing its sender identity.
    pub identity: Setting<String>,
    /// The variables its text may use, besides `name`, `store` and `email`.
    pub variables: &'static [&'static str],
}

/// Variables every email has: the customer's name, the store view's name, the
/// customer's email.
pub const COMMON_VARIABLES: [&str; 3] = ["name", "store", "email"];

/// The account emails, in Magento's order.
pub static BUILTINS: &[BuiltinEmail] = &[
    BuiltinEmail {
        code: "welcome",
        label: Key::EmailNewAccount,
        setting: registry::CREATE_ACCOUNT_EMAIL_TEMPLATE,
        identity: registry::CREATE_ACCOUNT_EMAIL_IDENTITY,
        variables: &["login"],
    },
    BuiltinEmail {
        code: "welcome_no_password",
        label: Key::EmailNewAccountNoPassword,
        setting: registry::CREATE_ACCOUNT_EMAIL_NO_PASSWORD_TEMPLATE,
        identity: registry::CREATE_ACCOUNT_EMAIL_IDENTITY,
        variables: &["link"],
    },
    BuiltinEmail {
        code: "confirmation",
        label: Key::EmailNewAccountConfirmationKey,
        setting: registry::CREATE_ACCOUNT_EMAIL_CONFIRMATION_TEMPLATE,
        identity: registry::CREATE_ACCOUNT_EMAIL_IDENTITY,
        variables: &["link"],
    },
    BuiltinEmail {
        code: "welcome_confirmed",
        label: Key::EmailNewAccountConfirmed,
        setting: registry::CREATE_ACCOUNT_EMAIL_CONFIRMED_TEMPLATE,
        identity: registry::CREATE_ACCOUNT_EMAIL_IDENTITY,
        variables: &["login"],
    },
    BuiltinEmail {
        code: "reset_password",
        label: Key::EmailForgotPassword,
        setting: registry::PASSWORD_FORGOT_EMAIL_TEMPLATE,
        identity: registry::PASSWORD_FORGOT_EMAIL_IDENTITY,
        variables: &["link", "hours"],
    },
    BuiltinEmail {
        code: "password_changed",
        label: Key::EmailResetPassword,
        setting: registry::PASSWORD_RESET_PASSWORD_TEMPLATE,
        identity: registry::PASSWORD_FORGOT_EMAIL_IDENTITY,
        variables: &[],
    },
    BuiltinEmail {
        code: "change_email",
        label: Key::EmailChangeEmail,
        setting: registry::ACCOUNT_INFORMATION_CHANGE_EMAIL_TEMPLATE,
        identity: registry::PASSWORD_FORGOT_EMAIL_IDENTITY,
        variables: &["new_email"],
    },
    BuiltinEmail {
        code: "change_email_and_password",
        label: Key::EmailChangeEmailAndPassword,
        setting: registry::ACCOUNT_INFORMATION_CHANGE_EMAIL_AND_PASSWORD_TEMPLATE,
        identity: registry::PASSWORD_FORGOT_EMAIL_IDENTITY,
        variables: &["new_email"],
    },
];

/// The account email with code `code`.
pub fn builtin(code: &str) -> Option<&'static BuiltinEmail> {
    BUILTINS.iter().find(|b| b.code == code)
}

impl BuiltinEmail {
    /// Every variable its text may use.
    pub fn all_variables(&self) -> Vec<&'static str> {
        COMMON_VARIABLES
            .iter()
            .chain(self.variables)
            .copied()
            .collect()
    }

    /// Whether its text must carry the `{link}` (without it the customer could not set
    /// a password or confirm the account).
    pub fn needs_link(&self) -> bool {
        self.variables.contains(&"link")
    }

    /// Sample values for the preview and the test email.
    pub fn sample(&self, store: &str, base_url: &str) -> Vec<(&'static str, String)> {
        self.all_variables()
            .into_iter()
            .map(|name| {
                let value = match name {
                    "name" => "Jane Doe".to_string(),
                    "store" => store.to_string(),
                    "email" => "jane.doe@example.com".to_string(),
                    "link" => format!("{base_url}/customer/account/createpassword?token=sample"),
                    "login" => format!("{base_url}/customer/account/login"),
                    "hours" => "2".to_string(),
                    "new_email" => "jane.new@example.com".to_string(),
                    _ => String::new(),
                };
                (name, value)
            })
            .collect()
    }
}

/// Longest Template Name.
pub const MAX_NAME: usize = 150;
/// Longest Template Subject.
pub const MAX_SUBJECT: usize = 255;
/// Longest Template Content.
pub const MAX_BODY: usize = 50_000;

/// A template as the form edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateInput {
    /// `None` for a new template.
    pub id: Option<i64>,
    /// Template Name (unique).
    pub name: String,
    /// The account email it replaces (a [`BuiltinEmail`] code).
    pub orig_code: String,
    pub subject: String,
    pub body: String,
}

/// The first `{word}` of `text` that is no variable of `email`, with its 1-based line
/// and column.
pub fn unknown_variable(text: &str, email: &BuiltinEmail) -> Option<(String, usize, usize)> {
    let known = email.all_variables();
    for (line_no, line) in text.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            if let Some(close) = after.find('}') {
                let word = &after[..close];
                let looks_like_variable =
                    !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if looks_like_variable && !known.contains(&word) {
                    let column = line[..offset + open].chars().count() + 1;
                    return Some((word.to_string(), line_no + 1, column));
                }
            }
            offset += open + 1;
            rest = after;
        }
    }
    None
}

impl TemplateInput {
    /// The form's rules (uniqueness of the name is the server's): errors by field.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut fail = |field: &str, message: Message| {
            errors.entry(field.to_string()).or_insert(message);
        };
        let name = self.name.trim();
        if name.is_empty() {
            fail("name", Message::required(Key::EmailTemplateName));
        } else if name.chars().count() > MAX_NAME {
            fail(
                "name",
                Message::new(Key::ErrTooLong)
                    .with("label", Key::EmailTemplateName)
                    .with("max", MAX_NAME),
            );
        }
        let Some(email) = builtin(&self.orig_code) else {
            fail("orig_code", Message::new(Key::ErrEmailTemplateOrig));
            return Err(errors);
        };
        for (field, label, text, max) in [
            (
                "subject",
                Key::EmailTemplateSubject,
                &self.subject,
                MAX_SUBJECT,
            ),
            ("body", Key::EmailTemplateContent, &self.body, MAX_BODY),
        ] {
            if text.trim().is_empty() {
                fail(field, Message::required(label));
            } else if text.chars().count() > max {
                fail(
                    field,
                    Message::new(Key::ErrTooLong)
                        .with("label", label)
                        .with("max", max),
                );
            } else if let Some((word, line, column)) = unknown_variable(text, email) {
                fail(
                    field,
                    Message::new(Key::ErrEmailTemplateVariable)
                        .with("variable", word)
                        .with("line", line)
                        .with("column", column),
                );
            }
        }
        if self.subject.contains('\n') {
            fail(
                "subject",
                Message::new(Key::CfgErrSingleLine).with("label", Key::EmailTemplateSubject),
            );
        }
        if email.needs_link() && !self.body.trim().is_empty() && !self.body.contains("{link}") {
            fail("body", Message::new(Key::ErrEmailTemplateNeedsLink));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// `text` with each known `{variable}` replaced by its value.
pub fn fill<K: AsRef<str>, V: AsRef<str>>(text: &str, values: &[(K, V)]) -> String {
    crate::i18n::fill(text, |name| {
        values
            .iter()
            .find(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v.as_ref().to_string())
    })
}

/// A row of the Email Templates list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRow {
    pub id: i64,
    pub name: String,
    pub orig_code: String,
    pub subject: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The Email Templates page: the templates, and the store views a test can be sent from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailTemplatesPage {
    pub templates: Vec<TemplateRow>,
    pub store_views: Vec<(i64, String)>,
}

/// A built-in email's text in one language, for "Load Default Template".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultText {
    pub subject: String,
    pub body: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(orig: &str, subject: &str, body: &str) -> TemplateInput {
        TemplateInput {
            id: None,
            name: "Our reset email".into(),
            orig_code: orig.into(),
            subject: subject.into(),
            body: body.into(),
        }
    }

    #[test]
    fn a_template_uses_its_emails_variables_only() {
        assert!(input(
            "reset_password",
            "Reset at {store}",
            "Hi {name}: {link} ({hours} h)"
        )
        .validate()
        .is_ok());
        let errors = input("welcome", "Hi", "Hello {name},\n  see {link}")
            .validate()
            .unwrap_err();
        let message = &errors["body"];
        assert_eq!(message.key, Key::ErrEmailTemplateVariable);
        assert_eq!(
            unknown_variable("Hello {name},\n  see {link}", builtin("welcome").unwrap()),
            Some(("link".into(), 2, 7))
        );
        // Braces that are no variable are text.
        assert!(input("welcome", "Hi {store}", "Prices in {} and { x }")
            .validate()
            .is_ok());
    }

    #[test]
    fn an_email_with_a_link_keeps_it_and_the_fields_are_required() {
        let errors = input("reset_password", "Reset", "No link here, {name}")
            .validate()
            .unwrap_err();
        assert_eq!(errors["body"].key, Key::ErrEmailTemplateNeedsLink);
        let errors = input("nope", "", "").validate().unwrap_err();
        assert!(errors.contains_key("orig_code"));
        let mut blank = input("welcome", " ", "");
        blank.name = String::new();
        let errors = blank.validate().unwrap_err();
        assert!(
            errors.contains_key("name")
                && errors.contains_key("subject")
                && errors.contains_key("body")
        );
        assert_eq!(
            input("welcome", "Two\nlines", "Hi").validate().unwrap_err()["subject"].key,
            Key::CfgErrSingleLine
        );
    }

    #[test]
    fn every_builtin_is_a_configured_email() {
        for email in BUILTINS {
            let def = registry::find(email.setting.path).unwrap();
            assert_eq!(
                def.kind,
                crate::config::model::ValueKind::EmailTemplate(email.code)
            );
        }
        assert_eq!(
            fill(
                "{name} at {store} {x}",
                &[("name", "Ann"), ("store", "Shop")]
            ),
            "Ann at Shop {x}"
        );
    }
}
