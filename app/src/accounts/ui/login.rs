//! `/customer/account/login`: Customer Login.

use super::{first_message, label, storefront_error, use_session_changed, use_store, Message};
use crate::accounts::api::{customer_sign_in, resend_confirmation};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::use_hydrated;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// A local path to go back to after signing in (`?referer=/…`); never another site.
fn local_path(value: Option<String>) -> Option<String> {
    value
        .as_deref()
        .and_then(crate::accounts::rules::safe_return_path)
}

/// Registered Customers (email, password, Forgot Your Password?) beside New Customers.
#[component]
pub fn CustomerLoginPage() -> impl IntoView {
    let email = RwSignal::new(crate::ui::typed::typed("login-email").unwrap_or_default());
    let password = RwSignal::new(crate::ui::typed::typed("login-password").unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let not_confirmed = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let hydrated = use_hydrated();
    let session = use_session_changed();
    let navigate = use_navigate();
    let query = use_query_map();
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
        let referer = local_path(query.with_untracked(|q| q.get("referer")));
        spawn_local(async move {
            match customer_sign_in(email.get_untracked(), password.get_untracked()).await {
                Ok(done) => {
                    session.bump();
                    let to = if done.to_dashboard {
                        "/customer/account".to_string()
                    } else {
                        referer.unwrap_or_else(|| "/".to_string())
                    };
                    navigate(&to, Default::default());
                }
                Err(e) => {
                    not_confirmed.set(matches!(e, AppError::NotConfirmed));
                    password.set(String::new());
                    error.set(Some(first_message(&e)));
                }
            }
            pending.set(false);
        });
    };
    let resend = move |_| {
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
                {move || not_confirmed.get().then(|| view! {
                    <button type="button" class="button-link" on:click=resend>
                        {label(Key::SendConfirmationAgain)}
                    </button>
                })}
                <form class="form" novalidate on:submit=submit>
                    <div class="field">
                        <label for="login-email">{label(Key::Email)} <span class="required" aria-hidden="true">" *"</span></label>
                        <input id="login-email" name="email" type="email" autocomplete="off" required
                            bind:value=email />
                    </div>
                    <div class="field">
                        <label for="login-password">{label(Key::Password)} <span class="required" aria-hidden="true">" *"</span></label>
                        <input id="login-password" name="password" type="password" autocomplete="off" required
                            bind:value=password />
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button-primary" disabled=move || !hydrated.get() || pending.get()>
                            {label(Key::SignIn)}
                        </button>
                        <a href="/customer/account/forgotpassword">{label(Key::ForgotPasswordLink)}</a>
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
