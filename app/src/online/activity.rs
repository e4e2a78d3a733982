//! Recording who is on the storefront, for Now Online, without slowing anyone down.
//!
//! Every storefront visitor gets a first-party cookie ([`VISITOR_COOKIE`], random, for
//! the browser session; no third party sees it). The storefront's own calls record the
//! visitor's activity: the store context every page loads, every My Account call, and
//! sign-in, registration and sign-out, which also bind the visitor to the customer (or
//! unbind it). Page views cost no extra round trip.
//!
//! Writes are throttled in memory ([`super::throttle::Throttle`]): one visitor is written at most once a
//! minute per server process, unless the customer signed in or out, and the write runs
//! after the response (a spawned task), so a busy database never holds a page. The
//! write is one idempotent upsert, so several server processes can record the same
//! visitor safely; Last Activity never moves back.

use super::repo::{self, Activity};
use crate::state::AppState;

/// The visitor cookie.
pub const VISITOR_COOKIE: &str = "clientele_visitor";

/// The longest Last URL kept (characters).
pub const MAX_URL_CHARS: usize = 255;

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
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let key = crate::sessions::token::read_cookie(&parts.headers, VISITOR_COOKIE)
        .filter(|k| valid_key(k))?;
    Some(Activity {
        visitor_key: key,
        customer_id: customer,
        website_id: website,
        url: page_url(&parts),
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
    if !state
        .visitors
        .due(&activity.visitor_key, activity.at, activity.customer_id)
    {
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
    state
        .visitors
        .written(&activity.visitor_key, activity.at, activity.customer_id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visitor_keys_are_checked() {
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
