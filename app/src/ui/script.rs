//! Which pages the server sends without their area's script (its wasm bundle).

/// Storefront pages sent without script. Everything on them works as plain HTML: each
/// form posts itself, and the server answers with the next page, or with this one and
/// the error. So a shopper on a phone signs in without downloading the storefront's
/// wasm, and the page is usable as soon as it is painted. A live storefront page that
/// links here renders the same page in the browser, as it renders any other.
const WITHOUT_SCRIPT: [&str; 2] = [
    "/customer/account/login",
    "/customer/account/forgotpassword",
];

/// Whether the page at `path` is sent without script.
pub fn sent_without(path: &str) -> bool {
    WITHOUT_SCRIPT.contains(&path)
}

/// Whether the page the server is rendering is sent without script; in the browser
/// always `false` (a page that runs script was sent with it).
pub fn this_page_without() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() {
        return sent_without(parts.uri.path());
    }
    false
}

#[cfg(test)]
mod tests {
    use super::sent_without;

    #[test]
    fn only_the_listed_storefront_pages_go_without_script() {
        assert!(sent_without("/customer/account/login"));
        // The router's own paths only (with a slash it is the not-found page).
        assert!(!sent_without("/customer/account/login/"));
        assert!(sent_without("/customer/account/forgotpassword"));
        assert!(!sent_without("/customer/account"));
        assert!(!sent_without("/customer/account/create"));
        assert!(!sent_without("/customer/account/login/extra"));
        assert!(!sent_without("/"));
        assert!(!sent_without("/admin"));
    }
}
