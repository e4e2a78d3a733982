//! The admin action log on the wire: what was changed (entity and action), the fields
//! with their values before and after, and the System → Action Log grid.

use crate::i18n::{tr, Key, Locale};
use crate::ui::grid::state::{FilterKind, GridColumn, GridState, OptionList};
use serde::{Deserialize, Serialize};

/// What an entry is about. Stored by [`Entity::code`]; filtered by [`Entity::id`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Entity {
    Customer,
    Address,
    CustomerGroup,
    TaxClass,
    Config,
    EmailTemplate,
    AdminUser,
    Role,
    Attribute,
}

impl Entity {
    pub const ALL: [Entity; 9] = [
        Entity::Customer,
        Entity::Address,
        Entity::CustomerGroup,
        Entity::TaxClass,
        Entity::Config,
        Entity::EmailTemplate,
        Entity::AdminUser,
        Entity::Role,
        Entity::Attribute,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Entity::Customer => "customer",
            Entity::Address => "customer_address",
            Entity::CustomerGroup => "customer_group",
            Entity::TaxClass => "tax_class",
            Entity::Config => "config",
            Entity::EmailTemplate => "email_template",
            Entity::AdminUser => "admin_user",
            Entity::Role => "admin_role",
            Entity::Attribute => "eav_attribute",
        }
    }

    pub fn from_code(code: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The value of the grid's select filter.
    pub fn id(self) -> i64 {
        Entity::ALL.iter().position(|e| *e == self).unwrap_or(0) as i64 + 1
    }

    pub fn from_id(id: i64) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.id() == id)
    }

    pub fn label(self) -> Key {
        match self {
            Entity::Customer => Key::TypeCustomer,
            Entity::Address => Key::LogEntityAddress,
            Entity::CustomerGroup => Key::CustomerGroup,
            Entity::TaxClass => Key::TaxClass,
            Entity::Config => Key::Configuration,
            Entity::EmailTemplate => Key::LogEntityEmailTemplate,
            Entity::AdminUser => Key::LogEntityAdminUser,
            Entity::Role => Key::LogEntityRole,
            Entity::Attribute => Key::LogEntityAttribute,
        }
    }
}

/// What the admin did. Stored by [`Action::code`]; filtered by [`Action::id`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Create,
    Update,
    Delete,
    Unlock,
    ResetPassword,
    Subscribe,
    Unsubscribe,
    AssignGroup,
    SetDefaultBilling,
    SetDefaultShipping,
    LoginAsCustomer,
}

impl Action {
    pub const ALL: [Action; 11] = [
        Action::Create,
        Action::Update,
        Action::Delete,
        Action::Unlock,
        Action::ResetPassword,
        Action::Subscribe,
        Action::Unsubscribe,
        Action::AssignGroup,
        Action::SetDefaultBilling,
        Action::SetDefaultShipping,
        Action::LoginAsCustomer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Unlock => "unlock",
            Action::ResetPassword => "reset_password",
            Action::Subscribe => "subscribe",
            Action::Unsubscribe => "unsubscribe",
            Action::AssignGroup => "assign_group",
            Action::SetDefaultBilling => "default_billing",
            Action::SetDefaultShipping => "default_shipping",
            Action::LoginAsCustomer => "login_as_customer",
        }
    }

    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The value of the grid's select filter.
    pub fn id(self) -> i64 {
        Action::ALL.iter().position(|a| *a == self).unwrap_or(0) as i64 + 1
    }

    pub fn from_id(id: i64) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.id() == id)
    }

    pub fn label(self) -> Key {
        match self {
            Action::Create => Key::LogActionCreate,
            Action::Update => Key::LogActionUpdate,
            Action::Delete => Key::LogActionDelete,
            Action::Unlock => Key::LogActionUnlock,
            Action::ResetPassword => Key::LogActionResetPassword,
            Action::Subscribe => Key::LogActionSubscribe,
            Action::Unsubscribe => Key::LogActionUnsubscribe,
            Action::AssignGroup => Key::LogActionAssignGroup,
            Action::SetDefaultBilling => Key::LogActionDefaultBilling,
            Action::SetDefaultShipping => Key::LogActionDefaultShipping,
            Action::LoginAsCustomer => Key::LoginAsCustomer,
        }
    }
}

/// Is `field` recorded as `1` or `0` (shown as Yes or No)?
fn yes_no(field: &str) -> bool {
    matches!(
        field,
        "disable_auto_group_change"
            | "assistance_allowed"
            | "default_billing"
            | "default_shipping"
            | "is_active"
    )
}

/// An entity's recorded fields and their values (empty: not set).
pub type Fields = Vec<(&'static str, String)>;

/// One changed field: its value before and after (`None`: it did not exist).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The label of a recorded field, where it has one of its own (configuration paths and
/// unknown fields show as recorded).
/// The field of an entry made through Login as Customer: that session's log entry.
pub const ASSISTED_FIELD: &str = "login_as_customer";

pub fn field_label(field: &str) -> Option<Key> {
    Some(match field {
        "website_id" => Key::AssociateToWebsite,
        "group_id" => Key::Group,
        "disable_auto_group_change" => Key::DisableAutoGroupChange,
        "prefix" => Key::NamePrefix,
        "firstname" => Key::FirstName,
        "middlename" => Key::MiddleName,
        "lastname" => Key::LastName,
        "suffix" => Key::NameSuffix,
        "email" => Key::Email,
        "dob" => Key::DateOfBirth,
        "taxvat" => Key::TaxVat,
        "gender" => Key::Gender,
        "assistance_allowed" => Key::AllowAssistance,
        "newsletter" => Key::Newsletter,
        "company" => Key::CompanyLabel,
        "street" => Key::StreetAddress,
        "city" => Key::CityLabel,
        "region" => Key::StateProvince,
        "postcode" => Key::PostalCode,
        "country_id" => Key::CountryLabel,
        "telephone" => Key::PhoneNumber,
        "fax" => Key::FaxLabel,
        "vat_id" => Key::VatNumber,
        "default_billing" => Key::DefaultBilling,
        "default_shipping" => Key::DefaultShipping,
        "code" => Key::LogFieldGroupName,
        "tax_class_id" => Key::TaxClass,
        "class_name" => Key::TaxClassName,
        "excluded_websites" => Key::ExcludedWebsites,
        "name" => Key::EmailTemplateName,
        "subject" => Key::EmailTemplateSubject,
        "body" => Key::EmailTemplateContent,
        "reason" => Key::AssistReason,
        ASSISTED_FIELD => Key::LogFieldAssistedSession,
        "store" => Key::LogFieldStoreView,
        "username" => Key::LogUsername,
        "role" => Key::LogEntityRole,
        "resources" => Key::LogFieldResources,
        "is_active" => Key::LogFieldActive,
        _ => return None,
    })
}

/// The columns of System → Action Log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ActionColumn {
    Id,
    Time,
    AdminName,
    Ip,
    Entity,
    EntityId,
    Item,
    Action,
    Changes,
}

impl GridColumn for ActionColumn {
    // What was done and changed comes first: on the customer page's narrower History
    // tab and on a phone the changes show without scrolling the table.
    const ALL: &'static [ActionColumn] = &[
        ActionColumn::Id,
        ActionColumn::Time,
        ActionColumn::AdminName,
        ActionColumn::Action,
        ActionColumn::Changes,
        ActionColumn::Entity,
        ActionColumn::Item,
        ActionColumn::EntityId,
        ActionColumn::Ip,
    ];
    const NAMESPACE: &'static str = "admin_action_log_listing";
    const DEFAULT_SORT: ActionColumn = ActionColumn::Id;

    fn code(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            ActionColumn::Id => "log_id",
            ActionColumn::Time => "time",
            ActionColumn::AdminName => "user",
            ActionColumn::Ip => "ip",
            ActionColumn::Entity => "entity",
            ActionColumn::EntityId => "entity_id",
            ActionColumn::Item => "item",
            ActionColumn::Action => "action",
            ActionColumn::Changes => "changes",
        })
    }

    fn label(self) -> Key {
        match self {
            ActionColumn::Id => Key::Id,
            ActionColumn::Time => Key::LogTime,
            ActionColumn::AdminName => Key::LogUsername,
            ActionColumn::Ip => Key::LogIp,
            ActionColumn::Entity => Key::LogEntity,
            ActionColumn::EntityId => Key::LogItemId,
            ActionColumn::Item => Key::LogItem,
            ActionColumn::Action => Key::Action,
            ActionColumn::Changes => Key::LogChanges,
        }
    }

    fn filter_kind(self) -> FilterKind {
        match self {
            ActionColumn::Id => FilterKind::IdRange,
            ActionColumn::Time => FilterKind::DateRange,
            ActionColumn::AdminName
            | ActionColumn::Ip
            | ActionColumn::EntityId
            | ActionColumn::Item => FilterKind::Text,
            ActionColumn::Entity => FilterKind::Select(OptionList::LogEntities),
            ActionColumn::Action => FilterKind::Select(OptionList::LogActions),
            ActionColumn::Changes => FilterKind::None,
        }
    }

    fn sortable(self) -> bool {
        self != ActionColumn::Changes
    }

    /// The address and the item's id are a click away in Columns: the changes get the
    /// room.
    fn visible_by_default(self) -> bool {
        !matches!(self, ActionColumn::Ip | ActionColumn::EntityId)
    }
}

/// The grid's state.
pub type ActionQuery = GridState<ActionColumn>;

/// One admin action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRow {
    pub id: i64,
    pub at: i64,
    pub admin_id: Option<i64>,
    pub admin_name: String,
    pub ip: String,
    pub entity: Option<Entity>,
    pub entity_id: String,
    /// What the entity was called then (a customer's email, a group's name…).
    pub item: String,
    pub action: Option<Action>,
    pub customer_id: Option<i64>,
    pub changes: Vec<Change>,
}

/// A page of the log, with the names that ids in changes stand for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionPage {
    pub rows: Vec<ActionRow>,
    pub total: u64,
    pub page: u32,
    pub groups: Vec<(i64, String)>,
    pub websites: Vec<(i64, String)>,
    pub tax_classes: Vec<(i64, String)>,
    /// The Default Labels admins gave system attributes (Stores → Attributes), by
    /// code: a change of a customer's or an address's field is named by them.
    #[serde(default)]
    pub customer_labels: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub address_labels: std::collections::BTreeMap<String, String>,
}

impl ActionPage {
    /// A recorded value as the admin reads it: group and website ids by name.
    pub fn shown(&self, field: &str, value: &str) -> String {
        let name = |list: &[(i64, String)], id: &str| {
            id.trim()
                .parse::<i64>()
                .ok()
                .and_then(|id| list.iter().find(|(i, _)| *i == id))
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| id.to_string())
        };
        match field {
            "group_id" => name(&self.groups, value),
            "website_id" => name(&self.websites, value),
            "tax_class_id" => name(&self.tax_classes, value),
            "resources" => value
                .split(',')
                .map(|r| r.trim())
                .filter(|r| !r.is_empty())
                .map(|r| crate::auth::acl::label_of(r).unwrap_or(r))
                .collect::<Vec<_>>()
                .join(", "),
            "newsletter" | "excluded_websites" => value
                .split(',')
                .filter(|v| !v.trim().is_empty())
                .map(|v| name(&self.websites, v))
                .collect::<Vec<_>>()
                .join(", "),
            _ => value.to_string(),
        }
    }

    /// One change of an `entity` as the admin reads it: the field's label (the one an
    /// admin gave a customer's or an address's system field), the value before and
    /// after.
    pub fn change_parts(
        &self,
        entity: Option<Entity>,
        c: &Change,
        locale: Locale,
    ) -> (String, String, String) {
        let renamed = match entity {
            Some(Entity::Customer) => self.customer_labels.get(&c.field),
            Some(Entity::Address) => self.address_labels.get(&c.field),
            _ => None,
        };
        let label = renamed.cloned().unwrap_or_else(|| {
            field_label(&c.field)
                .map(|k| tr(locale, k).to_string())
                .unwrap_or_else(|| c.field.clone())
        });
        let shown = |v: &Option<String>| {
            v.as_deref()
                .map(|v| match v {
                    "1" if yes_no(&c.field) => tr(locale, Key::Yes).to_string(),
                    "0" if yes_no(&c.field) => tr(locale, Key::No).to_string(),
                    g if c.field == "gender" => g
                        .parse()
                        .map(|g| {
                            crate::customers::grid::format::gender_label(locale, g).to_string()
                        })
                        .unwrap_or_else(|_| g.to_string()),
                    _ => self.shown(&c.field, v),
                })
                .unwrap_or_default()
        };
        (label, shown(&c.before), shown(&c.after))
    }

    /// The text of one cell, in `locale` (the export's; the grid draws Changes as a list).
    pub fn cell(&self, row: &ActionRow, column: ActionColumn, locale: Locale) -> String {
        match column {
            ActionColumn::Id => row.id.to_string(),
            ActionColumn::Time => crate::dates::date_time(locale, row.at),
            ActionColumn::AdminName => row.admin_name.clone(),
            ActionColumn::Ip => row.ip.clone(),
            ActionColumn::Entity => row
                .entity
                .map(|e| tr(locale, e.label()).to_string())
                .unwrap_or_default(),
            ActionColumn::EntityId => row.entity_id.clone(),
            ActionColumn::Item => row.item.clone(),
            ActionColumn::Action => row
                .action
                .map(|a| tr(locale, a.label()).to_string())
                .unwrap_or_default(),
            ActionColumn::Changes => row
                .changes
                .iter()
                .map(|c| {
                    let (label, before, after) = self.change_parts(row.entity, c, locale);
                    format!("{label}: {before} → {after}")
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_filter_ids_round_trip() {
        for e in Entity::ALL {
            assert_eq!(Entity::from_code(e.code()), Some(e));
            assert_eq!(Entity::from_id(e.id()), Some(e));
        }
        for a in Action::ALL {
            assert_eq!(Action::from_code(a.code()), Some(a));
            assert_eq!(Action::from_id(a.id()), Some(a));
        }
    }

    #[test]
    fn ids_in_values_show_as_names() {
        let page = ActionPage {
            groups: vec![(1, "General".into()), (2, "Wholesale".into())],
            websites: vec![(1, "Main Website".into()), (2, "Second".into())],
            ..Default::default()
        };
        assert_eq!(page.shown("group_id", "2"), "Wholesale");
        assert_eq!(page.shown("group_id", "9"), "9");
        assert_eq!(page.shown("newsletter", "1,2"), "Main Website, Second");
        assert_eq!(page.shown("firstname", "2"), "2");
        let page = ActionPage {
            customer_labels: [("dob".to_string(), "Birthday".to_string())].into(),
            address_labels: [("city".to_string(), "Town".to_string())].into(),
            ..page
        };
        let change = |field: &str| Change {
            field: field.into(),
            before: None,
            after: Some("x".into()),
        };
        let label = |entity, field| {
            page.change_parts(Some(entity), &change(field), Locale::Fr)
                .0
        };
        assert_eq!(label(Entity::Customer, "dob"), "Birthday");
        assert_eq!(label(Entity::Address, "city"), "Town");
        assert_eq!(
            label(Entity::Address, "dob"),
            tr(Locale::Fr, Key::DateOfBirth)
        );
        assert_eq!(
            label(Entity::Customer, "city"),
            tr(Locale::Fr, Key::CityLabel)
        );
        assert_eq!(
            page.shown(
                "resources",
                "Magento_Customer::manage, Magento_Customer::online"
            ),
            "All Customers, Now Online"
        );
    }
}
