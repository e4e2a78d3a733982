//! What the Stores → Configuration page shows and sends: one section's fields at one
//! scope, each with the value stored there and the value it would inherit, and the
//! changes an admin saves. Shared by browser and server.

use super::model::{OptionDef, Scope, ScopeKind, Section, ValueKind};
use super::registry;
use crate::i18n::{Key, Message};
use serde::{Deserialize, Serialize};

/// One entry of the scope switcher ("Default Config", a website, a store view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeChoice {
    pub scope: Scope,
    pub label: String,
    /// 0 for Default Config, 1 for websites, 2 for store views (the indent).
    pub depth: u8,
}

impl Scope {
    /// The scope's code in the page URL: `default`, `website-1`, `store-2`.
    pub fn code(self) -> String {
        match self {
            Scope::Default => "default".into(),
            Scope::Website(id) => format!("website-{id}"),
            Scope::StoreView(id) => format!("store-{id}"),
        }
    }

    /// The scope with URL code `code` (unknown codes mean Default Config).
    pub fn from_code(code: &str) -> Scope {
        let id = |rest: &str| rest.parse::<i64>().ok();
        if let Some(w) = code.strip_prefix("website-").and_then(id) {
            Scope::Website(w)
        } else if let Some(s) = code.strip_prefix("store-").and_then(id) {
            Scope::StoreView(s)
        } else {
            Scope::Default
        }
    }
}

/// The control a field is edited with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Control {
    YesNo,
    /// A whole number; `max` is `None` when there is no upper bound.
    Number {
        min: i64,
        max: Option<i64>,
    },
    Select(Vec<(String, Key)>),
    MultiSelect(Vec<(String, Key)>),
    /// A customer group (the choices come with the screen).
    Group,
    Text,
    TextArea,
    /// An address template, previewed with a sample address as the admin types.
    AddressTemplate(crate::address_format::template::Format),
    /// The template of one account email (its code): the built-in one or an admin's
    /// template made from it (the choices come with the screen).
    EmailTemplate(String),
}

impl Control {
    /// The control for an option's kind of value.
    pub fn of(kind: ValueKind) -> Control {
        let owned = |choices: &[(&str, Key)]| {
            choices
                .iter()
                .map(|(value, label)| (value.to_string(), *label))
                .collect()
        };
        match kind {
            ValueKind::YesNo => Control::YesNo,
            ValueKind::Int { min, max } => Control::Number {
                min,
                max: (max != i64::MAX).then_some(max),
            },
            ValueKind::Select(choices) => Control::Select(owned(choices)),
            ValueKind::MultiSelect(choices) => Control::MultiSelect(owned(choices)),
            ValueKind::CustomerGroup => Control::Group,
            ValueKind::Text => Control::Text,
            ValueKind::TextArea => Control::TextArea,
            ValueKind::AddressTemplate(format) => Control::AddressTemplate(format),
            ValueKind::EmailTemplate(code) => Control::EmailTemplate(code.to_string()),
            ValueKind::EmailAddress => Control::Text,
        }
    }
}

/// One field at the scope being edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldView {
    pub path: String,
    pub label: Key,
    /// The widest scope the option allows (shown as `[GLOBAL]`, `[WEBSITE]`, `[STORE VIEW]`).
    pub scope_kind: ScopeKind,
    pub control: Control,
    /// The value stored exactly at this scope (`None`: inherited).
    pub stored: Option<String>,
    /// The value this scope inherits when nothing is stored here.
    pub inherited: String,
    pub comment: Option<Key>,
    /// The feature this option waits for, when it does not take effect yet.
    pub pending: Option<Key>,
    /// Shown only while this other field has one of these values.
    pub depends: Option<(String, Vec<String>)>,
}

/// One group of fields ("Password Options").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub group: Key,
    pub fields: Vec<FieldView>,
}

/// One section at one scope, with what the page around it needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigScreen {
    pub scope: Scope,
    pub scopes: Vec<ScopeChoice>,
    /// The sections this admin may open.
    pub sections: Vec<Section>,
    pub section: Section,
    pub groups: Vec<GroupView>,
    /// Customer groups for the group fields: `(id, name)`.
    pub customer_groups: Vec<(i64, String)>,
    /// Admins' email templates for the template fields: `(id, name, email code)`.
    pub email_templates: Vec<(i64, String, String)>,
    /// The effective value at this scope of every field others depend on, for parents
    /// this scope does not show (a store-view field under a global switch).
    pub parents: Vec<(String, String)>,
}

/// One field an admin changed: the value stored at the scope when the page was loaded,
/// and the value to store (`None` on both sides: inherited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigChange {
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The fields of `section` that may be set at `scope`, grouped in Magento's order
/// (a group with no such field is left out).
pub fn fields_at(section: Section, scope: Scope) -> Vec<(Key, Vec<&'static OptionDef>)> {
    registry::groups_of(section)
        .iter()
        .map(|group| {
            let fields = registry::OPTIONS
                .iter()
                .filter(|o| o.group == *group && o.allows(scope))
                .collect::<Vec<_>>();
            (*group, fields)
        })
        .filter(|(_, fields)| !fields.is_empty())
        .collect()
}

/// Whether `field` is shown, given each field's current value (`value_of`): its parent
/// (and the parent's parent) must be shown and hold one of the enabling values.
pub fn is_shown(field: &FieldView, value_of: &dyn Fn(&str) -> Option<String>) -> bool {
    let mut depends = field.depends.clone();
    // Dependencies are at most a few levels deep; the bound guards against a cycle.
    for _ in 0..8 {
        let Some((parent, values)) = depends else {
            return true;
        };
        match value_of(&parent) {
            Some(v) if values.contains(&v) => {}
            _ => return false,
        }
        depends = registry::depends_on(&parent)
            .map(|(p, vs)| (p.to_string(), vs.iter().map(|v| v.to_string()).collect()));
    }
    true
}

/// Check a change's new value with the option's rules (no value: inherit, always fine).
pub fn check_change(change: &ConfigChange) -> Result<(), Message> {
    match (registry::find(&change.path), &change.after) {
        (Some(def), Some(value)) => def.check(value),
        (Some(_), None) => Ok(()),
        (None, _) => Err(Message::new(Key::CfgErrUnknownField)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_codes_round_trip() {
        for scope in [Scope::Default, Scope::Website(3), Scope::StoreView(12)] {
            assert_eq!(Scope::from_code(&scope.code()), scope);
        }
        assert_eq!(Scope::from_code("website-x"), Scope::Default);
    }

    #[test]
    fn a_scope_shows_only_the_fields_it_may_set() {
        let paths = |scope| -> Vec<&str> {
            fields_at(Section::Customer, scope)
                .into_iter()
                .flat_map(|(_, f)| f.into_iter().map(|o| o.path))
                .collect()
        };
        let default = paths(Scope::Default);
        let website = paths(Scope::Website(1));
        let store = paths(Scope::StoreView(1));
        let share = registry::ACCOUNT_SHARE_SCOPE.path;
        let lines = registry::ADDRESS_STREET_LINES.path;
        let template = registry::ADDRESS_TEMPLATE_HTML.path;
        assert!(default.contains(&share) && !website.contains(&share));
        assert!(website.contains(&lines) && !store.contains(&lines));
        assert!(store.contains(&template));
        // Name and Address Options is a website group: gone at store-view scope.
        assert!(fields_at(Section::Customer, Scope::StoreView(1))
            .iter()
            .all(|(g, _)| *g != Key::CfgGroupNameAddress));
    }

    #[test]
    fn a_dependent_field_follows_its_parent_chain() {
        let field = |path: &str| FieldView {
            path: path.into(),
            label: Key::CfgCaptchaFailedAttemptsLogin,
            scope_kind: ScopeKind::Website,
            control: Control::Text,
            stored: None,
            inherited: String::new(),
            comment: None,
            pending: None,
            depends: registry::depends_on(path)
                .map(|(p, v)| (p.into(), v.iter().map(|x| x.to_string()).collect())),
        };
        let attempts = field(registry::CAPTCHA_FAILED_ATTEMPTS_LOGIN.path);
        let values = |enable: &str, mode: &str| {
            let (enable, mode) = (enable.to_string(), mode.to_string());
            move |path: &str| {
                if path == registry::CAPTCHA_ENABLE.path {
                    Some(enable.clone())
                } else if path == registry::CAPTCHA_MODE.path {
                    Some(mode.clone())
                } else {
                    None
                }
            }
        };
        assert!(is_shown(&attempts, &values("1", "after_fail")));
        assert!(!is_shown(&attempts, &values("1", "always")));
        // Mode itself is hidden when CAPTCHA is off, so the attempts are too.
        assert!(!is_shown(&attempts, &values("0", "after_fail")));
        assert!(is_shown(
            &field(registry::CAPTCHA_ENABLE.path),
            &values("0", "")
        ));
    }

    #[test]
    fn changes_are_checked_with_the_option_rules() {
        let change = |path: &str, after: Option<&str>| ConfigChange {
            path: path.into(),
            before: None,
            after: after.map(str::to_string),
        };
        let lines = registry::ADDRESS_STREET_LINES.path;
        assert!(check_change(&change(lines, Some("3"))).is_ok());
        assert_eq!(
            check_change(&change(lines, Some("5"))).unwrap_err().key,
            Key::CfgErrRange
        );
        assert!(check_change(&change(lines, None)).is_ok());
        assert_eq!(
            check_change(&change("customer/nope", Some("1")))
                .unwrap_err()
                .key,
            Key::CfgErrUnknownField
        );
    }
}
