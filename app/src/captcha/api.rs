//! The CAPTCHA's server function: a challenge for a storefront form when it must be
//! answered. Public (the forms it protects are for visitors), bounded per address by
//! the service.

use super::model::{CaptchaForm, Challenge};
use crate::error::AppError;
use leptos::prelude::*;

/// A challenge for `form` on this store view's website when the form must be answered
/// now (for the login form, the sign-in of `login`), else `None`.
#[server(endpoint = "captcha/challenge", input = leptos::server_fn::codec::Json, client = crate::sessions::client::CsrfClient)]
pub async fn captcha_challenge(
    form: CaptchaForm,
    login: Option<String>,
) -> Result<Option<Challenge>, AppError> {
    let crate::request::Storefront { state, store } = crate::request::storefront().await?;
    let ip = crate::request::customer_caller().ip;
    // The request's id: while a page is rendered on the server this function runs once
    // per build of the page, and all of them must show one challenge.
    let request = leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    });
    super::service::challenge_if_required(
        &state,
        form,
        store.website_id,
        login.as_deref(),
        &ip,
        request.as_deref(),
    )
    .await
}
