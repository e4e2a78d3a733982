//! The storefront account pages (spec §8, §9.1, §16).

mod dashboard;
mod login;
mod recovery;
mod register;

pub use dashboard::AccountDashboardPage;
pub use login::CustomerLoginPage;
pub use recovery::{CreatePasswordPage, ForgotPasswordPage};
pub use register::{ConfirmAccountPage, CreateAccountPage};

use super::rules::{strength, PasswordRules, Strength};
use crate::error::AppError;
use crate::i18n::{error_text, tr, use_i18n, Key};
use crate::stores::model::StoreContext;
use leptos::prelude::*;

/// Bumped after a sign-in, sign-out or registration: the storefront layout reloads who
/// is signed in.
#[derive(Clone, Copy)]
pub struct SessionChanged(pub RwSignal<u32>);

impl SessionChanged {
    pub fn bump(&self) {
        self.0.update(|n| *n += 1);
    }
}

/// The session-changed trigger provided by the storefront layout.
pub fn use_session_changed() -> SessionChanged {
    use_context::<SessionChanged>().unwrap_or(SessionChanged(RwSignal::new(0)))
}

/// The store view the page is on (and who is signed in), provided by the layout.
pub fn use_store() -> Option<StoreContext> {
    use_context::<StoreContext>()
}

/// A label in the store view's language, fixed when the page is built (the layout
/// builds its pages again when the store view changes).
pub fn label(key: Key) -> &'static str {
    tr(use_i18n().locale.get_untracked(), key)
}

/// A server error as the storefront words it ("Invalid login or password." for a
/// failed sign-in, not the admin's wording).
pub fn storefront_error(error: &AppError) -> String {
    let locale = use_i18n().locale.get_untracked();
    match error {
        AppError::InvalidCredentials => tr(locale, Key::InvalidLogin).to_string(),
        other => error_text(locale, other),
    }
}

/// One line for a failed call: the first field message of a validation error, else the
/// error as the storefront words it.
pub fn first_message(error: &AppError) -> String {
    match error {
        AppError::Validation { fields } => fields
            .values()
            .next()
            .cloned()
            .unwrap_or_else(|| storefront_error(error)),
        other => storefront_error(other),
    }
}

/// An error or notice box above a form.
#[component]
pub fn Message(
    #[prop(into)] text: Signal<Option<String>>,
    #[prop(optional)] success: bool,
) -> impl IntoView {
    let class = if success {
        "message-success"
    } else {
        "message-error"
    };
    move || {
        text.get().map(|text| {
            view! {
                <p class=class role=if success { "status" } else { "alert" }>
                    {text}
                </p>
            }
        })
    }
}

/// The strength meter under a new password (No Password / Weak / Medium / Strong / Very
/// Strong), computed as the user types.
#[component]
pub fn StrengthMeter(
    #[prop(into)] password: Signal<String>,
    #[prop(into)] email: Signal<String>,
    rules: PasswordRules,
) -> impl IntoView {
    let level = Memo::new(move |_| strength(&password.get(), &email.get(), rules));
    let text = move || {
        label(match level.get() {
            Strength::NoPassword => Key::StrengthNone,
            Strength::Weak => Key::StrengthWeak,
            Strength::Medium => Key::StrengthMedium,
            Strength::Strong => Key::StrengthStrong,
            Strength::VeryStrong => Key::StrengthVeryStrong,
        })
    };
    let class = move || format!("strength strength-{}", level.get() as u8);
    view! {
        <p class=class data-strength=move || level.get() as u8 aria-live="polite">
            {label(Key::PasswordStrength)} ": " <strong>{text}</strong>
        </p>
    }
}

/// The left navigation of My Account.
#[component]
pub fn AccountNav(current: &'static str) -> impl IntoView {
    let links = [("/customer/account", Key::MyAccount)];
    view! {
        <nav class="account-nav" aria-label=label(Key::AccountNav)>
            <ul>
                {links
                    .into_iter()
                    .map(|(href, key)| {
                        view! {
                            <li>
                                <a href=href aria-current=(href == current).then_some("page")>
                                    {label(key)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
