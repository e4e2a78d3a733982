//! The Outbox page's server function.

use super::model::Outbox;
use crate::error::AppError;
use leptos::prelude::*;

/// The newest 50 messages of the outbox transport. Needs `Magento_Customer::manage`;
/// the secrets in their links (live password and confirmation links) are hidden unless
/// the admin's role also holds `Clientele_Mail::outbox_links`.
#[server(endpoint = "admin/mail/outbox", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn load_outbox() -> Result<Outbox, AppError> {
    use crate::auth::acl::{CUSTOMERS_MANAGE, MAIL_OUTBOX_LINKS};
    let crate::request::Admin { state, admin } = crate::request::admin(CUSTOMERS_MANAGE).await?;
    let mut messages = super::repo::outbox(&state.db, 50).await?;
    if !admin.view.can(MAIL_OUTBOX_LINKS) {
        for message in &mut messages {
            message.body = super::model::redact_links(&message.body);
        }
    }
    Ok(Outbox {
        active: state.settings.mailer.is_outbox(),
        messages,
    })
}
