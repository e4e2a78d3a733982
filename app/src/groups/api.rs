//! Server functions for customer groups.

use super::model::CustomerGroupRow;
use crate::error::AppError;
use leptos::prelude::*;

/// All customer groups. Needs `Magento_Customer::group`.
#[server(endpoint = "admin/customer_groups", client = crate::auth::client::CsrfClient)]
pub async fn list_customer_groups() -> Result<Vec<CustomerGroupRow>, AppError> {
    crate::auth::api::require_admin(crate::auth::acl::CUSTOMER_GROUPS).await?;
    let state = crate::state::AppState::current()?;
    Ok(super::repo::list(&state.db).await?)
}
