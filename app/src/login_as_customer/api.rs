//! Server functions for Login as Customer, and the storefront address its links open.

use super::model::{AssistButton, LogPage, LogQuery, StartInput};
use crate::error::AppError;
use leptos::prelude::*;

/// What the customer page's Login as Customer button needs; `None` when the feature is
/// off (the page then shows no button). Refused to an admin without "Login as Customer
/// Button" (the page does not ask).
#[server(
    endpoint = "admin/login_as_customer/button",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn login_as_customer_button(customer_id: i64) -> Result<Option<AssistButton>, AppError> {
    let crate::request::Admin { state, admin } =
        crate::request::admin(crate::auth::acl::LOGIN_AS_CUSTOMER_BUTTON).await?;
    super::service::button(&state, &admin, customer_id).await
}

/// Log the request with its reason and make the one-time link (opened in a new tab).
#[server(
    endpoint = "admin/login_as_customer/start",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn start_login_as_customer(input: StartInput) -> Result<String, AppError> {
    let request = crate::request::admin(crate::auth::acl::LOGIN_AS_CUSTOMER_BUTTON).await?;
    super::service::start(&request.state, &request.admin, &request.actor(), &input).await
}

/// A page of Customers → Login as Customer Log.
#[server(
    endpoint = "admin/login_as_customer/log",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn login_as_customer_log(query: LogQuery) -> Result<LogPage, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::LOGIN_AS_CUSTOMER_LOG).await?;
    super::service::log_page(&state, &query).await
}

/// `GET /admin/login-as-customer-log/export?<grid state>`: the matching entries as CSV.
#[cfg(feature = "ssr")]
pub async fn export_file(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    headers: http::HeaderMap,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> axum::response::Response {
    use crate::ui::grid::download;
    let answer = async {
        let admin =
            download::admin(&state, &headers, crate::auth::acl::LOGIN_AS_CUSTOMER_LOG).await?;
        let query = LogQuery::from_query_string(raw.as_deref().unwrap_or(""));
        let locale = crate::i18n::Locale::from_code(&admin.view.locale);
        super::service::export_csv(&state, &query, locale).await
    }
    .await;
    download::file("login-as-customer-log.csv", answer)
}

/// `GET /login-as-customer/{secret}`: in the admin's browser, sign in as the customer
/// and go to My Account on the chosen store view; a refused link goes to a page that
/// says why. (A link, not a form: it is used once, by the tab the admin's click opened.)
#[cfg(feature = "ssr")]
pub async fn open_link(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    axum::extract::Path(secret): axum::extract::Path<String>,
    request: axum::extract::Request,
) -> axum::response::Response {
    let headers = request.headers().clone();
    // Behind a trusted proxy, the browser's address it forwarded (as every request).
    let ip = crate::request::client_ip(
        state.settings.trust_proxy,
        request.headers(),
        request.extensions(),
    );
    use crate::sessions::token::{read_cookie, set_cookie, ADMIN_COOKIE};
    use axum::response::IntoResponse;
    use http::{header, HeaderValue, StatusCode};
    let answer = async {
        let admin_token = read_cookie(&headers, ADMIN_COOKIE);
        let admin = crate::auth::service::authenticate(&state, admin_token.as_deref()).await?;
        let caller = crate::sessions::service::Caller {
            token: read_cookie(&headers, crate::accounts::service::CUSTOMER_COOKIE),
            ip,
            user_agent: headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .chars()
                .take(255)
                .collect(),
        };
        let secret: String = secret.chars().take(64).collect();
        super::service::consume(&state, admin.as_ref(), &secret, &caller).await
    }
    .await;
    let secure = crate::request::secure_request_headers(&state, &headers);
    let redirect = |to: &str| {
        let mut response =
            (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    };
    match answer {
        Ok(Ok(opened)) => {
            let mut response = redirect("/customer/account");
            // The store view chosen, remembered as the store switcher remembers it.
            let mut store =
                cookie::Cookie::build((crate::request::STORE_COOKIE, opened.store_code))
                    .path("/")
                    .same_site(cookie::SameSite::Lax)
                    .max_age(cookie::time::Duration::days(365))
                    .build();
            store.set_secure(secure);
            for cookie in [
                set_cookie(
                    crate::accounts::service::CUSTOMER_COOKIE,
                    &opened.token,
                    secure,
                ),
                store.to_string(),
            ] {
                if let Ok(v) = HeaderValue::from_str(&cookie) {
                    response.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            response
        }
        Ok(Err(outcome)) => redirect(&format!(
            "{}?reason={}",
            super::model::REFUSED_PATH,
            outcome.code()
        )),
        Err(err) => {
            tracing::error!(%err, "login as customer link failed");
            redirect(&format!("{}?reason=refused", super::model::REFUSED_PATH))
        }
    }
}
