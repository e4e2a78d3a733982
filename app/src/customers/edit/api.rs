//! Server functions of the admin's customer page. Viewing and saving need
//! `Magento_Customer::manage`; deleting `::delete`; Reset Password `::reset_password`.

use super::model::{CustomerDetail, CustomerSaved, FormOptions};
use crate::customers::model::CustomerInput;
use crate::error::AppError;
use leptos::prelude::*;

/// Websites, store views, groups and the name & address options of each website.
#[server(endpoint = "admin/customers/form_options", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn customer_form_options() -> Result<FormOptions, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    super::service::form_options(&state).await
}

/// A customer with the Customer View summary.
#[server(endpoint = "admin/customers/load", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn load_customer(id: i64) -> Result<CustomerDetail, AppError> {
    let crate::request::Admin { state, admin } =
        crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    let locale = crate::i18n::Locale::from_code(&admin.view.locale).index();
    super::service::load(&state, id, locale).await
}

/// Create or update a customer (refused with `Conflict` over a newer version).
#[server(
    endpoint = "admin/customers/save",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn save_customer(input: CustomerInput) -> Result<CustomerSaved, AppError> {
    let mut input = input;
    let request = crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    let (state, admin) = (&request.state, &request.admin);
    // The consent is changed only by admins allowed to ("Allow remote shopping assistance").
    if !admin.view.can(crate::auth::acl::ALLOW_SHOPPING_ASSISTANCE) {
        input.assistance_allowed = None;
    }
    super::service::save(state, &request.actor(), &input).await
}

/// Delete a customer.
#[server(endpoint = "admin/customers/delete", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn delete_customer(id: i64) -> Result<(), AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMERS_DELETE).await?;
    super::service::delete(&request.state, &request.actor(), id).await
}

/// Clear a customer's sign-in lock.
#[server(endpoint = "admin/customers/unlock", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn unlock_customer(id: i64) -> Result<(), AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    super::service::unlock(&request.state, &request.actor(), id).await
}

/// Email the customer a reset-password link; answers the address it went to.
#[server(endpoint = "admin/customers/reset_password", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn reset_customer_password(id: i64) -> Result<String, AppError> {
    let request = crate::request::admin(crate::auth::acl::CUSTOMERS_RESET_PASSWORD).await?;
    super::service::reset_password(&request.state, &request.actor(), id).await
}
