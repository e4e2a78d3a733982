//! Server functions for store configuration.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One option with its effective value at default scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigEntry {
    pub group: crate::i18n::Key,
    pub label: crate::i18n::Key,
    pub path: String,
    /// G, W or SV.
    pub scope: String,
    pub value: String,
    /// True when the value is the built-in default (nothing stored).
    pub is_default: bool,
}

/// Every option with its effective default-scope value. Needs
/// `Magento_Customer::config_customer`.
#[server(endpoint = "admin/config_overview", client = crate::sessions::client::CsrfClient)]
pub async fn config_overview() -> Result<Vec<ConfigEntry>, AppError> {
    use super::{registry::OPTIONS, service::At};
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::CONFIG_CUSTOMER).await?;
    let snapshot = state.config.snapshot().await?;
    Ok(OPTIONS
        .iter()
        .map(|def| {
            let (value, source) = snapshot.resolve(def, At::default());
            ConfigEntry {
                group: def.group,
                label: def.label,
                path: def.path.to_string(),
                scope: def.scope.letter().to_string(),
                value: value.to_string(),
                is_default: source.is_none(),
            }
        })
        .collect())
}
