//! Server functions for customer groups.

use super::model::CustomerGroupRow;
use crate::error::AppError;
use leptos::prelude::*;

/// All customer groups. Needs `Magento_Customer::group`.
#[server(endpoint = "admin/customer_groups", client = crate::sessions::client::CsrfClient)]
pub async fn list_customer_groups() -> Result<Vec<CustomerGroupRow>, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::CUSTOMER_GROUPS).await?;
    Ok(super::repo::list(&state.db).await?)
}
