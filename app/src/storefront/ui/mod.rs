//! Storefront layout: header (store switcher, Sign In, Create an Account), footer.

use crate::i18n::{t, use_i18n, Key, Locale};
use crate::stores::api::{load_store_context, SwitchStore};
use crate::stores::model::StoreContext;
use crate::ui::{use_busy, BusyIndicator, ErrorPanel, MarkHydrated};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;

/// Everything outside `/admin`.
#[component]
pub fn StorefrontLayout() -> impl IntoView {
    let switch = ServerAction::<SwitchStore>::new();
    use_busy().track(move || switch.pending().get());
    let context = Resource::new(move || switch.version().get(), |_| load_store_context());
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">
            {t(Key::SkipToContent)}
        </a>
        <BusyIndicator />
        <Suspense fallback=|| view! { <p class="page-loading">{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(ctx) => {
                        i18n.locale.set(Locale::from_code(&ctx.locale));
                        view! {
                            <MarkHydrated />
                            <StoreHeader ctx=ctx.clone() switch />
                            <main id="main" class="store-main">
                                <Outlet />
                            </main>
                            <StoreFooter />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StoreHeader(ctx: StoreContext, switch: ServerAction<SwitchStore>) -> impl IntoView {
    let current = ctx.current.code.clone();
    view! {
        <header class="store-header">
            <a class="store-logo" href="/">
                {t(Key::AppName)}
            </a>
            <ActionForm action=switch attr:class="store-switcher">
                <label for="store-switcher">{t(Key::StoreView)}</label>
                <select
                    id="store-switcher"
                    name="code"
                    on:change=move |ev| {
                        switch.dispatch(SwitchStore { code: event_target_value(&ev) });
                    }
                >
                    {ctx
                        .views
                        .iter()
                        .map(|v| {
                            let label = format!("{} — {}", v.website_name, v.name);
                            view! {
                                <option value=v.code.clone() selected=v.code == current>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </ActionForm>
            <nav class="store-links" aria-label=t(Key::AccountLinks)>
                <a href="/customer/account/login">{t(Key::SignIn)}</a>
                <a href="/customer/account/create">{t(Key::CreateAccount)}</a>
            </nav>
        </header>
    }
}

#[component]
fn StoreFooter() -> impl IntoView {
    view! {
        <footer class="store-footer">
            <p>{t(Key::FooterNote)}</p>
        </footer>
    }
}

/// `/`: the storefront home page.
#[component]
pub fn StorefrontHome() -> impl IntoView {
    view! {
        <Title text=move || t(Key::StoreWelcome)().to_string() />
        <section class="hero">
            <h1>{t(Key::StoreWelcome)}</h1>
            <p>{t(Key::StoreIntro)}</p>
            <p class="hero-actions">
                <a class="button-primary" href="/customer/account/create">
                    {t(Key::CreateAccount)}
                </a>
                <a class="button-secondary" href="/customer/account/login">
                    {t(Key::SignIn)}
                </a>
            </p>
        </section>
    }
}

/// A storefront page that a later release builds.
#[component]
pub fn StorefrontPlaceholder(title: Key) -> impl IntoView {
    let label = t(title);
    view! {
        <Title text=move || label().to_string() />
        <section class="panel">
            <h1>{label}</h1>
            <p class="notice">
                <strong>{t(Key::NotAvailableTitle)}</strong>
                " — "
                {t(Key::NotAvailableBody)}
            </p>
            <a href="/">{t(Key::GoHome)}</a>
        </section>
    }
}
