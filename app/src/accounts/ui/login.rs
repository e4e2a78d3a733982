//! `/customer/account/login`: Customer Login.

use super::{first_message, label, storefront_error, use_session_changed, use_store, Message};
use crate::accounts::api::{
    customer_sign_in, resend_confirmation, CustomerSignIn, ResendConfirmation,
};
use crate::accounts::model::CONFIRMATION_RESENT;
use crate::captcha::model::CaptchaForm;
use crate::captcha::ui::{Captcha, CaptchaField};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::form::{posted_error, FormToken};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Registered Customers (email, password, Forgot Your Password?) beside New Customers.
/// The form also works before the page's script has loaded: it posts itself, and the
/// server sends the browser on, or back here with the error.
#[component]
pub fn CustomerLoginPage() -> impl IntoView {
    let posted =
        posted_error(CustomerSignIn::PATH).or_else(|| posted_error(ResendConfirmation::PATH));
    let query = use_query_map();
    // Back from setting a new password with the form posted (the page sent without
    // script), or from Create an Account posted so when the account waits for its
    // confirmation, or from sending that confirmation again.
    let (reset, confirm, resent) = query.with_untracked(|q| {
        (
            q.get("reset").is_some(),
            q.get("confirm").is_some(),
            q.get(CONFIRMATION_RESENT).is_some(),
        )
    });
    // Typed before the page went live, or (rendered by the server) the email of the
    // sign-in it refused, or whose confirmation it sent again, when a form posted itself.
    let email = RwSignal::new(
        crate::ui::typed::typed("login-email")
            .or_else(|| (posted.is_some() || resent).then(kept_email).flatten())
            .unwrap_or_default(),
    );
    let initial_email = email.get_untracked();
    // The login form's CAPTCHA, when this sign-in must answer one.
    let captcha = Captcha::new(
        CaptchaForm::Login,
        Some(initial_email.clone()).filter(|e| !e.is_empty()),
    );
    let password = RwSignal::new(crate::ui::typed::typed("login-password").unwrap_or_default());
    let error = RwSignal::new(posted.as_ref().map(first_message));
    let notice = RwSignal::new(if reset {
        Some(label(Key::PasswordUpdated).to_string())
    } else if resent {
        Some(label(Key::ConfirmationResent).to_string())
    } else if confirm {
        Some(label(Key::MustConfirm).to_string())
    } else {
        None
    });
    let not_confirmed = RwSignal::new(matches!(posted, Some(AppError::NotConfirmed)));
    let pending = RwSignal::new(false);
    let session = use_session_changed();
    let navigate = use_navigate();
    let signed_in = use_store().and_then(|s| s.customer).is_some();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        notice.set(None);
        let navigate = navigate.clone();
        let referer = query.with_untracked(|q| q.get("referer"));
        spawn_local(async move {
            let typed = email.get_untracked();
            match customer_sign_in(
                typed.clone(),
                password.get_untracked(),
                captcha.token(),
                captcha.typed(),
            )
            .await
            {
                Ok(done) => {
                    session.bump();
                    navigate(&done.destination(referer.as_deref()), Default::default());
                }
                Err(e) => {
                    // The answer is used up; this email may need one from now on.
                    captcha.renew(Some(typed));
                    not_confirmed.set(matches!(e, AppError::NotConfirmed));
                    password.set(String::new());
                    error.set(Some(first_message(&e)));
                }
            }
            pending.set(false);
        });
    };
    let resend = move |ev: SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match resend_confirmation(email.get_untracked()).await {
                Ok(()) => {
                    not_confirmed.set(false);
                    error.set(None);
                    notice.set(Some(label(Key::ConfirmationResent).to_string()));
                }
                Err(e) => error.set(Some(storefront_error(&e))),
            }
        });
    };

    view! {
        <Title text=label(Key::CustomerLogin) />
        <h1>{label(Key::CustomerLogin)}</h1>
        <div class="account-columns">
            <section class="panel" aria-labelledby="registered-title">
                <h2 id="registered-title">{label(Key::RegisteredCustomers)}</h2>
                {signed_in.then(|| view! {
                    <p class="notice"><a href="/customer/account">{label(Key::MyAccount)}</a></p>
                })}
                <p>{label(Key::RegisteredIntro)}</p>
                <Message text=error />
                <Message text=notice success=true />
                // A form of its own: the page is sent without script, and the button works
                // as it is (the server sends the browser back here, saying it was sent).
                {move || not_confirmed.get().then(|| view! {
                    <form class="resend-form" method="post" action=ResendConfirmation::PATH on:submit=resend>
                        <FormToken />
                        <input type="hidden" name="email" value=move || email.get() />
                        <button type="submit" class="button-link">
                            {label(Key::SendConfirmationAgain)}
                        </button>
                    </form>
                })}
                <form class="form" method="post" action=CustomerSignIn::PATH novalidate on:submit=submit>
                    <FormToken />
                    <div class="field">
                        <label for="login-email">{label(Key::Email)} <span class="required" aria-hidden="true">" *"</span></label>
                        <input id="login-email" name="email" type="email" autocomplete="off" required
                            value=initial_email bind:value=email
                            on:change=move |_| {
                                // An email that has failed too often must answer the
                                // CAPTCHA: show it before the shopper presses Sign In.
                                if captcha.token().is_none() {
                                    captcha.renew(Some(email.get_untracked()));
                                }
                            } />
                    </div>
                    <div class="field">
                        <label for="login-password">{label(Key::Password)} <span class="required" aria-hidden="true">" *"</span></label>
                        <input id="login-password" name="password" type="password" autocomplete="off" required
                            bind:value=password />
                    </div>
                    <CaptchaField captcha />
                    <div class="form-actions">
                        <button type="submit" class="button-primary" disabled=move || pending.get()>
                            {label(Key::SignIn)}
                        </button>
                        <a href=crate::accounts::model::FORGOT_PASSWORD_PATH>{label(Key::ForgotPasswordLink)}</a>
                    </div>
                </form>
            </section>
            <section class="panel" aria-labelledby="new-title">
                <h2 id="new-title">{label(Key::NewCustomers)}</h2>
                <p>{label(Key::NewCustomersIntro)}</p>
                <a class="button-primary" href="/customer/account/create">{label(Key::CreateAccount)}</a>
            </section>
        </div>
    }
}

/// `/customer/account/logout`: signs out once the page is live, forgets what the device
/// kept of the account, and goes to the home page.
#[component]
pub fn CustomerLogoutPage() -> impl IntoView {
    let session = use_session_changed();
    let navigate = use_navigate();
    let queue = super::offline::use_offline();
    Effect::new(move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            if let Err(e) = crate::accounts::api::customer_sign_out().await {
                leptos::logging::warn!("sign-out failed: {e}");
            }
            super::offline::forget_all();
            queue.clear();
            session.bump();
            navigate("/", Default::default());
        });
    });
    view! {
        <Title text=label(Key::SignOut) />
        <p>{label(Key::Loading)}</p>
    }
}

/// The email of the sign-in the server last refused, kept for this page (the server
/// renders it; the browser then reads it from the field like any text typed early).
#[cfg(feature = "ssr")]
fn kept_email() -> Option<String> {
    crate::accounts::posted::kept_login_email()
}

#[cfg(not(feature = "ssr"))]
fn kept_email() -> Option<String> {
    None
}
