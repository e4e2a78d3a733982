//! Server functions of the All Customers grid. Each needs `Magento_Customer::manage`.

use super::model::{GridOptions, GridPage, GridQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the grid for `query`, with the exact number of matching customers.
/// The query travels as JSON (its filters are a map of enums, beyond a form encoding).
#[server(
    endpoint = "admin/customers/grid",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn customer_grid(query: GridQuery) -> Result<GridPage, AppError> {
    let crate::request::Admin { state, admin } =
        crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    let locale = crate::i18n::Locale::from_code(&admin.view.locale);
    super::service::page(&state, &query, locale).await
}

/// Group and website labels for the grid's cells and select filters.
#[server(endpoint = "admin/customers/grid_options", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn customer_grid_options() -> Result<GridOptions, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    super::service::options(&state).await
}
