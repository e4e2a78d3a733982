//! Cross-site request forgery protection for every state-changing request.
//!
//! Leptos server functions do no CSRF check of their own (leptos issue #3786), and
//! their default encoding is a plain form post that any site could send. This tower
//! middleware runs in front of the whole router and rejects, for every method other
//! than GET/HEAD/OPTIONS:
//! - a `Sec-Fetch-Site` of `cross-site` or `same-site` (browsers set this header
//!   themselves; scripts cannot forge it);
//! - an `Origin` that is not this server's (or the configured public origin);
//! - a request with neither header (an old browser or a non-browser client) unless it
//!   carries the non-safelisted header [`CSRF_HEADER`], which a cross-site page cannot
//!   send without a CORS preflight that this server never grants.
//!
//! Session cookies are also `SameSite=Lax`, and no state changes via GET.

use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode};

pub use super::client::CSRF_HEADER;

/// Why a request was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejection {
    CrossSiteFetch,
    ForeignOrigin,
    MissingProof,
}

/// Decide whether a request may change state.
pub fn check(
    method: &Method,
    headers: &HeaderMap,
    public_origin: Option<&str>,
) -> Result<(), Rejection> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let fetch_site = header(headers, "sec-fetch-site");
    if let Some(site) = fetch_site {
        if site == "cross-site" || site == "same-site" {
            return Err(Rejection::CrossSiteFetch);
        }
    }
    let origin = header(headers, "origin");
    if let Some(origin) = origin {
        let own = header(headers, "host").is_some_and(|host| origin_matches_host(origin, host));
        let public = public_origin.is_some_and(|p| p.trim_end_matches('/') == origin);
        if !own && !public {
            return Err(Rejection::ForeignOrigin);
        }
    }
    if header(headers, CSRF_HEADER).is_none() {
        return Err(Rejection::MissingProof);
    }
    Ok(())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// `Origin: http://host:port` against `Host: host:port` (scheme-agnostic: the server may
/// sit behind a TLS proxy).
fn origin_matches_host(origin: &str, host: &str) -> bool {
    origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/').eq_ignore_ascii_case(host))
        .unwrap_or(false)
}

/// The axum middleware.
pub async fn guard(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    match check(
        req.method(),
        req.headers(),
        state.settings.public_origin.as_deref(),
    ) {
        Ok(()) => next.run(req).await,
        Err(why) => {
            tracing::warn!(?why, path = %req.uri().path(), "cross-site request rejected");
            let body =
                serde_json::to_string(&crate::error::AppError::CrossSite).unwrap_or_default();
            (
                StatusCode::FORBIDDEN,
                [(http::header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn safe_methods_always_pass() {
        let h = headers(&[("sec-fetch-site", "cross-site")]);
        assert!(check(&Method::GET, &h, None).is_ok());
    }

    #[test]
    fn same_origin_browser_calls_pass() {
        let h = headers(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
            (CSRF_HEADER, "1"),
        ]);
        assert!(check(&Method::POST, &h, None).is_ok());
    }

    #[test]
    fn same_origin_without_the_header_is_refused() {
        // A plain form post (or a forged one that fooled the other checks).
        let h = headers(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert_eq!(check(&Method::POST, &h, None), Err(Rejection::MissingProof));
    }

    #[test]
    fn cross_site_posts_are_rejected() {
        let h = headers(&[("sec-fetch-site", "cross-site"), ("host", "a.test")]);
        assert_eq!(
            check(&Method::POST, &h, None),
            Err(Rejection::CrossSiteFetch)
        );
        let h = headers(&[("origin", "https://evil.test"), ("host", "a.test")]);
        assert_eq!(
            check(&Method::POST, &h, None),
            Err(Rejection::ForeignOrigin)
        );
        let h = headers(&[("origin", "null"), ("host", "a.test")]);
        assert_eq!(
            check(&Method::POST, &h, None),
            Err(Rejection::ForeignOrigin)
        );
    }

    #[test]
    fn headerless_clients_need_the_custom_header() {
        let h = headers(&[("host", "a.test")]);
        assert_eq!(check(&Method::POST, &h, None), Err(Rejection::MissingProof));
        let h = headers(&[("host", "a.test"), (CSRF_HEADER, "1")]);
        assert!(check(&Method::POST, &h, None).is_ok());
    }

    #[test]
    fn configured_public_origin_passes() {
        let h = headers(&[
            ("origin", "https://shop.example.com"),
            ("host", "127.0.0.1:3000"),
            (CSRF_HEADER, "1"),
        ]);
        assert!(check(&Method::POST, &h, Some("https://shop.example.com/")).is_ok());
    }
}
