//! The All Customers grid's state and rows, shared by the browser and the server.
//!
//! The state is the shared grid's [`GridState`] over this grid's [`Column`]s; see
//! `crate::ui::grid::state` for the URL round trip and the checks.

pub use super::columns::{Column, CustomColumn, CustomKind, FilterKind, GridRow, OptionList};
use crate::customers::model::MAX_TAXVAT_LEN;
use crate::forms::FieldErrors;
use crate::i18n::{Key, Message};
pub use crate::ui::grid::state::{
    check_filter, clamp_size, messages, Dir, Filter, GridColumn, GridState, ValidFilter,
    DEFAULT_PAGE_SIZE, MAX_FILTER_LEN, MAX_PAGE_SIZE, MAX_VISIBLE_COLUMNS, PAGE_SIZES,
};
use serde::{Deserialize, Serialize};

/// The whole state of the All Customers grid.
pub type GridQuery = GridState<Column>;
/// A checked All Customers grid state.
pub type ValidQuery = crate::ui::grid::state::ValidQuery<Column>;

/// The most ids a selection may list, chosen one by one or left out of "Select All"
/// (bigger selections use "Select All" and filters).
pub const MAX_SELECTED_IDS: usize = 10_000;

/// Which rows a mass action or an export applies to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection {
    /// These customer ids.
    Ids(Vec<i64>),
    /// Every row matching the grid's search and filters, except these ids.
    AllMatching { except: Vec<i64> },
}

impl Selection {
    /// The selection's own limits: at least one row chosen one by one, at most
    /// [`MAX_SELECTED_IDS`] listed either way. Errors are keyed `selection`.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let problem = match self {
            Selection::Ids(ids) if ids.is_empty() => Some(Key::ErrSelectCustomer.into()),
            Selection::Ids(ids) if ids.len() > MAX_SELECTED_IDS => {
                Some(Message::new(Key::ErrTooManySelected).with("max", MAX_SELECTED_IDS))
            }
            Selection::AllMatching { except } if except.len() > MAX_SELECTED_IDS => {
                Some(Message::new(Key::ErrTooManyExcepted).with("max", MAX_SELECTED_IDS))
            }
            _ => None,
        };
        match problem {
            Some(message) => Err(FieldErrors::from([("selection".to_string(), message)])),
            None => Ok(()),
        }
    }
}

/// A page of the grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridPage {
    pub rows: Vec<GridRow>,
    /// Every row matching the search and filters ("N records found").
    pub total: u64,
    /// The page actually shown (the last one when the asked page is past the end).
    pub page: u32,
    /// The server's clock, for "Locked" / "Unlocked".
    pub now: i64,
    /// The rows' custom attribute values as the grid shows them (option labels, Yes or
    /// No, dates in the viewer's language; a file's whole value, which the cell links
    /// to): customer id → attribute id → text.
    #[serde(default)]
    pub custom: std::collections::BTreeMap<i64, std::collections::BTreeMap<i64, String>>,
}

/// A custom customer attribute the grid offers as a column ("Add to Column Options").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomGridColumn {
    pub column: CustomColumn,
    /// The Admin label.
    pub label: String,
    /// "Use in Filter Options".
    pub filterable: bool,
    /// A dropdown's or multiple select's `(option id, Admin label)`, in order.
    pub options: Vec<(i64, String)>,
}

/// A website as the grid shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebsiteOption {
    pub id: i64,
    pub name: String,
    /// New accounts on this website must confirm their email (for "Confirmed email").
    pub confirmation_required: bool,
}

/// The option lists the grid's labels and select filters need.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridOptions {
    pub groups: Vec<(i64, String)>,
    pub websites: Vec<WebsiteOption>,
    /// Login as Customer is on (rows then offer it to admins allowed to use it).
    #[serde(default)]
    pub login_as_customer: bool,
    /// The custom attributes offered as columns, in their sort order.
    #[serde(default)]
    pub custom: Vec<CustomGridColumn>,
    /// `(column code, label)`: the built-in columns of customer system attributes an
    /// admin gave another Default Label (Stores → Attributes → Customer).
    #[serde(default)]
    pub renamed: Vec<(String, String)>,
}

impl GridOptions {
    /// A built-in column's header in `locale`: the Default Label an admin gave its
    /// system attribute, else the column's own.
    pub fn header(&self, column: Column, locale: crate::i18n::Locale) -> String {
        self.renamed
            .iter()
            .find(|(code, _)| *code == column.code())
            .map(|(_, label)| label.clone())
            .unwrap_or_else(|| crate::i18n::tr(locale, column.label()).to_string())
    }
}

/// One row's inline edit: Email, Group, Web Site, Tax/VAT Number, Gender.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineEdit {
    pub id: i64,
    pub email: String,
    pub group_id: i64,
    pub website_id: i64,
    pub taxvat: String,
    /// 1 Male, 2 Female, 3 Not Specified; `None` clears it.
    pub gender: Option<i64>,
}

impl InlineEdit {
    /// The rules of the row's fields, in the browser and on the server. Errors are keyed
    /// by field (`email`, `group_id`, `website_id`, `taxvat`, `gender`).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Err(e) = crate::customers::domain::Email::parse(&self.email) {
            errors.insert("email".into(), e);
        }
        if self.group_id <= 0 {
            errors.insert("group_id".into(), messages::BAD_OPTION.into());
        }
        if self.website_id <= 0 {
            errors.insert("website_id".into(), messages::BAD_OPTION.into());
        }
        if self.taxvat.trim().chars().count() > MAX_TAXVAT_LEN {
            errors.insert(
                "taxvat".into(),
                Message::new(Key::ErrTaxvatTooLong).with("max", MAX_TAXVAT_LEN),
            );
        }
        if self.gender.is_some_and(|g| !(1..=3).contains(&g)) {
            errors.insert("gender".into(), messages::BAD_OPTION.into());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(qs: &str) -> GridQuery {
        GridQuery::from_query_string(qs)
    }

    #[test]
    fn default_state_has_an_empty_query_string() {
        assert_eq!(GridQuery::default().to_query_string(), "");
        assert_eq!(parse(""), GridQuery::default());
    }

    #[test]
    fn every_part_of_the_state_round_trips_through_the_url() {
        let mut q = GridQuery {
            search: "Müller & 50%_off".into(),
            sort: Column::Name,
            dir: Dir::Desc,
            page: 7,
            size: 137,
            columns: vec![Column::Email, Column::Id, Column::AccountLock],
            ..GridQuery::default()
        };
        q.filters
            .insert(Column::Email, Filter::Text("o'brien@x".into()));
        q.filters.insert(
            Column::Id,
            Filter::Range {
                from: Some(10),
                to: None,
            },
        );
        q.filters.insert(
            Column::CustomerSince,
            Filter::Dates {
                from: Some("2024-01-01".into()),
                to: Some("2024-12-31".into()),
            },
        );
        q.filters.insert(Column::Group, Filter::Select("2".into()));
        assert_eq!(parse(&q.to_query_string()), q);
    }

    #[test]
    fn malformed_links_fall_back_to_defaults() {
        let q = parse("size=0&page=-3&sort=password_hash&cols=nope&f.nope=1&f.entity_id.from=x");
        assert_eq!(q.size, 1);
        assert_eq!(q.page, 1);
        assert_eq!(q.sort, Column::Id);
        assert_eq!(q.columns, Column::default_visible());
        assert!(q.filters.is_empty());
        assert_eq!(parse("size=5000").size, MAX_PAGE_SIZE);
    }
}
