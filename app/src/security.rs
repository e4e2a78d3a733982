//! HTTP security headers: the Content Security Policy of every page and the headers
//! every response carries.
//!
//! Pages get a policy with a per-response nonce (Leptos generates it while rendering and
//! puts it on its hydration and streaming scripts, and the shell puts it on the
//! service-worker registration), so no inline script runs unless this server wrote it.
//! Everything else gets a policy that allows nothing, plus `nosniff`, a referrer policy,
//! `no-store` where personal data is served, and HSTS once cookies are `Secure`.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// The policy of an HTML page rendered with `nonce`. The admin may not be framed at all;
/// the storefront only by itself. `wasm-unsafe-eval` lets the browser compile the app's
/// own WebAssembly (it allows no JavaScript `eval`). Inline `style` attributes stay
/// allowed: components set widths and positions through them.
pub fn page_policy(nonce: &str, admin: bool) -> String {
    let ancestors = if admin { "'none'" } else { "'self'" };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
    )
}

/// The policy of anything that is not a page (JSON, files).
const NON_PAGE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The service worker runs under its own script's policy: it fetches and caches this
/// site's pages and files, and nothing else.
const WORKER_POLICY: &str = "default-src 'self'; frame-ancestors 'none'";

/// Paths whose answers hold personal or admin data: never stored by a browser or proxy.
fn private_path(path: &str) -> bool {
    ["/admin", "/api", "/customer"]
        .iter()
        .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
}

/// The page being rendered sends its policy (called from the shell during server
/// rendering; the nonce exists only there).
pub fn send_page_policy() {
    use leptos::prelude::use_context;
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let admin = use_context::<http::request::Parts>().is_some_and(|p| private_admin(&p.uri));
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&page_policy(&nonce, admin)),
    ) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

fn private_admin(uri: &http::Uri) -> bool {
    let path = uri.path();
    path == "/admin" || path.starts_with("/admin/")
}

/// Axum middleware adding the headers every response carries (a page's own policy is
/// kept; anything else gets the policy that allows nothing).
pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let https = crate::request::secure_request_headers(&state, request.headers());
    let mut response = next.run(request).await;
    add_headers(response.headers_mut(), &path, https);
    response
}

fn add_headers(h: &mut HeaderMap, path: &str, https: bool) {
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if path == "/sw.js" {
            WORKER_POLICY
        } else {
            NON_PAGE_POLICY
        };
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(policy),
        );
    }
    if path == "/admin" || path.starts_with("/admin/") {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if private_path(path) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_allow_only_their_own_scripts() {
        let admin = page_policy("abc", true);
        assert!(admin.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(admin.contains("frame-ancestors 'none'"));
        assert!(!admin.contains("script-src 'self' 'unsafe-inline'"));
        assert!(page_policy("abc", false).contains("frame-ancestors 'self'"));
    }

    #[test]
    fn private_answers_are_never_stored() {
        let mut h = HeaderMap::new();
        add_headers(&mut h, "/customer/account", false);
        assert_eq!(h[header::CACHE_CONTROL], "no-store");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY));
        let mut h = HeaderMap::new();
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("max-age=60"),
        );
        add_headers(&mut h, "/pkg/app.js", true);
        assert_eq!(h[header::CACHE_CONTROL], "max-age=60");
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], NON_PAGE_POLICY);
        assert!(h.contains_key(header::STRICT_TRANSPORT_SECURITY));
        assert!(private_path("/admin") && private_path("/api/x") && !private_path("/adminx"));
        let mut h = HeaderMap::new();
        add_headers(&mut h, "/sw.js", false);
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], WORKER_POLICY);
    }
}
