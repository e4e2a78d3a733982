//! Forms that work before the page's script has loaded. Such a form posts itself to its
//! server function (`method="post"` and the function's URL as `action`) with a hidden
//! form token ([`FormToken`]); the server answers with a redirect, and a failure comes
//! back in the query of the page it was posted from, where [`posted_error`] reads it.
//! Once the page is live the same form is sent by script instead, with the same fields.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::error::FromServerFnError;
use leptos_router::hooks::use_query_map;

/// The hidden field with this browser's form token (see `sessions::csrf`). The server
/// renders the value; hydration leaves it as it is.
#[component]
pub fn FormToken() -> impl IntoView {
    let name = crate::sessions::client::FORM_TOKEN_FIELD;
    view! { <input type="hidden" name=name value=form_token() /> }
}

#[cfg(feature = "ssr")]
fn form_token() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::sessions::csrf::FormToken>()
                .cloned()
        })
        .map(|token| token.0)
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn form_token() -> String {
    String::new()
}

/// The error of the server function at `path` (its URL) when this page is where a form
/// posted without script came back to after failing.
pub fn posted_error(path: &str) -> Option<AppError> {
    use base64::Engine as _;
    let (from, encoded) = use_query_map().with_untracked(|q| (q.get("__path"), q.get("__err")));
    if from.as_deref() != Some(path) {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE
        .decode(encoded?.as_bytes())
        .ok()?;
    Some(AppError::de(bytes.into()))
}

/// The Save of an admin editor page: the form is checked in the browser first (errors
/// under their fields and a toast), then sent with `send`; on success the `saved` toast
/// shows and the admin goes back to `back`, and the server's field errors come back
/// under their fields like the browser's.
pub fn admin_save<T, R, Fut>(
    form: RwSignal<T>,
    errors: RwSignal<crate::forms::FieldErrors>,
    pending: RwSignal<bool>,
    check: Callback<(), crate::forms::FieldErrors>,
    send: fn(T) -> Fut,
    saved: crate::i18n::Key,
    back: &'static str,
) -> impl Fn(leptos::ev::SubmitEvent) + Clone + 'static
where
    T: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<R, AppError>> + 'static,
{
    use crate::i18n::{t, use_i18n, Key};
    use crate::ui::{use_toasts, ToastKind};
    let toasts = use_toasts();
    let i18n = use_i18n();
    let navigate = leptos_router::hooks::use_navigate();
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let found = check.run(());
        if !found.is_empty() {
            errors.set(found);
            toasts.push(ToastKind::Error, t(Key::ErrValidation)());
            return;
        }
        pending.set(true);
        let input = form.get_untracked();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = send(input).await;
            pending.set(false);
            match result {
                Ok(_) => {
                    toasts.push(ToastKind::Success, t(saved)());
                    navigate(back, Default::default());
                }
                Err(AppError::Validation { fields }) => {
                    errors.set(fields);
                    toasts.push(ToastKind::Error, t(Key::ErrValidation)());
                }
                Err(e) => toasts.push(
                    ToastKind::Error,
                    crate::error::error_text(i18n.locale.get_untracked(), &e),
                ),
            }
        });
    }
}
