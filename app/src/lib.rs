//! Clientele: customer management for online stores.
//!
//! The crate is organised by capability (`auth`, `stores`, `groups`, `config`, …). Each
//! capability keeps its wire types in `model.rs`, its server functions in `api.rs`, its
//! server-only rules and SQL in `service.rs` / `repo.rs` (feature `ssr`) and its
//! components in `ui/`. Cross-cutting UI (layouts, toasts, the busy indicator) lives in
//! [`ui`]; the top-level router in [`routes`].

#![recursion_limit = "256"]

pub mod accounts;
pub mod action_log;
pub mod address_format;
pub mod admin;
pub mod attributes;
pub mod auth;
pub mod captcha;
pub mod config;
pub mod customers;
pub mod dates;
pub mod directory;
pub mod email_templates;
pub mod error;
pub mod files;
pub mod forms;
pub mod groups;
pub mod i18n;
pub mod login_as_customer;
pub mod mail;
pub mod online;
#[cfg(feature = "ssr")]
pub mod request;
pub mod routes;
pub mod saved_views;
pub mod sessions;
pub mod storefront;
pub mod stores;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
#[doc(hidden)]
pub mod testing;

pub use routes::shell;

/// The storefront bundle's entry: attach to a server-rendered storefront page.
#[cfg(feature = "hydrate")]
pub fn hydrate_storefront() {
    with_page_language(|| {
        // What was typed while the wasm loaded survives hydration.
        ui::typed::snapshot();
        leptos::mount::hydrate_lazy(routes::StorefrontApp);
    });
}

/// The admin bundle's entry: attach to a server-rendered admin page.
#[cfg(feature = "hydrate")]
pub fn hydrate_admin() {
    with_page_language(|| {
        ui::typed::snapshot();
        leptos::mount::hydrate_lazy(routes::AdminApp);
    });
}

/// Runs `hydrate` once the page's language can be written: at once for English, else
/// when its catalogue has loaded (the page preloads it beside the wasm).
#[cfg(feature = "hydrate")]
fn with_page_language(hydrate: impl FnOnce() + 'static) {
    let locale = i18n::page_locale();
    if locale == i18n::Locale::En {
        hydrate();
    } else {
        wasm_bindgen_futures::spawn_local(async move {
            i18n::ensure(locale).await;
            hydrate();
        });
    }
}
