//! The emails of the storefront account flows, addressed from the customer's store
//! view and written in its language: confirmation and welcome emails, password reset
//! links and change notifications.

use crate::config::registry::LOCALE_CODE;
use crate::config::service::At;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::{self, templates, templates::Recipient, Email};
use crate::state::AppState;
use crate::stores::model::StoreViewInfo;

/// Who gets an email, from which store view, in which language.
pub struct To {
    pub email: String,
    pub name: String,
    pub store: String,
    pub base_url: String,
    pub locale: Locale,
    website_id: i64,
    store_id: i64,
}

impl To {
    fn recipient(&self) -> Recipient<'_> {
        Recipient {
            email: &self.email,
            name: &self.name,
            store: &self.store,
            base_url: &self.base_url,
            locale: self.locale,
        }
    }
}

/// The recipient of an account email sent from `store`. The language is the store
/// view's Locale option, read when the email is sent.
pub fn recipient(state: &AppState, email: &str, name: &str, store: &StoreViewInfo) -> To {
    To {
        email: email.to_string(),
        name: name.to_string(),
        store: store.name.clone(),
        base_url: state.settings.base_url().to_string(),
        locale: Locale::En,
        website_id: store.website_id,
        store_id: store.store_id,
    }
}

/// Send `email` (its language settled by the store view's locale, its text and sender
/// by the store view's email options).
pub async fn send(
    state: &AppState,
    to: &To,
    email: impl FnOnce(&Recipient<'_>) -> Email,
) -> Result<(), AppError> {
    let at = At::store(to.website_id, to.store_id);
    let code = state.config.get(LOCALE_CODE, at).await?;
    let mut recipient = to.recipient();
    recipient.locale = Locale::from_code(&code);
    // The store view's template for this email and its sender identity.
    let email = crate::email_templates::service::personalize(state, email(&recipient), at).await?;
    mail::send(state, email).await
}

/// "Confirmation Link Email".
pub fn confirmation(id: i64, key: &str) -> impl FnOnce(&Recipient<'_>) -> Email + '_ {
    move |to| templates::confirmation(to, id, key)
}

/// "Default Welcome Email".
pub fn welcome() -> impl FnOnce(&Recipient<'_>) -> Email {
    templates::welcome
}

/// "Welcome Email" (after confirmation).
pub fn welcome_confirmed() -> impl FnOnce(&Recipient<'_>) -> Email {
    templates::welcome_confirmed
}

/// "Forgot Email Template": the reset link.
pub fn forgot(token: &str, hours: i64) -> impl FnOnce(&Recipient<'_>) -> Email + '_ {
    move |to| templates::reset_password(to, token, hours)
}

/// "Reset Password Template": the password was changed.
pub fn password_changed() -> impl FnOnce(&Recipient<'_>) -> Email {
    templates::password_changed
}

/// "Change Email" / "Change Email and Password": the account's email changed.
pub fn credentials_changed(
    new_email: &str,
    password_too: bool,
) -> impl FnOnce(&Recipient<'_>) -> Email + '_ {
    move |to| templates::credentials_changed(to, new_email, password_too)
}
