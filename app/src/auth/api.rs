//! Server functions of admin authentication.

use super::model::AdminView;
use crate::error::AppError;
use leptos::prelude::*;

/// Sign in with email and password; sets the session cookie.
#[server(endpoint = "admin/sign_in", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn admin_sign_in(email: String, password: String) -> Result<(), AppError> {
    use super::service;
    use crate::{request, sessions::token as session};
    let state = request::state()?;
    let token = service::sign_in(&state, &email, &password, &request::admin_caller()).await?;
    let secure = request::secure_request(&state);
    request::set_cookie(&session::set_cookie(session::ADMIN_COOKIE, &token, secure));
    Ok(())
}

/// End the current admin session and clear the cookie.
#[server(endpoint = "admin/sign_out", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn admin_sign_out() -> Result<(), AppError> {
    use super::service;
    use crate::{request, sessions::token as session};
    let state = request::state()?;
    service::sign_out(&state, request::admin_caller().token.as_deref()).await?;
    let secure = request::secure_request(&state);
    request::set_cookie(&session::clear_cookie(session::ADMIN_COOKIE, secure));
    Ok(())
}

/// Change the signed-in admin's interface language (their own preference: no ACL
/// resource needed).
#[server(endpoint = "admin/set_locale", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn set_admin_locale(locale: String) -> Result<(), AppError> {
    let crate::request::Admin { state, admin } = crate::request::signed_in_admin().await?;
    super::service::set_admin_locale(&state, admin.view.id, &locale).await
}

/// The signed-in admin, or `None`.
#[server(endpoint = "admin/me", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn current_admin() -> Result<Option<AdminView>, AppError> {
    let state = crate::request::state()?;
    Ok(crate::request::current_admin(&state).await?.map(|p| p.view))
}
