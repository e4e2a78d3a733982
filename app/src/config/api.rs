//! Server functions for store configuration.

use super::editor::{ConfigChange, ConfigScreen};
use crate::error::AppError;
use leptos::prelude::*;

/// One configuration section at one scope, for the editor. `scope` is a scope code
/// (`default`, `website-1`, `store-2`) and `section` a section code (`customer`…).
/// Needs the section's ACL resource.
#[server(endpoint = "admin/config_screen", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn load_config_screen(scope: String, section: String) -> Result<ConfigScreen, AppError> {
    use super::model::{Scope, Section};
    let section = Section::from_code(&section).unwrap_or(Section::Customer);
    let crate::request::Admin { state, admin } = crate::request::admin(section.resource()).await?;
    let scope = Scope::from_code(&scope);
    super::screen::load(&state, &admin, scope, section).await
}

/// Save an admin's changes to one section at one scope (all or nothing). Each field is
/// checked with its option's rules and against what the admin loaded; a field another
/// admin saved meanwhile comes back as a conflict naming the value now stored.
#[server(endpoint = "admin/config_save", input = server_fn::codec::Json, output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn save_config(
    scope: String,
    section: String,
    changes: Vec<ConfigChange>,
) -> Result<(), AppError> {
    use super::model::{Scope, Section};
    let section = Section::from_code(&section)
        .ok_or_else(|| AppError::BadRequest(format!("unknown section {section:?}")))?;
    let request = crate::request::admin(section.resource()).await?;
    let scope = Scope::from_code(&scope);
    super::screen::save(&request.state, &request.actor(), scope, section, &changes).await
}
