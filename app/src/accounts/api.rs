//! Server functions of the storefront account pages. Each acts on the store view the
//! visitor is on (its website's accounts and options) and, past sign-in, only ever on
//! the signed-in customer's own account.

use super::model::{
    AccountEdit, AccountFormOptions, AccountInformation, AccountOverview, AddressBook, AddressForm,
    PostedRegistration, Registered, Registration, SignedIn,
};
use crate::customers::address::model::AddressInput;
use crate::error::AppError;
use leptos::prelude::*;

/// Set the customer session cookie on the response.
#[cfg(feature = "ssr")]
fn set_session_cookie(state: &crate::state::AppState, token: &str) {
    use crate::request;
    let secure = request::secure_request(state);
    let cookie = crate::sessions::token::set_cookie(super::service::CUSTOMER_COOKIE, token, secure);
    request::set_cookie(&cookie);
}

/// The options of the account forms on this store view (public).
#[server(endpoint = "account/form_options", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn account_options() -> Result<AccountFormOptions, AppError> {
    let crate::request::Storefront { state, store } = crate::request::storefront().await?;
    super::register::form_options(&state, &store).await
}

/// Create an Account; signs the new customer in unless confirmation is required.
#[server(endpoint = "account/create", input = server_fn::codec::Json, output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn create_account(
    form: Registration,
    captcha: crate::captcha::model::Answer,
) -> Result<Registered, AppError> {
    use crate::captcha::{model::CaptchaForm, service as captchas};
    let crate::request::Storefront { state, store } = crate::request::storefront().await?;
    let caller = crate::request::customer_caller();
    captchas::check(
        &state,
        CaptchaForm::CreateUser,
        store.website_id,
        None,
        &caller.ip,
        &captcha,
    )
    .await?;
    let uploader = crate::files::service::Uploader::visitor(
        crate::request::cookie(crate::sessions::csrf::FORM_COOKIE).as_deref(),
    );
    let (outcome, token) =
        super::register::register(&state, &store, &form, &caller, &uploader).await?;
    if let Some(token) = token {
        set_session_cookie(&state, &token);
    }
    Ok(outcome)
}

/// Create an Account posted by the page's own form before its script has loaded (the
/// CSRF guard has checked its form token). The same registration as [`create_account`];
/// then the browser is sent on: to My Account, or to the login page saying that a
/// confirmation link was emailed. A refused form goes back to the page (server_fn puts
/// the error in its query), which shows the messages under their fields and what was
/// typed, the passwords excepted ([`kept_registration`]).
#[server(endpoint = "account/create_posted", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn create_account_posted(
    #[server(flatten)] form: PostedRegistration,
) -> Result<Registered, AppError> {
    let captcha = crate::captcha::model::Answer {
        token: form.captcha_token.clone(),
        text: form.captcha.clone(),
    };
    let form = Registration::from(form);
    let result = create_account(form.clone(), captcha).await;
    if result.is_ok() {
        super::posted::forget();
    }
    match &result {
        Ok(Registered::SignedIn) => {
            crate::request::redirect_plain_form_post(super::model::REGISTERED_LANDING)
        }
        Ok(Registered::ConfirmationSent) => {
            crate::request::redirect_plain_form_post(super::model::CONFIRMATION_SENT_LANDING)
        }
        Err(_) => super::posted::keep(&form),
    }
    result
}

/// What this browser typed into Create an Account when the server last refused the
/// form it posted without script (kept a few minutes, for this page only), or `None`.
#[server(endpoint = "account/create_posted_back", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn kept_registration() -> Result<Option<Registration>, AppError> {
    Ok(super::posted::kept())
}

/// Sign in on this store view's website, answering the login form's CAPTCHA when it
/// asks (`captcha_token`, `captcha`).
#[server(endpoint = "account/sign_in", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn customer_sign_in(
    email: String,
    password: String,
    captcha_token: Option<String>,
    captcha: Option<String>,
) -> Result<SignedIn, AppError> {
    use crate::config::{registry::STARTUP_REDIRECT_DASHBOARD, service::At};
    let crate::request::Storefront { state, store } = crate::request::storefront().await?;
    let caller = crate::request::customer_caller();
    let website = store.website_id;
    let answer = crate::captcha::model::Answer {
        token: captcha_token,
        text: captcha,
    };
    let token =
        super::service::sign_in_answering(&state, website, &email, &password, &caller, &answer)
            .await
            .inspect_err(|_| {
                // A form posted without script goes back to the login page: it shows the email
                // again (and the CAPTCHA, when that email now needs one).
                if crate::request::plain_form_post() {
                    super::posted::keep_login_email(&email);
                }
            })?;
    set_session_cookie(&state, &token);
    let to_dashboard = state
        .config
        .get(STARTUP_REDIRECT_DASHBOARD, At::website(store.website_id))
        .await?;
    let done = SignedIn { to_dashboard };
    let referer = crate::request::referer_param("referer");
    crate::request::redirect_plain_form_post(&done.destination(referer.as_deref()));
    Ok(done)
}

/// Sign out (the session ends and the cookie is cleared).
#[server(endpoint = "account/sign_out", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn customer_sign_out() -> Result<(), AppError> {
    use super::service::CUSTOMER_COOKIE;
    let state = crate::request::state()?;
    let token = crate::request::customer_caller().token;
    super::service::sign_out(&state, token.as_deref()).await?;
    crate::request::set_cookie(&crate::sessions::token::clear_cookie(
        CUSTOMER_COOKIE,
        crate::request::secure_request(&state),
    ));
    Ok(())
}

/// Confirm an account from the emailed link.
#[server(endpoint = "account/confirm", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn confirm_account(id: i64, key: String) -> Result<String, AppError> {
    let state = crate::request::state()?;
    super::register::confirm(&state, id, &key).await
}

/// Send the confirmation link again (neutral answer). Posted without script (the login
/// page's "Send confirmation link again"), it sends the browser back to the login page,
/// which says so and shows the email again.
#[server(endpoint = "account/resend_confirmation", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn resend_confirmation(email: String) -> Result<(), AppError> {
    let crate::request::Storefront { state, store } = crate::request::storefront().await?;
    let ip = crate::request::customer_caller().ip;
    super::register::resend_confirmation(&state, &store, &email, &ip).await?;
    if crate::request::plain_form_post() {
        super::posted::keep_login_email(&email);
        let mut back = vec![(
            super::model::CONFIRMATION_RESENT.to_string(),
            "1".to_string(),
        )];
        if let Some(referer) = crate::request::referer_param("referer") {
            back.push(("referer".to_string(), referer));
        }
        crate::request::redirect_plain_form_post(&crate::ui::url::url_with(
            super::model::LOGIN_PATH,
            back,
        ));
    }
    Ok(())
}

/// "Forgot Your Password?": email a reset link (neutral answer, throttled), answering
/// the form's CAPTCHA when it asks.
#[server(endpoint = "account/forgot_password", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn forgot_password(
    email: String,
    captcha_token: Option<String>,
    captcha: Option<String>,
) -> Result<(), AppError> {
    use crate::captcha::{model::Answer, model::CaptchaForm, service as captchas};
    let crate::request::Storefront { state, store } = crate::request::storefront().await?;
    let ip = crate::request::customer_caller().ip;
    let answer = Answer {
        token: captcha_token,
        text: captcha,
    };
    captchas::check(
        &state,
        CaptchaForm::ForgotPassword,
        store.website_id,
        None,
        &ip,
        &answer,
    )
    .await?;
    super::recovery::request(&state, &store, &email, &ip).await?;
    if crate::request::plain_form_post() {
        // The page it goes back to names the address, as the page live would.
        super::posted::keep_forgot_email(&email);
        crate::request::redirect_plain_form_post(&format!(
            "{}?sent=1",
            super::model::FORGOT_PASSWORD_PATH
        ));
    }
    Ok(())
}

/// Is this reset link still good?
#[server(endpoint = "account/check_reset_token", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn check_reset_token(token: String) -> Result<(), AppError> {
    let state = crate::request::state()?;
    super::recovery::check_token(&state, &token).await
}

/// Set a New Password from a reset link.
#[server(endpoint = "account/reset_password", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn reset_password(
    token: String,
    password: String,
    password_confirmation: String,
) -> Result<(), AppError> {
    let state = crate::request::state()?;
    super::recovery::reset(&state, &token, &password, &password_confirmation).await?;
    crate::request::redirect_plain_form_post(PASSWORD_RESET_LANDING);
    Ok(())
}

/// Where a password set from a reset link lands: the login page, saying so.
pub const PASSWORD_RESET_LANDING: &str = "/customer/account/login?reset=1";

/// The My Account page of the signed-in customer.
#[server(endpoint = "account/dashboard", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn account_dashboard() -> Result<AccountOverview, AppError> {
    let crate::request::Customer { state, customer } = crate::request::customer().await?;
    let store = crate::request::current_view(&state).await?;
    super::service::dashboard(&state, customer.customer_id, &store).await
}

/// The Account Information form of the signed-in customer.
#[server(endpoint = "account/information", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn account_info() -> Result<AccountInformation, AppError> {
    let crate::request::Customer { state, customer } = crate::request::customer().await?;
    super::information::load(&state, &customer).await
}

/// Save Account Information (names and details; the email and the password behind the
/// current password).
#[server(
    endpoint = "account/information/save",
    input = server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn save_account_information(
    form: AccountEdit,
    captcha: crate::captcha::model::Answer,
) -> Result<AccountInformation, AppError> {
    use crate::captcha::{model::CaptchaForm, service as captchas};
    let crate::request::Customer { state, customer } = crate::request::customer().await?;
    // An admin connected through Login as Customer never sees or changes the credentials.
    if customer.assisted.is_some() && (form.change_email || form.change_password) {
        let field = if form.change_email {
            "change_email"
        } else {
            "change_password"
        };
        return Err(AppError::field(
            field,
            crate::i18n::Key::ErrAssistCannotChange,
        ));
    }
    // "Change password" among the CAPTCHA's forms: a new password needs the answer.
    if form.change_password {
        let ip = crate::request::customer_caller().ip;
        captchas::check(
            &state,
            CaptchaForm::ChangePassword,
            customer.website_id,
            None,
            &ip,
            &captcha,
        )
        .await?;
    }
    let actor = crate::request::assisting_admin(&state, &customer).await?;
    super::information::save(&state, &customer, actor.as_ref(), &form).await
}

/// The signed-in customer's Address Book, page `page` of the additional addresses.
#[server(endpoint = "account/addresses", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn address_book_page(page: u32) -> Result<AddressBook, AppError> {
    let crate::request::Customer { state, customer } = crate::request::customer().await?;
    let view = crate::request::current_view(&state).await?;
    let at = crate::config::service::At::store(view.website_id, view.store_id);
    super::addresses::book(&state, &customer, page, at).await
}

/// The address form: one of the customer's addresses, or a new one (`id` empty).
#[server(endpoint = "account/address", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn address_to_edit(id: Option<i64>) -> Result<AddressForm, AppError> {
    let crate::request::Customer { state, customer } = crate::request::customer().await?;
    super::addresses::form(&state, &customer, id).await
}

/// Save Address (add or update one of the customer's own addresses).
#[server(
    endpoint = "account/address/save",
    input = server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn save_address(address: AddressInput) -> Result<AddressInput, AppError> {
    let crate::request::Customer { state, customer } = crate::request::customer().await?;
    let actor = crate::request::assisting_admin(&state, &customer).await?;
    super::addresses::save(&state, &customer, actor.as_ref(), &address).await
}

/// Delete one of the customer's additional addresses, if unchanged since `version`.
#[server(endpoint = "account/address/delete", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn delete_address(id: i64, version: i64) -> Result<(), AppError> {
    let crate::request::Customer { state, customer } = crate::request::customer().await?;
    let actor = crate::request::assisting_admin(&state, &customer).await?;
    super::addresses::delete(&state, &customer, actor.as_ref(), id, version).await
}
