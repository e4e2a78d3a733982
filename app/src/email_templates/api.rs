//! Server functions of Marketing → Email Templates. Each needs `Magento_Email::template`.

use super::model::{DefaultText, TemplateInput};
use crate::error::AppError;
use leptos::prelude::*;

/// The templates, and the store views a test email can be sent from.
#[server(endpoint = "admin/email_templates", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn email_templates_page() -> Result<super::model::EmailTemplatesPage, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::EMAIL_TEMPLATES).await?;
    let templates = super::service::list(&state).await?;
    let store_views = crate::stores::repo::list_views(&state.db)
        .await?
        .into_iter()
        .map(|v| (v.store_id, v.name))
        .collect();
    Ok(super::model::EmailTemplatesPage {
        templates,
        store_views,
    })
}

/// Template `id` as the form edits it.
#[server(
    endpoint = "admin/email_templates/load",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn load_email_template(id: i64) -> Result<TemplateInput, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::EMAIL_TEMPLATES).await?;
    super::service::load(&state, id).await
}

/// A built-in email's text in a language ("Load Default Template").
#[server(
    endpoint = "admin/email_templates/default",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn default_email_text(code: String, locale: String) -> Result<DefaultText, AppError> {
    crate::request::admin(crate::auth::acl::EMAIL_TEMPLATES).await?;
    super::service::default_text(&code, &locale)
}

/// Save a template; its id.
#[server(
    endpoint = "admin/email_templates/save",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn save_email_template(input: TemplateInput) -> Result<i64, AppError> {
    let request = crate::request::admin(crate::auth::acl::EMAIL_TEMPLATES).await?;
    super::service::save(&request.state, &request.actor(), &input).await
}

/// Delete a template the configuration does not use.
#[server(
    endpoint = "admin/email_templates/delete",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn delete_email_template(id: i64) -> Result<(), AppError> {
    let request = crate::request::admin(crate::auth::acl::EMAIL_TEMPLATES).await?;
    super::service::delete(&request.state, &request.actor(), id).await
}

/// Send the template as edited, with sample values, to the admin; the address it went to.
#[server(
    endpoint = "admin/email_templates/send_test",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn send_test_email(input: TemplateInput, store_id: i64) -> Result<String, AppError> {
    let crate::request::Admin { state, admin } =
        crate::request::admin(crate::auth::acl::EMAIL_TEMPLATES).await?;
    super::service::send_test(&state, &admin, &input, store_id).await
}
