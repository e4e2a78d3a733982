//! Now Online's grid: its columns, rows and page, shared by browser and server.

use crate::i18n::Key;
use crate::ui::grid::state::{FilterKind, GridColumn, GridState, OptionList};
use serde::{Deserialize, Serialize};

/// The Type filter's value for signed-in customers.
pub const TYPE_CUSTOMER: i64 = 1;
/// The Type filter's value for visitors nobody is signed in as.
pub const TYPE_VISITOR: i64 = 2;

/// How often the open page asks for the latest rows (and the menu for its count).
pub const REFRESH_SECONDS: u32 = 5;

/// The columns of Now Online (Magento's `customer_online_grid`, with the group).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OnlineColumn {
    CustomerId,
    FirstName,
    LastName,
    Email,
    LastActivity,
    Type,
    Website,
    Group,
    LastUrl,
}

impl GridColumn for OnlineColumn {
    const ALL: &'static [OnlineColumn] = &[
        OnlineColumn::CustomerId,
        OnlineColumn::FirstName,
        OnlineColumn::LastName,
        OnlineColumn::Email,
        OnlineColumn::LastActivity,
        OnlineColumn::Type,
        OnlineColumn::Website,
        OnlineColumn::Group,
        OnlineColumn::LastUrl,
    ];
    const NAMESPACE: &'static str = "customer_online_grid";
    const DEFAULT_SORT: OnlineColumn = OnlineColumn::CustomerId;

    fn code(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            OnlineColumn::CustomerId => "customer_id",
            OnlineColumn::FirstName => "firstname",
            OnlineColumn::LastName => "lastname",
            OnlineColumn::Email => "email",
            OnlineColumn::LastActivity => "last_visit_at",
            OnlineColumn::Type => "visitor_type",
            OnlineColumn::Website => "website_id",
            OnlineColumn::Group => "group_id",
            OnlineColumn::LastUrl => "last_url",
        })
    }

    fn label(self) -> Key {
        match self {
            OnlineColumn::CustomerId => Key::Id,
            OnlineColumn::FirstName => Key::FirstName,
            OnlineColumn::LastName => Key::LastName,
            OnlineColumn::Email => Key::Email,
            OnlineColumn::LastActivity => Key::LastActivity,
            OnlineColumn::Type => Key::VisitorType,
            OnlineColumn::Website => Key::ColWebsite,
            OnlineColumn::Group => Key::Group,
            OnlineColumn::LastUrl => Key::LastUrl,
        }
    }

    fn filter_kind(self) -> FilterKind {
        match self {
            OnlineColumn::CustomerId => FilterKind::IdRange,
            OnlineColumn::FirstName
            | OnlineColumn::LastName
            | OnlineColumn::Email
            | OnlineColumn::LastUrl => FilterKind::Text,
            OnlineColumn::LastActivity => FilterKind::DateRange,
            OnlineColumn::Type => FilterKind::Select(OptionList::VisitorTypes),
            OnlineColumn::Website => FilterKind::Select(OptionList::Websites),
            OnlineColumn::Group => FilterKind::Select(OptionList::Groups),
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
pub type OnlineQuery = GridState<OnlineColumn>;

/// One customer or visitor active within the online window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineRow {
    pub visitor_id: i64,
    /// `None` for a visitor nobody is signed in as.
    pub customer_id: Option<i64>,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    /// The customer's group name (empty for visitors).
    pub group: String,
    /// Unix seconds.
    pub last_visit_at: i64,
    pub website: String,
    /// The storefront page last asked for (path and query).
    pub last_url: String,
}

/// A page of Now Online, with the window it covers and the filters' choices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlinePage {
    pub rows: Vec<OnlineRow>,
    pub total: u64,
    pub page: u32,
    /// Online Minutes Interval: activity this recent counts.
    pub interval_minutes: i64,
    /// When the page was read (Unix seconds).
    pub now: i64,
    pub websites: Vec<(i64, String)>,
    pub groups: Vec<(i64, String)>,
}
