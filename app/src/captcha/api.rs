//! The CAPTCHA's server function: a challenge for a storefront form when it must be
//! answered. Public (the forms it protects are for visitors), bounded per address by
//! the service.

use super::model::{CaptchaForm, Challenge};
use crate::error::AppError;
use leptos::prelude::*;

/// A challenge for `form` on this store view's website when the form must be answered
/// now (for the login form, the sign-in of `login`), else `None`.
#[server(endpoint = "captcha/challenge", input = leptos::server_fn::codec::Json, output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn captcha_challenge(
    form: CaptchaForm,
    login: Option<String>,
) -> Result<Option<Challenge>, AppError> {
    // A page built several times in one render asks once, and every build shows the
    // challenge the browser then hydrates.
    let key = format!("captcha_challenge {form:?} {login:?}");
    crate::request::once(key, || async {
        let crate::request::Storefront { state, store } = crate::request::storefront().await?;
        let ip = crate::request::customer_caller().ip;
        super::service::challenge_if_required(&state, form, store.website_id, login.as_deref(), &ip)
            .await
    })
    .await
}
