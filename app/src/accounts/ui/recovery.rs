//! `/customer/account/forgotpassword` and `/customer/account/createpassword`: "Forgot Your
//! Password?" and Set a New Password.

use super::{first_message, label, Message, StrengthMeter};
use crate::accounts::api::{
    check_reset_token, forgot_password, reset_password, ForgotPassword, ResetPassword,
};
use crate::captcha::model::CaptchaForm;
use crate::captcha::ui::{Captcha, CaptchaField};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::form::{posted_error, FormToken};
use crate::ui::{page_data, use_toasts, ToastKind};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Forgot Your Password?: an email, and a neutral answer. Works before the page's
/// script has loaded too: the form posts itself and the server brings the browser back
/// here with `?sent=1` or the error.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let email = RwSignal::new(crate::ui::typed::typed("forgot-email").unwrap_or_default());
    let error = RwSignal::new(
        posted_error(ForgotPassword::PATH)
            .as_ref()
            .map(first_message),
    );
    let posted_sent = use_query_map().with_untracked(|q| q.get("sent").is_some());
    // Sent by the form posted without script: the server kept the address for this page.
    let sent = RwSignal::new(posted_sent.then(|| match kept_forgot_email() {
        Some(address) => label(Key::ResetSent).replace("{email}", &address),
        None => label(Key::ResetSentPosted).to_string(),
    }));
    let pending = RwSignal::new(false);
    let captcha = Captcha::new(CaptchaForm::ForgotPassword, None);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        sent.set(None);
        let address = email.get_untracked();
        spawn_local(async move {
            let result = forgot_password(address.clone(), captcha.token(), captcha.typed()).await;
            // The answer is used up either way.
            captcha.renew(None);
            match result {
                Ok(()) => sent.set(Some(
                    label(Key::ResetSent).replace("{email}", address.trim()),
                )),
                Err(e) => error.set(Some(first_message(&e))),
            }
            pending.set(false);
        });
    };
    view! {
        <Title text=label(Key::ForgotPasswordLink) />
        <h1>{label(Key::ForgotPasswordLink)}</h1>
        <section class="panel">
            <Message text=sent success=true />
            <Message text=error />
            <p>{label(Key::ForgotIntro)}</p>
            <form class="form" method="post" action=ForgotPassword::PATH novalidate on:submit=submit>
                <FormToken />
                <div class="field">
                    <label for="forgot-email">{label(Key::Email)} <span class="required" aria-hidden="true">" *"</span></label>
                    <input id="forgot-email" name="email" type="email" autocomplete="off" required bind:value=email />
                </div>
                <CaptchaField captcha />
                <div class="form-actions">
                    <button type="submit" class="button-primary" disabled=move || pending.get()>
                        {label(Key::ResetMyPassword)}
                    </button>
                    <a href="/customer/account/login">{label(Key::SignIn)}</a>
                </div>
            </form>
        </section>
    }
}

/// The email a reset link was last asked for by the form posted without script (the
/// server renders it; the browser has none to read).
#[cfg(feature = "ssr")]
fn kept_forgot_email() -> Option<String> {
    crate::accounts::posted::kept_forgot_email()
}

#[cfg(not(feature = "ssr"))]
fn kept_forgot_email() -> Option<String> {
    None
}

/// Set a New Password from the emailed link (`?token=…`).
#[component]
pub fn CreatePasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let status = Resource::new(
        move || query.with(|q| q.get("token").unwrap_or_default()),
        |token| page_data(check_reset_token(token)),
    );
    let rules = Resource::new(
        || (),
        |_| page_data(crate::accounts::api::account_options()),
    );
    view! {
        <Title text=label(Key::SetNewPassword) />
        <h1>{label(Key::SetNewPassword)}</h1>
        <Suspense fallback=|| view! { <p>{label(Key::Loading)}</p> }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match (status.await, rules.await) {
                        (Ok(()), Ok(options)) => view! { <NewPasswordForm token rules=options.password /> }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! {
                            <section class="panel">
                                <p class="message-error" role="alert">{first_message(&e)}</p>
                                <p><a href=crate::accounts::model::FORGOT_PASSWORD_PATH>{label(Key::ForgotPasswordLink)}</a></p>
                            </section>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn NewPasswordForm(token: String, rules: crate::accounts::rules::PasswordRules) -> impl IntoView {
    let token = StoredValue::new(token);
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let errors = RwSignal::new(crate::forms::FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    // Posted before the page went live: the server brought the error back here.
    match posted_error(ResetPassword::PATH) {
        Some(AppError::Validation { fields }) if !fields.contains_key("token") => {
            errors.set(fields)
        }
        Some(e) => general.set(Some(first_message(&e))),
        None => {}
    }
    let pending = RwSignal::new(false);
    let toasts = use_toasts();
    let navigate = use_navigate();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let found = crate::accounts::model::check_new_password(
            &password.get_untracked(),
            &confirmation.get_untracked(),
            "",
            rules,
        );
        errors.set(found.clone());
        if !found.is_empty() || pending.get_untracked() {
            return;
        }
        pending.set(true);
        general.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match reset_password(
                token.get_value(),
                password.get_untracked(),
                confirmation.get_untracked(),
            )
            .await
            {
                Ok(()) => {
                    toasts.push(ToastKind::Success, label(Key::PasswordUpdated));
                    navigate("/customer/account/login", Default::default());
                }
                Err(AppError::Validation { fields }) if !fields.contains_key("token") => {
                    errors.set(fields)
                }
                Err(e) => general.set(Some(first_message(&e))),
            }
            pending.set(false);
        });
    };
    let i18n = crate::i18n::use_i18n();
    let error_of = move |name: &'static str| {
        move || errors.with(|e| e.get(name).map(|m| m.text(i18n.locale.get())))
    };
    view! {
        <section class="panel">
            <Message text=general />
            <form class="form" method="post" action=ResetPassword::PATH novalidate on:submit=submit>
                <FormToken />
                <input type="hidden" name="token" value=token.get_value() />
                <div class="field" class:field-invalid=move || errors.with(|e| e.contains_key("password"))>
                    <label for="reset-password">{label(Key::NewPassword)} <span class="required" aria-hidden="true">" *"</span></label>
                    <input id="reset-password" name="password" type="password" autocomplete="new-password" required
                        aria-describedby="reset-password-error" bind:value=password />
                    <p class="field-error" id="reset-password-error" role="alert">{error_of("password")}</p>
                </div>
                <StrengthMeter password=password email=Signal::derive(String::new) rules />
                <div class="field" class:field-invalid=move || errors.with(|e| e.contains_key("password_confirmation"))>
                    <label for="reset-confirmation">{label(Key::ConfirmNewPassword)} <span class="required" aria-hidden="true">" *"</span></label>
                    <input id="reset-confirmation" name="password_confirmation" type="password" autocomplete="new-password" required
                        aria-describedby="reset-confirmation-error" bind:value=confirmation />
                    <p class="field-error" id="reset-confirmation-error" role="alert">{error_of("password_confirmation")}</p>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button-primary" disabled=move || pending.get()>
                        {label(Key::SetNewPassword)}
                    </button>
                </div>
            </form>
        </section>
    }
}
