//! The Outbox page's server function.

use super::model::Outbox;
use crate::error::AppError;
use leptos::prelude::*;

/// The newest 50 messages of the outbox transport. Needs `Magento_Customer::manage`:
/// the messages hold customers' password links.
#[server(endpoint = "admin/mail/outbox", client = crate::auth::client::CsrfClient)]
pub async fn load_outbox() -> Result<Outbox, AppError> {
    crate::auth::api::require_admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    let state = crate::state::AppState::current()?;
    let messages = super::outbox(&state, 50).await?;
    Ok(Outbox {
        active: state.settings.mailer.is_outbox(),
        messages,
    })
}
