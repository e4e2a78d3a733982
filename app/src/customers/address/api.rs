//! Server functions of the admin's Addresses tab. Each needs `Magento_Customer::manage`.

use super::model::{AddressInput, AddressPage, AddressQuery, DefaultKind};
use crate::error::AppError;
use leptos::prelude::*;

/// A page of the customer's addresses matching the search and filters.
#[server(
    endpoint = "admin/customers/addresses",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn customer_addresses(
    customer_id: i64,
    query: AddressQuery,
) -> Result<AddressPage, AppError> {
    let crate::request::Admin { state, admin } =
        crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    let locale = crate::i18n::Locale::from_code(&admin.view.locale).index();
    super::service::page(&state, customer_id, &query, locale).await
}

/// The sub-grid's mass Delete; answers how many addresses were deleted.
#[server(
    endpoint = "admin/customers/address/mass_delete",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn delete_customer_addresses(customer_id: i64, ids: Vec<i64>) -> Result<u64, AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    super::service::delete_many(&request.state, &request.actor(), customer_id, &ids).await
}

/// Add or update an address.
#[server(
    endpoint = "admin/customers/address/save",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn save_customer_address(input: AddressInput) -> Result<AddressInput, AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    super::service::save(&request.state, Some(&request.actor()), &input).await
}

/// Make an address the customer's default billing or shipping address.
#[server(
    endpoint = "admin/customers/address/set_default",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn set_default_address(
    customer_id: i64,
    id: i64,
    kind: DefaultKind,
) -> Result<(), AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    super::service::set_default(&request.state, &request.actor(), customer_id, id, kind).await
}

/// Delete one of the customer's addresses.
#[server(endpoint = "admin/customers/address/delete", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn delete_customer_address(customer_id: i64, id: i64) -> Result<(), AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    super::service::delete(&request.state, &request.actor(), customer_id, id).await
}
