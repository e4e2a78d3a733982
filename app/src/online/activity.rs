//! Recording who is on the storefront, for Now Online, without slowing anyone down.
//!
//! Every storefront visitor gets a first-party cookie ([`VISITOR_COOKIE`], random, for
//! the browser session; no third party sees it). The storefront's own calls record the
//! visitor's activity: the store context every page loads, every My Account call, and
//! sign-in, registration and sign-out, which also bind the visitor to the customer (or
//! unbind it). Page views cost no extra round trip.
//!
//! Writes are throttled in memory ([`Throttle`]): one visitor is written at most once a
//! minute per server process, unless the customer signed in or out, and the write runs
//! after the response (a spawned task), so a busy database never holds a page. The
//! write is one idempotent upsert, so several server processes can record the same
//! visitor safely; Last Activity never moves back.

use super::repo::{self, Activity};
use crate::state::AppState;
use std::collections::HashMap;
use std::sync::Mutex;

/// The visitor cookie.
pub const VISITOR_COOKIE: &str = "clientele_visitor";

/// One visitor is written at most this often (seconds), unless who is signed in changes.
pub const WRITE_EVERY: i64 = 60;

/// The longest Last URL kept (characters).
pub const MAX_URL_CHARS: usize = 255;

/// Visitors remembered by one process's throttle before the stale ones are dropped.
const MAX_TRACKED: usize = 200_000;

/// When each visitor was last written by this process, and as which customer.
#[derive(Debug, Default)]
pub struct Throttle {
    written: Mutex<HashMap<String, (i64, Option<i64>)>>,
}

impl Throttle {
    /// Should `activity` be written? Yes for a visitor not written in the last minute,
    /// or whose customer changed; it then counts as written.
    pub fn due(&self, activity: &Activity) -> bool {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&(at, customer)) = written.get(&activity.visitor_key) {
            let recent = (0..WRITE_EVERY).contains(&(activity.at - at));
            if recent && customer == activity.customer_id {
                return false;
            }
        }
        if written.len() >= MAX_TRACKED {
            let stale = activity.at - WRITE_EVERY;
            written.retain(|_, (at, _)| *at > stale);
            if written.len() >= MAX_TRACKED {
                // More visitors in one minute than the map holds: start again (each is
                // then written once more, which the upsert absorbs).
                written.clear();
            }
        }
        written.insert(
            activity.visitor_key.clone(),
            (activity.at, activity.customer_id),
        );
        true
    }

    /// Mark `activity` as written (it was, outside the throttle).
    fn written(&self, activity: &Activity) {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written.insert(
            activity.visitor_key.clone(),
            (activity.at, activity.customer_id),
        );
    }
}

/// A well-formed visitor key: 32 lowercase hex digits, as [`new_key`] makes.
pub fn valid_key(key: &str) -> bool {
    key.len() == 32 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A new visitor key.
pub fn new_key() -> String {
    crate::sessions::token::new_token()
}

/// This request's activity as `customer` on `website`, when the request carries a
/// visitor cookie (a request without one records nothing).
pub fn of_request(state: &AppState, customer: Option<i64>, website: i64) -> Option<Activity> {
    let key = crate::request::cookie(VISITOR_COOKIE).filter(|k| valid_key(k))?;
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    Some(Activity {
        visitor_key: key,
        customer_id: customer,
        website_id: website,
        url: parts.as_ref().map(page_url).unwrap_or_default(),
        at: state.clock.now(),
    })
}

/// The storefront page a request comes from: the page itself for a page request, else
/// the page that made the call (its `Referer`, sent for same-origin calls), as path and
/// query; empty when unknown.
pub fn page_url(parts: &http::request::Parts) -> String {
    let path = parts.uri.path();
    let url = if parts.method == http::Method::GET && !path.starts_with("/api/") {
        parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default()
    } else {
        parts
            .headers
            .get(http::header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|referer| referer.parse::<http::Uri>().ok())
            .and_then(|uri| uri.path_and_query().map(|p| p.as_str().to_string()))
            .unwrap_or_default()
    };
    // Only storefront pages: an admin page or a call made from nowhere keeps the last.
    if !url.starts_with('/') || url == "/admin" || url.starts_with("/admin/") {
        return String::new();
    }
    url.chars()
        .filter(|c| !c.is_control())
        .take(MAX_URL_CHARS)
        .collect()
}

/// Record this request's activity as `customer` on `website` (throttled, after the
/// response).
pub fn seen(state: &AppState, customer: Option<i64>, website: i64) {
    let Some(activity) = of_request(state, customer, website) else {
        return;
    };
    if !state.visitors.due(&activity) {
        return;
    }
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(err) = repo::record(&db.pool, &activity).await {
            tracing::debug!(%err, "visitor activity not recorded");
        }
    });
}

/// Record a sign-in, registration or sign-out now, in the transaction that makes it, so
/// Now Online shows the change at once.
pub async fn bind(
    state: &AppState,
    tx: &mut crate::db::Tx<'_>,
    customer: Option<i64>,
    website: i64,
) -> Result<(), sqlx::Error> {
    let Some(activity) = of_request(state, customer, website) else {
        return Ok(());
    };
    repo::record(&mut **tx, &activity).await?;
    state.visitors.written(&activity);
    Ok(())
}

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

    fn activity(key: &str, customer: Option<i64>, at: i64) -> Activity {
        Activity {
            visitor_key: key.into(),
            customer_id: customer,
            website_id: 1,
            url: "/".into(),
            at,
        }
    }

    #[test]
    fn a_visitor_is_written_once_a_minute_unless_the_customer_changes() {
        let throttle = Throttle::default();
        assert!(throttle.due(&activity("a", None, 1_000)));
        assert!(!throttle.due(&activity("a", None, 1_030)));
        assert!(!throttle.due(&activity("a", None, 1_059)));
        assert!(throttle.due(&activity("b", None, 1_059)), "another visitor");
        assert!(throttle.due(&activity("a", Some(7), 1_059)), "signed in");
        assert!(!throttle.due(&activity("a", Some(7), 1_100)));
        assert!(
            throttle.due(&activity("a", Some(7), 1_119)),
            "a minute later"
        );
        assert!(throttle.due(&activity("a", None, 1_120)), "signed out");
    }

    #[test]
    fn pages_are_told_from_calls_files_and_the_admin() {
        assert!(storefront_page("/"));
        assert!(storefront_page("/customer/account/login"));
        assert!(!storefront_page("/admin/customers"));
        assert!(!storefront_page("/api/account/sign_in"));
        assert!(!storefront_page("/pkg/clientele.wasm"));
        assert!(!storefront_page("/sw.js"));
        assert!(!storefront_page("/healthz"));
        assert!(valid_key(&new_key()));
        assert!(!valid_key("not-a-key"));
        assert!(!valid_key(&"A".repeat(32)));
    }

    #[test]
    fn the_last_url_is_the_page_or_the_calling_page() {
        let parts = |method: &str, uri: &str, referer: Option<&str>| {
            let mut b = http::Request::builder().method(method).uri(uri);
            if let Some(r) = referer {
                b = b.header(http::header::REFERER, r);
            }
            b.body(()).unwrap().into_parts().0
        };
        assert_eq!(
            page_url(&parts("GET", "/customer/account?x=1", None)),
            "/customer/account?x=1"
        );
        assert_eq!(
            page_url(&parts(
                "POST",
                "/api/store/context",
                Some("http://shop.test/customer/address/")
            )),
            "/customer/address/"
        );
        assert_eq!(page_url(&parts("POST", "/api/store/context", None)), "");
        assert_eq!(
            page_url(&parts(
                "POST",
                "/api/x",
                Some("http://shop.test/admin/customers")
            )),
            ""
        );
        let long = format!("/{}", "é".repeat(400));
        assert_eq!(
            page_url(&parts("GET", &long.replace('é', "e"), None))
                .chars()
                .count(),
            MAX_URL_CHARS
        );
    }
}
