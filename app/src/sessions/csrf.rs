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
//!
//! A form posted before the page's script has loaded (a slow phone, scripts off) cannot
//! send that header. It carries instead a hidden [`FORM_TOKEN_FIELD`] whose value must
//! equal the [`FORM_COOKIE`] cookie (a double-submit token): a page on another site can
//! neither read the cookie nor set it. The guard gives every page navigation that lacks
//! the cookie a fresh one and hands its value to the page ([`FormToken`]), which renders
//! it into the form ([`crate::ui::form::FormToken`]).

use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode};

pub use super::client::CSRF_HEADER;
pub use super::client::FORM_TOKEN_FIELD;

/// Cookie holding the form token (HttpOnly, `SameSite=Lax`).
pub const FORM_COOKIE: &str = "clientele_form";

/// The largest form body the guard reads to find the token (the sign-in and password
/// forms are a few hundred bytes).
const MAX_FORM_BODY: usize = 16 * 1024;

/// The form token of this request, in the request's extensions for the page renderer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormToken(pub String);

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

/// The browser's form cookie, when it is a token this server made (anything else is
/// ignored and replaced).
pub fn form_cookie(headers: &HeaderMap) -> Option<String> {
    super::token::read_cookie(headers, FORM_COOKIE).filter(|t| super::token::is_token(t))
}

/// A page navigation (the browser asks for HTML): where a form may be rendered.
fn navigation(method: &Method, headers: &HeaderMap) -> bool {
    *method == Method::GET
        && header(headers, "accept").is_some_and(|accept| accept.contains("text/html"))
}

fn is_form_post(headers: &HeaderMap) -> bool {
    header(headers, "content-type").is_some_and(|ct| {
        ct.split(';').next().is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    })
}

/// The body of a plain form post whose token field equals the cookie, with the token
/// field taken out; `None` when the token is missing or wrong.
fn form_with_token(body: &[u8], cookie: &str) -> Option<Vec<u8>> {
    let mut token_ok = false;
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(body) {
        if key == FORM_TOKEN_FIELD {
            token_ok = constant_time_eq(value.as_bytes(), cookie.as_bytes());
        } else {
            rest.append_pair(&key, &value);
        }
    }
    token_ok.then(|| rest.finish().into_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn refuse(why: Rejection, path: &str) -> Response {
    tracing::warn!(?why, %path, "cross-site request rejected");
    let body = serde_json::to_string(&crate::error::AppError::CrossSite).unwrap_or_default();
    (
        StatusCode::FORBIDDEN,
        [(http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// The axum middleware.
pub async fn guard(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let public_origin = state.settings.public_origin.as_deref();
    match check(req.method(), req.headers(), public_origin) {
        Ok(()) if navigation(req.method(), req.headers()) => {
            with_form_token(&state, req, next).await
        }
        Ok(()) => next.run(req).await,
        Err(Rejection::MissingProof) if is_form_post(req.headers()) => {
            plain_form_post(req, next).await
        }
        Err(why) => refuse(why, req.uri().path()),
    }
}

/// A page navigation: hand the page its form token, minting one (and its cookie) when
/// the browser has none.
async fn with_form_token(state: &AppState, mut req: Request<Body>, next: Next) -> Response {
    let existing = form_cookie(req.headers());
    let token = existing.clone().unwrap_or_else(super::token::new_token);
    let secure = crate::request::secure_request_headers(state, req.headers());
    req.extensions_mut().insert(FormToken(token.clone()));
    let mut response = next.run(req).await;
    if existing.is_none() {
        if let Ok(value) =
            http::HeaderValue::from_str(&super::token::set_cookie(FORM_COOKIE, &token, secure))
        {
            response
                .headers_mut()
                .append(http::header::SET_COOKIE, value);
        }
    }
    response
}

/// A form posted without script: passes when its token field matches the cookie.
async fn plain_form_post(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let back = back_to(req.headers());
    let Some(cookie) = form_cookie(req.headers()) else {
        return expired(&path, back);
    };
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BODY).await else {
        return refuse(Rejection::MissingProof, &path);
    };
    match form_with_token(&bytes, &cookie) {
        Some(rest) => {
            parts.headers.remove(http::header::CONTENT_LENGTH);
            next.run(Request::from_parts(parts, Body::from(rest))).await
        }
        None => expired(&path, back),
    }
}

/// The page a plain form post came from, as a path on this site (`Referer` reduced to
/// its path and query, so it can never send the browser elsewhere).
fn back_to(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(http::header::REFERER)?.to_str().ok()?;
    let after_scheme = referer.split_once("://")?.1;
    let target = after_scheme[after_scheme.find('/')?..].split('#').next()?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path.starts_with("//") || path.contains('\\') {
        return None;
    }
    let query: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != "__path" && k != "__err")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Some(crate::ui::url::url_with(path, query))
}

/// A form posted without script whose token was missing or stale (the cookie expired,
/// or was cleared after the page loaded): back to its page with "This form had expired",
/// as server_fn sends back a function's own error; the page renders a fresh token. With
/// no page to go back to, the plain refusal.
fn expired(path: &str, back: Option<String>) -> Response {
    use base64::Engine as _;
    use leptos::server_fn::error::FromServerFnError as _;
    tracing::info!(%path, "form posted with a missing or stale form token");
    let Some(back) = back else {
        return refuse(Rejection::MissingProof, path);
    };
    let error =
        base64::engine::general_purpose::URL_SAFE.encode(crate::error::AppError::FormExpired.ser());
    let separator = if back.contains('?') { '&' } else { '?' };
    let location = format!(
        "{back}{separator}{}",
        form_urlencoded::Serializer::new(String::new())
            .append_pair("__path", path)
            .append_pair("__err", &error)
            .finish()
    );
    match http::HeaderValue::from_str(&location) {
        Ok(location) => {
            (StatusCode::SEE_OTHER, [(http::header::LOCATION, location)]).into_response()
        }
        Err(_) => refuse(Rejection::MissingProof, path),
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
    fn an_expired_form_goes_back_to_its_page_on_this_site_only() {
        let back = |referer: &'static str| back_to(&headers(&[("referer", referer)]));
        assert_eq!(
            back("https://shop.test/customer/account/create?x=1&__path=a&__err=b#top"),
            Some("/customer/account/create?x=1".into())
        );
        assert_eq!(back("https://shop.test"), None);
        assert_eq!(back("https://shop.test//evil.test/x"), None);
        assert_eq!(back("/relative"), None);
        let response = expired(
            "/api/account/sign_in",
            Some("/customer/account/login".into()),
        );
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()[http::header::LOCATION].to_str().unwrap();
        assert!(location
            .starts_with("/customer/account/login?__path=%2Fapi%2Faccount%2Fsign_in&__err="));
        let response = expired("/api/account/sign_in", None);
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
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
    fn a_form_token_must_match_the_cookie_and_is_taken_out() {
        let cookie = "0123456789abcdef0123456789abcdef";
        let body = format!("email=a%40b.test&{FORM_TOKEN_FIELD}={cookie}&password=x+y");
        let rest = form_with_token(body.as_bytes(), cookie).expect("token accepted");
        assert_eq!(
            String::from_utf8(rest).unwrap(),
            "email=a%40b.test&password=x+y"
        );
        let wrong = format!("email=a&{FORM_TOKEN_FIELD}=0123456789abcdef0123456789abcdee");
        assert_eq!(form_with_token(wrong.as_bytes(), cookie), None);
        assert_eq!(form_with_token(b"email=a", cookie), None);
        assert_eq!(
            form_with_token(format!("{FORM_TOKEN_FIELD}=").as_bytes(), cookie),
            None
        );
    }

    #[test]
    fn only_server_made_tokens_are_read_from_the_cookie() {
        let h = headers(&[("cookie", "clientele_form=0123456789abcdef0123456789abcdef")]);
        assert!(form_cookie(&h).is_some());
        let h = headers(&[("cookie", "clientele_form=short")]);
        assert_eq!(form_cookie(&h), None);
        let h = headers(&[(
            "content-type",
            "application/x-www-form-urlencoded; charset=UTF-8",
        )]);
        assert!(is_form_post(&h));
        let h = headers(&[("content-type", "application/json")]);
        assert!(!is_form_post(&h));
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
