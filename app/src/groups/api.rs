//! Server functions for Customers → Customer Groups. Each needs `Magento_Customer::group`.

use super::model::{CustomerGroupRow, GroupForm, GroupInput, GroupPage, GroupQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// All customer groups (the customers grid's group names).
#[server(endpoint = "admin/customer_groups", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn list_customer_groups() -> Result<Vec<CustomerGroupRow>, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::CUSTOMER_GROUPS).await?;
    Ok(super::repo::list(&state.db).await?)
}

/// A page of the Customer Groups grid.
#[server(
    endpoint = "admin/customer_groups/grid",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn customer_groups_page(query: GroupQuery) -> Result<GroupPage, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::CUSTOMER_GROUPS).await?;
    super::service::page(&state, &query).await
}

/// The group form: a new group (no id) or an existing one with its customer count and
/// whether it can be deleted.
#[server(
    endpoint = "admin/customer_groups/form",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn customer_group_form(id: Option<i64>) -> Result<GroupForm, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::CUSTOMER_GROUPS).await?;
    super::service::form(&state, id).await
}

/// Save a group; its id.
#[server(
    endpoint = "admin/customer_groups/save",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn save_customer_group(input: GroupInput) -> Result<i64, AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMER_GROUPS).await?;
    super::service::save(&request.state, &request.actor(), &input).await
}

/// Delete groups (one, or the grid's selection), all or none; how many customers moved.
#[server(
    endpoint = "admin/customer_groups/delete",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn delete_customer_groups(ids: Vec<i64>) -> Result<u64, AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMER_GROUPS).await?;
    super::service::delete(&request.state, &request.actor(), &ids).await
}

/// Add (no id) or rename a customer tax class; its id.
#[server(
    endpoint = "admin/customer_groups/tax_class",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn save_tax_class(id: Option<i64>, name: String) -> Result<i64, AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMER_GROUPS).await?;
    super::service::save_tax_class(&request.state, &request.actor(), id, &name).await
}
