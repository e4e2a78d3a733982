//! Server functions of admin authentication.

use super::model::AdminView;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub use guard::{
    caller, current_principal, require_admin, require_signed_in, secure_request,
    secure_request_headers, set_cookie_header as set_cookie,
};

/// Sign in with email and password; sets the session cookie.
#[server(endpoint = "admin/sign_in", client = crate::auth::client::CsrfClient)]
pub async fn admin_sign_in(email: String, password: String) -> Result<(), AppError> {
    use super::{service, session};
    crate::error::with_status(
        async {
            let state = crate::state::AppState::current()?;
            let caller = caller();
            let token = service::sign_in(&state, &email, &password, &caller).await?;
            let cookie = session::set_cookie(session::ADMIN_COOKIE, &token, secure_request(&state));
            guard::set_cookie_header(&cookie);
            Ok(())
        }
        .await,
    )
}

/// End the current admin session and clear the cookie.
#[server(endpoint = "admin/sign_out", client = crate::auth::client::CsrfClient)]
pub async fn admin_sign_out() -> Result<(), AppError> {
    use super::{service, session};
    let state = crate::state::AppState::current()?;
    service::sign_out(&state, caller().token.as_deref()).await?;
    guard::set_cookie_header(&session::clear_cookie(
        session::ADMIN_COOKIE,
        secure_request(&state),
    ));
    Ok(())
}

/// Change the signed-in admin's interface language (their own preference: no ACL
/// resource needed).
#[server(endpoint = "admin/set_locale", client = crate::auth::client::CsrfClient)]
pub async fn set_admin_locale(locale: String) -> Result<(), AppError> {
    let principal = require_signed_in().await?;
    let state = crate::state::AppState::current()?;
    crate::error::with_status(
        super::service::set_admin_locale(&state, principal.view.id, &locale).await,
    )
}

/// The signed-in admin, or `None`.
#[server(endpoint = "admin/me", client = crate::auth::client::CsrfClient)]
pub async fn current_admin() -> Result<Option<AdminView>, AppError> {
    Ok(current_principal().await?.map(|p| p.view))
}

/// Reading the caller from the request inside a server function or SSR.
#[cfg(feature = "ssr")]
mod guard {
    use super::super::service::{self, AdminPrincipal, Caller};
    use super::super::session::{read_cookie, ADMIN_COOKIE};
    use crate::error::{with_status, AppError};
    use crate::state::AppState;
    use leptos::prelude::use_context;

    /// Token, IP and user agent of the current request.
    pub fn caller() -> Caller {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return Caller::default();
        };
        let trust_proxy = use_context::<AppState>().is_some_and(|s| s.settings.trust_proxy);
        // Behind a trusted proxy the client is the last address the proxy appended.
        let forwarded = trust_proxy
            .then(|| parts.headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|ip| ip.trim().to_string())
            .filter(|ip| !ip.is_empty());
        let ip = forwarded.unwrap_or_else(|| {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_default()
        });
        let user_agent = parts
            .headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(255)
            .collect();
        Caller {
            token: read_cookie(&parts.headers, ADMIN_COOKIE),
            ip,
            user_agent,
        }
    }

    /// The signed-in admin of the current request, if any.
    pub async fn current_principal() -> Result<Option<AdminPrincipal>, AppError> {
        let state = AppState::current()?;
        service::authenticate(&state, caller().token.as_deref()).await
    }

    /// The signed-in admin, who must hold `resource`. Sets 401/403 on the response
    /// otherwise. Every admin server function starts with this.
    pub async fn require_admin(resource: &str) -> Result<AdminPrincipal, AppError> {
        let principal = require_signed_in().await?;
        with_status(principal.require(resource).map(|()| principal))
    }

    /// The signed-in admin, whatever their role (for their own preferences). Sets 401
    /// on the response otherwise.
    pub async fn require_signed_in() -> Result<AdminPrincipal, AppError> {
        with_status(
            current_principal()
                .await
                .and_then(|p| p.ok_or(AppError::Unauthenticated)),
        )
    }

    /// Should cookies set on this response be `Secure`? When configured, or when a
    /// trusted proxy says the browser used HTTPS.
    pub fn secure_request(state: &AppState) -> bool {
        match use_context::<http::request::Parts>() {
            Some(parts) => secure_request_headers(state, &parts.headers),
            None => state.settings.secure_cookies,
        }
    }

    /// [`secure_request`] for a request's headers (middleware, outside Leptos).
    pub fn secure_request_headers(state: &AppState, headers: &http::HeaderMap) -> bool {
        state.settings.secure_cookies
            || (state.settings.trust_proxy
                && headers
                    .get("x-forwarded-proto")
                    .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https")))
    }

    /// Add a `Set-Cookie` header to the current response.
    pub fn set_cookie_header(value: &str) {
        if let (Some(opts), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(value),
        ) {
            opts.append_header(http::header::SET_COOKIE, value);
        }
    }
}
