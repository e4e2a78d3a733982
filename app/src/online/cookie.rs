//! The visitor cookie: storefront pages give a browser without one a first-party,
//! HttpOnly cookie for the browser session, which the page's own rendering already sees.

use super::activity::{new_key, valid_key, VISITOR_COOKIE};
use crate::state::AppState;

/// Axum middleware: a storefront page request without a visitor cookie gets one (set on
/// the response, and visible to the page's own rendering).
pub async fn visitor_cookie(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let page = request.method() == http::Method::GET && storefront_page(request.uri().path());
    let has = crate::sessions::token::read_cookie(request.headers(), VISITOR_COOKIE)
        .is_some_and(|k| valid_key(&k));
    if !page || has {
        return next.run(request).await;
    }
    let key = new_key();
    let cookie_header = match request.headers().get(http::header::COOKIE) {
        Some(existing) => format!(
            "{}; {VISITOR_COOKIE}={key}",
            existing.to_str().unwrap_or("")
        ),
        None => format!("{VISITOR_COOKIE}={key}"),
    };
    if let Ok(value) = http::HeaderValue::from_str(&cookie_header) {
        request.headers_mut().insert(http::header::COOKIE, value);
    }
    let secure = crate::request::secure_request_headers(&state, request.headers());
    let mut response = next.run(request).await;
    let set = crate::sessions::token::set_cookie(VISITOR_COOKIE, &key, secure);
    if let Ok(value) = http::HeaderValue::from_str(&set) {
        response
            .headers_mut()
            .append(http::header::SET_COOKIE, value);
    }
    response
}

/// Is `path` a storefront page (not the admin, a call, a file or the service worker)?
fn storefront_page(path: &str) -> bool {
    let other = ["/admin", "/api", "/pkg", "/captcha"]
        .iter()
        .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")));
    // Files (`/favicon.ico`, `/sw.js`, `/manifest.json`) have an extension.
    let file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    !other && !file && path != "/healthz"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_told_from_calls_files_and_the_admin() {
        assert!(storefront_page("/"));
        assert!(storefront_page("/customer/account/login"));
        assert!(!storefront_page("/admin/customers"));
        assert!(!storefront_page("/api/account/sign_in"));
        assert!(!storefront_page("/pkg/clientele.wasm"));
        assert!(!storefront_page("/sw.js"));
        assert!(!storefront_page("/healthz"));
    }
}
