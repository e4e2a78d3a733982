//! The storefront account pages: create an account, sign in, recover a password, and
//! My Account.

mod addresses;
mod dashboard;
mod information;
mod login;
pub mod offline;
mod personal;
mod recovery;
mod register;

pub use addresses::{AddressBookPage, AddressEditPage};
pub use dashboard::AccountDashboardPage;
pub use information::AccountInformationPage;
pub use login::{CustomerLoginPage, CustomerLogoutPage};
pub use recovery::{CreatePasswordPage, ForgotPasswordPage};
pub use register::{ConfirmAccountPage, CreateAccountPage};

use super::rules::{strength, PasswordRules, Strength};
use crate::error::error_text;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, Key};
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

pub use crate::i18n::text as label;

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
            .map(|m| m.text(use_i18n().locale.get_untracked()))
            .unwrap_or_else(|| storefront_error(error)),
        other => storefront_error(other),
    }
}

/// Check a form before sending it: every field's message shows; `true` (and the form
/// marked as sending, its general message cleared) when it is valid and not already on
/// its way.
pub fn ready_to_send(
    check: Callback<(), crate::forms::FieldErrors>,
    errors: RwSignal<crate::forms::FieldErrors>,
    pending: RwSignal<bool>,
    general: RwSignal<Option<String>>,
) -> bool {
    let found = check.run(());
    let valid = found.is_empty();
    errors.set(found);
    if !valid || pending.get_untracked() {
        return false;
    }
    pending.set(true);
    general.set(None);
    true
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
    let links = [
        ("/customer/account", Key::MyAccount),
        ("/customer/address", Key::AddressBook),
        ("/customer/account/edit", Key::AccountInformation),
    ];
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

/// The signed-in shopper's email: whose copies and queue this device keeps.
pub fn device_owner() -> Option<String> {
    use_store().and_then(|s| s.customer).map(|c| c.email)
}

/// A My Account page: the navigation, the title, the queued changes and conflicts,
/// then the page. The page's data loads in the browser (from the server, or the device
/// copy), so the server renders "Loading…" and the page proper starts once hydrated.
/// Sends queued changes once the page is live, if online.
#[component]
pub fn AccountArea(
    current: &'static str,
    title: Key,
    /// A message under the title, shown before the page is live too.
    #[prop(default = None)]
    notice: Option<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let queue = offline::use_offline();
    let hydrated = crate::ui::use_hydrated();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if window().navigator().on_line() && queue.pending.with_untracked(|q| !q.is_empty()) {
            leptos::task::spawn_local(async move {
                queue.sync().await;
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = queue;
    });
    view! {
        <leptos_meta::Title text=label(title) />
        <div class="account-layout">
            <AccountNav current />
            <div class="account-main">
                <h1>{label(title)}</h1>
                <Message text=Signal::stored(notice) success=true />
                {move || match hydrated.get() {
                    true => view! { <offline::QueueStatus /> {children()} }.into_any(),
                    false => view! { <p>{label(Key::Loading)}</p> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// What an account page shows when its data cannot be loaded: the sign-in page for a
/// signed-out visitor (and back here after), the offline notice, or the error.
pub fn load_failed(error: AppError, back_to: &str) -> AnyView {
    use leptos_router::components::Redirect;
    match error {
        AppError::Unauthenticated => {
            let path = format!("/customer/account/login?referer={back_to}");
            view! { <Redirect path /> }.into_any()
        }
        AppError::Network(_) => {
            view! { <p class="offline-banner" role="status">{label(Key::OfflineNoCopy)}</p> }
                .into_any()
        }
        error => view! { <crate::ui::ErrorPanel error /> }.into_any(),
    }
}
