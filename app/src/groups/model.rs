//! Customer groups (Customers → Customer Groups): the grid's columns and rows, the
//! group form and its rules, shared by browser and server.

use crate::forms::FieldErrors;
use crate::i18n::{Key, Message};
use crate::ui::grid::state::{FilterKind, GridColumn, GridState, OptionList};
use serde::{Deserialize, Serialize};

/// NOT LOGGED IN: the guests' group, never deleted and never renamed.
pub const NOT_LOGGED_IN: i64 = 0;

/// Magento truncates a group name to 32 characters; we refuse longer ones.
pub const MAX_CODE_LEN: usize = 32;

/// A tax class name's longest length.
pub const MAX_TAX_CLASS_LEN: usize = 255;

/// One row of the Customer Groups grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerGroupRow {
    pub id: i64,
    pub code: String,
    pub tax_class: String,
}

/// The columns of the Customer Groups grid (Magento's `customer_group_listing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GroupColumn {
    Id,
    Code,
    TaxClass,
}

impl GridColumn for GroupColumn {
    const ALL: &'static [GroupColumn] =
        &[GroupColumn::Id, GroupColumn::Code, GroupColumn::TaxClass];
    const NAMESPACE: &'static str = "customer_group_listing";
    const DEFAULT_SORT: GroupColumn = GroupColumn::Id;

    fn code(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            GroupColumn::Id => "customer_group_id",
            GroupColumn::Code => "customer_group_code",
            GroupColumn::TaxClass => "tax_class_id",
        })
    }

    fn label(self) -> Key {
        match self {
            GroupColumn::Id => Key::Id,
            GroupColumn::Code => Key::Group,
            GroupColumn::TaxClass => Key::TaxClass,
        }
    }

    fn filter_kind(self) -> FilterKind {
        match self {
            GroupColumn::Id => FilterKind::IdRange,
            GroupColumn::Code => FilterKind::Text,
            GroupColumn::TaxClass => FilterKind::Select(OptionList::TaxClasses),
        }
    }

    fn sortable(self) -> bool {
        true
    }

    fn visible_by_default(self) -> bool {
        true
    }
}

/// The grid's state: search, filters, sort, page, columns.
pub type GroupQuery = GridState<GroupColumn>;

/// A page of groups, with the customer tax classes for the Tax Class filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPage {
    pub rows: Vec<CustomerGroupRow>,
    pub total: u64,
    pub page: u32,
    pub tax_classes: Vec<(i64, String)>,
}

/// The group form's fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupInput {
    /// `None` for a new group.
    pub id: Option<i64>,
    pub code: String,
    pub tax_class_id: i64,
    pub excluded_websites: Vec<i64>,
}

impl GroupInput {
    /// The rules of §14.3 that need no database: a name of at most 32 characters and a tax
    /// class. (Unique names and existing classes and websites are the server's.)
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let code = self.code.trim();
        if code.is_empty() {
            errors.insert("code".into(), Message::required(Key::GroupName));
        } else if code.chars().count() > MAX_CODE_LEN {
            errors.insert(
                "code".into(),
                Message::too_long(Key::GroupName, MAX_CODE_LEN),
            );
        } else if code.chars().any(char::is_control) {
            errors.insert("code".into(), Message::not_valid(Key::GroupName));
        }
        if self.tax_class_id <= 0 {
            errors.insert("tax_class_id".into(), Message::required(Key::TaxClass));
        }
        errors
    }
}

/// What the group form shows: the group, the choices, and how many customers it has.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupForm {
    pub group: GroupInput,
    pub tax_classes: Vec<(i64, String)>,
    pub websites: Vec<(i64, String)>,
    /// Customers in the group (moved to their website's default group on delete).
    pub customers: u64,
    /// Why the group cannot be deleted, if it cannot.
    pub undeletable: Option<Message>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(code: &str) -> GroupInput {
        GroupInput {
            id: None,
            code: code.into(),
            tax_class_id: 3,
            excluded_websites: vec![],
        }
    }

    #[test]
    fn a_group_name_is_required_and_at_most_32_characters() {
        assert!(input("VIP").validate().is_empty());
        assert_eq!(input("  ").validate()["code"].key, Key::ErrRequiredNamed);
        assert!(input(&"é".repeat(32)).validate().is_empty());
        assert_eq!(
            input(&"é".repeat(33)).validate()["code"].key,
            Key::ErrTooLong
        );
        assert_eq!(
            input("a\u{7}b").validate()["code"].key,
            Key::ErrNotValidNamed
        );
        let no_class = GroupInput {
            tax_class_id: 0,
            ..input("VIP")
        };
        assert!(no_class.validate().contains_key("tax_class_id"));
    }
}
