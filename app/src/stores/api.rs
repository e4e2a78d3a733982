//! Server functions for the storefront's store switcher.

use super::model::StoreContext;
use crate::error::AppError;
use leptos::prelude::*;

/// The store views and the one this visitor is on, and who is signed in there (public:
/// no sign-in needed).
#[server(endpoint = "store/context", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn load_store_context() -> Result<StoreContext, AppError> {
    use crate::config::{registry::LOCALE_CODE, service::At};
    let state = crate::request::state()?;
    let views = crate::request::store_views(&state).await?;
    let current = crate::request::pick_view(&views)?;
    let locale = state
        .config
        .get(LOCALE_CODE, At::store(current.website_id, current.store_id))
        .await?;
    // A customer session belongs to one website's account: on another website's
    // store view nobody is signed in (unless accounts are shared globally).
    let signed_in = match crate::request::current_customer(&state).await? {
        Some(c) if c.website_id == current.website_id || !per_website(&state).await? => Some(c),
        _ => None,
    };
    // Every storefront page loads this: Now Online's record of the visit (an admin
    // connected as the customer is not the customer's activity).
    if signed_in.as_ref().is_none_or(|c| c.assisted.is_none()) {
        crate::online::activity::seen(
            &state,
            signed_in.as_ref().map(|c| c.customer_id),
            current.website_id,
        );
    }
    let customer = signed_in.map(|c| crate::accounts::model::SignedInCustomer {
        firstname: c.firstname,
        lastname: c.lastname,
        email: c.email,
        assisted: c.assisted.is_some(),
    });
    let offline_copy_days = state
        .config
        .get(
            crate::config::registry::OFFLINE_COPY_LIFETIME,
            At::default(),
        )
        .await?;
    Ok(StoreContext {
        views: views.views.clone(),
        current,
        locale,
        customer,
        offline_copy_days,
    })
}

/// Are accounts kept per website (the default), not shared globally?
#[cfg(feature = "ssr")]
async fn per_website(state: &crate::state::AppState) -> Result<bool, AppError> {
    use crate::config::{registry::ACCOUNT_SHARE_SCOPE, service::At};
    Ok(state.config.get(ACCOUNT_SHARE_SCOPE, At::default()).await? != 0)
}

/// Switch the visitor to another store view (remembered in a cookie).
#[server(endpoint = "store/switch", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn switch_store(code: String) -> Result<(), AppError> {
    use crate::request::{self, STORE_COOKIE};
    let state = request::state()?;
    let views = super::repo::list_views(&state.db).await?;
    if !views.iter().any(|v| v.code == code) {
        return Err(AppError::field(
            "code",
            crate::i18n::Key::ErrChooseStoreView,
        ));
    }
    let mut cookie = cookie::Cookie::build((STORE_COOKIE, code))
        .path("/")
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::days(365))
        .build();
    cookie.set_secure(crate::request::secure_request(&state));
    crate::request::set_cookie(&cookie.to_string());
    Ok(())
}
