//! Server functions of Stores → Attributes. Customer attributes need
//! `Magento_CustomerCustomAttributes::customer_attributes`, address attributes
//! `::address_attributes`.

use super::grid::{AttributePage, AttributeQuery};
use super::model::{AttributeForm, AttributeInput, EntityType};
use crate::error::AppError;
use leptos::prelude::*;

/// The admin allowed to manage `entity`'s attributes.
#[cfg(feature = "ssr")]
async fn admin_for(entity: EntityType) -> Result<crate::request::Admin, AppError> {
    crate::request::admin(match entity {
        EntityType::Customer => crate::auth::acl::CUSTOMER_ATTRIBUTES,
        EntityType::Address => crate::auth::acl::ADDRESS_ATTRIBUTES,
    })
    .await
}

/// A page of an attribute grid (system and custom attributes).
#[server(
    endpoint = "admin/attributes/grid",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn attributes_page(
    entity: EntityType,
    query: AttributeQuery,
) -> Result<AttributePage, AppError> {
    let crate::request::Admin { state, admin } = admin_for(entity).await?;
    let locale = crate::i18n::Locale::from_code(&admin.view.locale);
    super::service::page(&state, entity, &query, locale).await
}

/// How far keyword search is in taking in a change to what it reads (customer
/// attributes' "Use in Search Options", their options' labels), in percent; `None` when
/// it has nothing left to take in.
#[server(
    endpoint = "admin/attributes/search_progress",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn search_catch_up() -> Result<Option<u8>, AppError> {
    let crate::request::Admin { state, .. } = admin_for(EntityType::Customer).await?;
    Ok(crate::customers::grid::words::progress(&state.db).await?)
}

/// The attribute editor: a new attribute (no id) or a saved one with its value count.
#[server(
    endpoint = "admin/attributes/form",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn load_attribute_form(
    entity: EntityType,
    id: Option<i64>,
) -> Result<AttributeForm, AppError> {
    let crate::request::Admin { state, .. } = admin_for(entity).await?;
    super::service::form(&state, entity, id).await
}

/// Save an attribute; its id.
#[server(
    endpoint = "admin/attributes/save",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn save_attribute(input: AttributeInput) -> Result<i64, AppError> {
    let request = admin_for(input.entity).await?;
    super::service::save(&request.state, &request.actor(), &input).await
}

/// Delete an attribute and its values; how many customers (or addresses) had one.
#[server(
    endpoint = "admin/attributes/delete",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn delete_attribute(entity: EntityType, id: i64) -> Result<u64, AppError> {
    let request = admin_for(entity).await?;
    super::service::delete(&request.state, &request.actor(), entity, id).await
}

/// A system attribute's restricted editor.
#[server(
    endpoint = "admin/attributes/system_form",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn load_system_attribute_form(
    entity: EntityType,
    code: String,
) -> Result<AttributeForm, AppError> {
    let crate::request::Admin { state, admin } = admin_for(entity).await?;
    let locale = crate::i18n::Locale::from_code(&admin.view.locale);
    super::service::system_form(&state, entity, &code, locale).await
}

/// Save a system attribute's labels and sort order.
#[server(
    endpoint = "admin/attributes/system_save",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn save_system_attribute(input: AttributeInput) -> Result<(), AppError> {
    let request = admin_for(input.entity).await?;
    super::service::save_system(&request.state, &request.actor(), &input).await
}
