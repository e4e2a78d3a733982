//! Login as Customer: what the admin asks, what the customer page's button needs, and
//! the log's grid, shared by browser and server.

use crate::forms::FieldErrors;
use crate::i18n::{Key, Message};
use crate::ui::grid::state::{FilterKind, GridColumn, GridState};
use serde::{Deserialize, Serialize};

/// The longest reason kept in the log (characters).
pub const MAX_REASON_CHARS: usize = 255;

/// The storefront address that signs the admin's browser in as the customer.
pub const SIGN_IN_PATH: &str = "/loginascustomer/login/";

/// The storefront page that says why a link was refused (`?reason=<code>`).
pub const REFUSED_PATH: &str = "/loginascustomer/refused";

/// "Login as Customer" asked by an admin: the customer, why, and (with Manual
/// Selection) the store view to open.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartInput {
    pub customer_id: i64,
    pub reason: String,
    pub store_id: Option<i64>,
}

impl StartInput {
    /// The rules that need no database: a reason of at most 255 characters, on one line.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let reason = self.reason.trim();
        if reason.is_empty() {
            errors.insert("reason".into(), Message::required(Key::AssistReason));
        } else if reason.chars().count() > MAX_REASON_CHARS {
            errors.insert(
                "reason".into(),
                Message::too_long(Key::AssistReason, MAX_REASON_CHARS),
            );
        } else if reason.chars().any(|c| c.is_control() && c != '\n') {
            errors.insert("reason".into(), Message::not_valid(Key::AssistReason));
        }
        errors
    }
}

/// What the customer page's Login as Customer button needs: shown only when the feature
/// is on and the admin may use it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistButton {
    /// The customer allowed remote shopping assistance.
    pub allowed: bool,
    /// Store views to choose from (Manual Selection); empty with Auto-Detection.
    pub store_views: Vec<(i64, String)>,
    /// The customer's name, for the dialog.
    pub name: String,
}

/// Why a Login as Customer link was refused (and what the log records).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// The link was made and not used yet.
    Issued,
    /// The admin is connected as the customer.
    SignedIn,
    /// The admin ended the session (or signed out, or their session expired).
    Ended,
    /// The link was used after its lifetime.
    Expired,
    /// The link was used before.
    Reused,
    /// No such link (mistyped, forged, or replaced by a newer one).
    Unknown,
    /// The link was made for another admin.
    OtherAdmin,
    /// No admin is signed in in this browser.
    NoAdmin,
    /// Refused at use: the feature was turned off, the permission or consent withdrawn,
    /// or the customer deleted.
    Refused,
}

impl Outcome {
    pub const ALL: [Outcome; 9] = [
        Outcome::Issued,
        Outcome::SignedIn,
        Outcome::Ended,
        Outcome::Expired,
        Outcome::Reused,
        Outcome::Unknown,
        Outcome::OtherAdmin,
        Outcome::NoAdmin,
        Outcome::Refused,
    ];

    /// The code stored and put in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Issued => "issued",
            Outcome::SignedIn => "signed_in",
            Outcome::Ended => "ended",
            Outcome::Expired => "expired",
            Outcome::Reused => "reused",
            Outcome::Unknown => "unknown",
            Outcome::OtherAdmin => "other_admin",
            Outcome::NoAdmin => "no_admin",
            Outcome::Refused => "refused",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }

    /// The log's label.
    pub fn label(self) -> Key {
        match self {
            Outcome::Issued => Key::AssistIssued,
            Outcome::SignedIn => Key::AssistSignedIn,
            Outcome::Ended => Key::AssistEnded,
            Outcome::Expired => Key::AssistExpired,
            Outcome::Reused => Key::AssistReused,
            Outcome::Unknown => Key::AssistUnknown,
            Outcome::OtherAdmin => Key::AssistOtherAdmin,
            Outcome::NoAdmin => Key::AssistNoAdmin,
            Outcome::Refused => Key::AssistRefused,
        }
    }

    /// What the storefront says when a link is refused for this reason.
    pub fn refusal(self) -> Key {
        match self {
            Outcome::Expired => Key::ErrAssistExpired,
            Outcome::Reused => Key::ErrAssistReused,
            Outcome::OtherAdmin => Key::ErrAssistOtherAdmin,
            Outcome::NoAdmin => Key::ErrAssistNoAdmin,
            Outcome::Refused => Key::ErrAssistRefused,
            _ => Key::ErrAssistUnknown,
        }
    }
}

/// The columns of Customers → Login as Customer Log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LogColumn {
    Id,
    CustomerId,
    CustomerEmail,
    AdminId,
    AdminName,
    Reason,
    LoggedIn,
    Ended,
    Result,
}

impl GridColumn for LogColumn {
    const ALL: &'static [LogColumn] = &[
        LogColumn::Id,
        LogColumn::CustomerId,
        LogColumn::CustomerEmail,
        LogColumn::AdminId,
        LogColumn::AdminName,
        LogColumn::Reason,
        LogColumn::LoggedIn,
        LogColumn::Ended,
        LogColumn::Result,
    ];
    const NAMESPACE: &'static str = "login_as_customer_log_listing";
    const DEFAULT_SORT: LogColumn = LogColumn::Id;

    fn code(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            LogColumn::Id => "log_id",
            LogColumn::CustomerId => "customer_id",
            LogColumn::CustomerEmail => "customer_email",
            LogColumn::AdminId => "user_id",
            LogColumn::AdminName => "user_name",
            LogColumn::Reason => "reason",
            LogColumn::LoggedIn => "time",
            LogColumn::Ended => "ended_at",
            LogColumn::Result => "result",
        })
    }

    fn label(self) -> Key {
        match self {
            LogColumn::Id => Key::Id,
            LogColumn::CustomerId => Key::CustomerIdCol,
            LogColumn::CustomerEmail => Key::CustomerEmailCol,
            LogColumn::AdminId => Key::AdminIdCol,
            LogColumn::AdminName => Key::AdminNameCol,
            LogColumn::Reason => Key::AssistReason,
            LogColumn::LoggedIn => Key::LoggedInCol,
            LogColumn::Ended => Key::EndedCol,
            LogColumn::Result => Key::ResultCol,
        }
    }

    fn filter_kind(self) -> FilterKind {
        match self {
            LogColumn::Id | LogColumn::CustomerId | LogColumn::AdminId => FilterKind::IdRange,
            LogColumn::CustomerEmail | LogColumn::AdminName | LogColumn::Reason => FilterKind::Text,
            LogColumn::LoggedIn | LogColumn::Ended => FilterKind::DateRange,
            LogColumn::Result => FilterKind::None,
        }
    }

    fn sortable(self) -> bool {
        true
    }

    fn visible_by_default(self) -> bool {
        true
    }
}

/// The log grid's state.
pub type LogQuery = GridState<LogColumn>;

/// One Login as Customer attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRow {
    pub id: i64,
    pub customer_id: Option<i64>,
    pub customer_email: String,
    pub admin_id: Option<i64>,
    pub admin_name: String,
    pub reason: String,
    /// When the admin's browser was signed in as the customer.
    pub logged_in_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub outcome: Outcome,
}

impl LogRow {
    /// The text of one cell, in `locale`.
    pub fn cell(&self, column: LogColumn, locale: crate::i18n::Locale) -> String {
        let when = |at: Option<i64>| {
            at.map(|at| crate::dates::date_time(locale, at))
                .unwrap_or_default()
        };
        match column {
            LogColumn::Id => self.id.to_string(),
            LogColumn::CustomerId => self.customer_id.map(|i| i.to_string()).unwrap_or_default(),
            LogColumn::CustomerEmail => self.customer_email.clone(),
            LogColumn::AdminId => self.admin_id.map(|i| i.to_string()).unwrap_or_default(),
            LogColumn::AdminName => self.admin_name.clone(),
            LogColumn::Reason => self.reason.clone(),
            LogColumn::LoggedIn => when(self.logged_in_at),
            LogColumn::Ended => when(self.ended_at),
            LogColumn::Result => crate::i18n::tr(locale, self.outcome.label()).to_string(),
        }
    }
}

/// A page of the log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogPage {
    pub rows: Vec<LogRow>,
    pub total: u64,
    pub page: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_required_on_one_line_and_at_most_255_characters() {
        let input = |reason: &str| StartInput {
            customer_id: 1,
            reason: reason.into(),
            store_id: None,
        };
        assert!(input("Checkout fails").validate().is_empty());
        assert_eq!(input("  ").validate()["reason"].key, Key::ErrRequiredNamed);
        assert!(input(&"é".repeat(255)).validate().is_empty());
        assert_eq!(
            input(&"é".repeat(256)).validate()["reason"].key,
            Key::ErrTooLong
        );
        assert_eq!(
            input("a\u{1b}[2J").validate()["reason"].key,
            Key::ErrNotValidNamed
        );
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::from_code(outcome.code()), Some(outcome));
        }
    }
}
