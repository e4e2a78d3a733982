//! The error type that crosses the server-function boundary.
//!
//! Server functions return `Result<T, AppError>`. The browser gets a typed value it can
//! match on (field errors next to inputs, a sign-in prompt on `Unauthenticated`); the
//! server logs internal details and sends only a safe message.

use crate::i18n::{Key, Locale};
use serde::{Deserialize, Serialize};
use server_fn_codec::{FromServerFnError, JsonEncoding, ServerFnErrorErr};
use std::collections::BTreeMap;

// `leptos::server_fn` re-exports the pieces we need under one name.
mod server_fn_codec {
    pub use leptos::server_fn::codec::JsonEncoding;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

/// A failure the person using the app can understand and act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in, or the session expired.
    #[error("Your session has expired. Please sign in again.")]
    Unauthenticated,
    /// Signed in, but the role lacks the ACL resource.
    #[error("You don't have permission to do this ({resource}). Ask an administrator to add it to your role.")]
    Forbidden { resource: String },
    /// The request came from another site (CSRF protection).
    #[error("This request came from another site and was rejected.")]
    CrossSite,
    /// A form posted without script whose form token was missing or stale (the page it
    /// came from gets a fresh one).
    #[error("This form had expired, so it was not sent. Please send it again.")]
    FormExpired,
    /// Wrong email or password (deliberately vague: it never tells whether the email has an
    /// account; Magento's wording).
    #[error("The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.")]
    InvalidCredentials,
    /// Too many failed sign-ins.
    #[error("This account is locked after too many failed sign-in attempts. Try again in {minutes} minute(s).")]
    Locked { minutes: i64 },
    /// Too many failed attempts from one network address.
    #[error(
        "Too many failed sign-in attempts from your network. Try again in {minutes} minute(s)."
    )]
    TooManyAttempts { minutes: i64 },
    /// Too many requests of one kind (sign-ins, new accounts, reset links) from one
    /// network address.
    #[error("Too many requests from your network. Try again in {minutes} minute(s).")]
    TooManyRequests { minutes: i64 },
    /// A customer account locked by failed sign-ins (checked before the password).
    #[error("The account is locked.")]
    AccountLocked,
    /// The right password, but the email is not confirmed yet (when the website requires
    /// email confirmation).
    #[error("This account isn't confirmed. Verify and try again.")]
    NotConfirmed,
    /// Password reset requests came too often (the Password Options throttle).
    #[error("We received too many requests for password resets. Please wait and try again later or contact the store.")]
    ResetThrottled,
    /// One or more fields are invalid: field name → message.
    #[error("Please correct the highlighted fields.")]
    Validation {
        fields: BTreeMap<String, crate::i18n::Message>,
    },
    /// The thing asked for does not exist ("Customer 5").
    #[error("{0} was not found.")]
    NotFound(crate::i18n::Message),
    /// Someone else changed the record first.
    #[error("This record was changed by someone else. Reload to see their changes.")]
    Conflict,
    /// The request itself was unreadable (malformed JSON, an unknown value, a number out
    /// of range): the detail says what, for the developer who sent it.
    #[error("The request could not be read: {0}")]
    BadRequest(String),
    /// Something broke on the server; details are in the server log.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The server could not be reached or answered with something unreadable.
    #[error("The server could not be reached: {0}")]
    Network(String),
}

impl AppError {
    /// The HTTP status this error maps to.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => 401,
            AppError::Forbidden { .. } | AppError::CrossSite | AppError::FormExpired => 403,
            AppError::Locked { .. } | AppError::AccountLocked => 423,
            AppError::NotConfirmed => 403,
            AppError::TooManyAttempts { .. }
            | AppError::TooManyRequests { .. }
            | AppError::ResetThrottled => 429,
            AppError::Validation { .. } => 422,
            AppError::NotFound(_) => 404,
            AppError::Conflict => 409,
            AppError::BadRequest(_) => 400,
            AppError::Internal => 500,
            AppError::Network(_) => 503,
        }
    }

    /// "{what} was not found."
    pub fn not_found(what: crate::i18n::Key, id: impl Into<crate::i18n::Arg>) -> Self {
        AppError::NotFound(crate::i18n::Message::new(what).with("id", id))
    }

    /// A validation error on one field.
    pub fn field(name: &str, message: impl Into<crate::i18n::Message>) -> Self {
        let mut fields = BTreeMap::new();
        fields.insert(name.to_string(), message.into());
        AppError::Validation { fields }
    }

    /// A unique-constraint violation becomes a field error ("already used"); any other
    /// database error stays internal.
    #[cfg(feature = "ssr")]
    pub fn unique_as_field(
        err: sqlx::Error,
        field: &str,
        message: impl Into<crate::i18n::Message>,
    ) -> Self {
        if crate::db::is_unique_violation(&err) {
            AppError::field(field, message)
        } else {
            AppError::from(err)
        }
    }

    /// A foreign-key violation (the customer group deleted while the customer was being
    /// saved into it) becomes a field error; a unique violation is handled as in
    /// [`AppError::unique_as_field`].
    #[cfg(feature = "ssr")]
    pub fn gone_or_unique(
        err: sqlx::Error,
        gone_field: &str,
        gone: impl Into<crate::i18n::Message>,
        unique_field: &str,
        taken: impl Into<crate::i18n::Message>,
    ) -> Self {
        if crate::db::is_foreign_key_violation(&err) {
            AppError::field(gone_field, gone)
        } else {
            AppError::unique_as_field(err, unique_field, taken)
        }
    }

    /// Log an internal error and hide its details from the user.
    #[cfg(feature = "ssr")]
    pub fn internal(err: impl std::fmt::Display) -> Self {
        tracing::error!(error = %err, "internal error");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(msg) => AppError::Network(msg),
            // Arguments the server could not decode (malformed JSON, an unknown enum
            // value, a number out of range): the caller's mistake, answered with 400.
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::BadRequest(msg)
            }
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(msg) => {
                tracing::info!(error = %msg, "server function request not readable");
                AppError::BadRequest(msg)
            }
            ServerFnErrorErr::MiddlewareError(msg) if msg.contains("cross-site") => {
                AppError::CrossSite
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failure");
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::internal(err)
    }
}

/// The text of an error in `locale`, with its details filled in.
pub fn error_text(locale: Locale, error: &AppError) -> String {
    let (key, name, value) = match error {
        AppError::Unauthenticated => (Key::ErrUnauthenticated, "", String::new()),
        AppError::Forbidden { resource } => (Key::ErrForbidden, "{resource}", resource.clone()),
        AppError::CrossSite => (Key::ErrCrossSite, "", String::new()),
        AppError::FormExpired => (Key::ErrFormExpired, "", String::new()),
        AppError::InvalidCredentials => (Key::ErrInvalidCredentials, "", String::new()),
        AppError::Locked { minutes } => (Key::ErrLocked, "{minutes}", minutes.to_string()),
        AppError::TooManyAttempts { minutes } => {
            (Key::ErrTooManyAttempts, "{minutes}", minutes.to_string())
        }
        AppError::TooManyRequests { minutes } => {
            (Key::ErrTooManyRequests, "{minutes}", minutes.to_string())
        }
        AppError::ResetThrottled => (Key::ErrResetThrottled, "", String::new()),
        AppError::AccountLocked => (Key::ErrAccountLocked, "", String::new()),
        AppError::NotConfirmed => (Key::ErrNotConfirmed, "", String::new()),
        AppError::Validation { .. } => (Key::ErrValidation, "", String::new()),
        AppError::NotFound(what) => (Key::ErrNotFound, "{what}", what.text(locale)),
        AppError::Conflict => (Key::ErrConflict, "", String::new()),
        AppError::BadRequest(_) => (Key::ErrBadRequest, "", String::new()),
        AppError::Internal => (Key::ErrInternal, "", String::new()),
        AppError::Network(_) => (Key::ErrNetwork, "", String::new()),
    };
    let text = crate::i18n::tr(locale, key);
    if name.is_empty() {
        text.to_string()
    } else {
        text.replace(name, &value)
    }
}

/// Axum middleware: a server function's error answers with its own status. The error
/// body is the `AppError` as JSON, which server_fn sends as 500 whatever the error; this
/// is the one place that gives it its own status, so no server function sets it (and none
/// can forget to). Small error bodies only are read; anything else passes untouched.
#[cfg(feature = "ssr")]
pub async fn error_status(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let response = next.run(request).await;
    if response.status() != axum::http::StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = axum::http::StatusCode::from_u16(err.status_code()) {
            parts.status = status;
        }
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Give the response being built (server function or page) the status of `err`.
#[cfg(feature = "ssr")]
pub fn set_response_status(err: &AppError) {
    if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(err.status_code()) {
            opts.set_status(code);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_translated_with_their_details() {
        let locked = AppError::Locked { minutes: 30 };
        // English text equals the error's own Display (what logs and the CLI show).
        assert_eq!(error_text(Locale::En, &locked), locked.to_string());
        assert_eq!(
            error_text(Locale::Fr, &locked),
            "Ce compte est verrouillé après trop de tentatives de connexion échouées. Réessayez dans 30 minute(s)."
        );
        let denied = AppError::Forbidden {
            resource: "Magento_Customer::group".into(),
        };
        assert_eq!(error_text(Locale::En, &denied), denied.to_string());
        assert!(error_text(Locale::Nl, &denied).contains("Magento_Customer::group"));
    }
}
