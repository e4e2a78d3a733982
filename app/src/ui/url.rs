//! The page's query string as state: grids keep their search, filters and sort there,
//! the customer page its open tab, so reload, Back and a pasted link restore them.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// Query parameters, in order.
pub type Params = Vec<(String, String)>;
/// Which parameter names a change owns.
pub type Owns<'a> = &'a dyn Fn(&str) -> bool;

/// Change this page's query parameters: `change(ours, pairs, new_entry)` drops the
/// parameters whose names `ours` claims, adds `pairs`, keeps the others, and navigates
/// there: a new history entry when `new_entry` (a grid's filter, which Back undoes),
/// else in place of the current one (a tab, which is not a page of its own).
pub fn use_change_query() -> impl Fn(Owns, Params, bool) + Clone {
    let params = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    move |ours, pairs, new_entry| {
        let mut all: Params = params.with_untracked(|p| {
            p.latest_values()
                .filter(|(k, _)| !ours(k))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        all.extend(pairs);
        navigate(
            &url_with(&location.pathname.get_untracked(), all),
            NavigateOptions {
                replace: !new_entry,
                scroll: false,
                ..Default::default()
            },
        );
    }
}

/// `path` with `pairs` as its query string (none when empty).
pub fn url_with(path: &str, pairs: Params) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{path}?{query}")
}
