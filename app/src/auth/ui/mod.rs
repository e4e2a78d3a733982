//! The admin sign-in page.

use crate::auth::api::{AdminSignIn, AdminSignOut, SetAdminLocale};
use crate::error::error_text;
use crate::error::AppError;
use crate::i18n::{t, use_i18n, Key};
use crate::ui::form::FormToken;
use crate::ui::{BusyIndicator, MarkHydrated};
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos_meta::Title;

/// The admin session's actions. They live in the admin layout, which outlives the
/// sign-in page and the admin frame, so an action that completes while the page it was
/// started from is being replaced never touches a disposed owner.
#[derive(Clone, Copy)]
pub struct AdminSession {
    pub sign_in: ServerAction<AdminSignIn>,
    pub sign_out: ServerAction<AdminSignOut>,
    pub set_locale: ServerAction<SetAdminLocale>,
}

/// Email + password form. Works before hydration (plain form post) and after.
#[component]
pub fn LoginPage() -> impl IntoView {
    let sign_in = expect_context::<AdminSession>().sign_in;
    let show_password = RwSignal::new(false);
    let hydrated = crate::ui::use_hydrated();
    // A form posted before the script loaded comes back here with its error.
    let posted = StoredValue::new(crate::ui::form::posted_error(AdminSignIn::PATH));
    let error = move || match sign_in.value().get() {
        Some(Err(err)) => Some(err),
        Some(Ok(())) => None,
        None => posted.get_value(),
    };
    let i18n = use_i18n();
    let field_error = move |field: &'static str| {
        move || match error() {
            Some(AppError::Validation { fields }) => fields
                .get(field)
                .map(|message| message.text(i18n.locale.get())),
            _ => None,
        }
    };
    let general_error = move || match error() {
        Some(AppError::Validation { .. }) | None => None,
        Some(other) => Some(error_text(i18n.locale.get(), &other)),
    };

    view! {
        <Title text=crate::i18n::text(Key::SignInTitle) />
        <MarkHydrated />
        <BusyIndicator />
        <main id="main" class="login">
            <section class="login-card">
                <h1>{t(Key::SignInTitle)}</h1>
                <p>{t(Key::SignInIntro)}</p>
                {move || {
                    general_error()
                        .map(|message| {
                            view! {
                                <p class="message-error" role="alert">
                                    {message}
                                </p>
                            }
                        })
                }}
                <ActionForm action=sign_in attr:class="form" attr:novalidate=true>
                    <FormToken />
                    <div class="field">
                        <label for="login-email">{t(Key::Email)}</label>
                        <input
                            id="login-email"
                            name="email"
                            type="email"
                            autocomplete="username"
                            required
                            aria-describedby="login-email-error"
                        />
                        <p class="field-error" id="login-email-error">
                            {field_error("email")}
                        </p>
                    </div>
                    <div class="field">
                        <label for="login-password">{t(Key::Password)}</label>
                        <input
                            id="login-password"
                            name="password"
                            type=move || if show_password.get() { "text" } else { "password" }
                            autocomplete="current-password"
                            required
                            aria-describedby="login-password-error"
                        />
                        <p class="field-error" id="login-password-error">
                            {field_error("password")}
                        </p>
                    </div>
                    // Showing the password needs the page's script: the box appears once
                    // the page is live rather than do nothing before.
                    <div class="field field-inline" hidden=move || !hydrated.get()>
                        <input
                            id="login-show-password"
                            type="checkbox"
                            prop:checked=move || show_password.get()
                            on:change=move |ev| show_password.set(event_target_checked(&ev))
                        />
                        <label for="login-show-password">{t(Key::ShowPassword)}</label>
                    </div>
                    <button type="submit" class="button-primary" disabled=move || sign_in.pending().get()>
                        {move || {
                            if sign_in.pending().get() {
                                t(Key::SigningIn)()
                            } else {
                                t(Key::SignInButton)()
                            }
                        }}
                    </button>
                </ActionForm>
            </section>
        </main>
    }
}
