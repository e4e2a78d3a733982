//! Mass actions and inline edits of the All Customers grid: Delete,
//! Subscribe / Unsubscribe, Assign a Customer Group over the selected rows (or every row
//! matching the search and filters), and rows saved from the inline editor.

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use super::model::{GridQuery, InlineEdit, Selection};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The most rows one inline save may carry (a page holds at most 999).
pub const MAX_INLINE_ROWS: usize = 999;

/// One entry of the "Actions" menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MassAction {
    Delete,
    Subscribe,
    Unsubscribe,
    AssignGroup(i64),
}

/// The answer of one inline-edited row: empty `errors` means saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowResult {
    pub id: i64,
    pub errors: crate::forms::FieldErrors,
    /// A problem that is not about one field (the customer is gone, …).
    pub message: Option<AppError>,
}

/// Apply a mass action to the selection; answers how many customers it touched.
/// Delete needs `Magento_Customer::delete`, the others `Magento_Customer::manage`.
#[server(
    endpoint = "admin/customers/mass_action",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn customer_mass_action(
    query: GridQuery,
    selection: Selection,
    action: MassAction,
) -> Result<u64, AppError> {
    use crate::auth::acl;
    let resource = match action {
        MassAction::Delete => acl::CUSTOMERS_DELETE,
        _ => acl::CUSTOMERS_MANAGE,
    };
    let request = crate::request::admin(resource).await?;
    service::apply(&request.state, &request.actor(), &query, &selection, action).await
}

/// Save inline-edited rows, each on its own; answers each row's outcome.
#[server(
    endpoint = "admin/customers/inline_edit",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn save_inline_rows(rows: Vec<InlineEdit>) -> Result<Vec<RowResult>, AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    service::save_rows(&request.state, &request.actor(), &rows).await
}
