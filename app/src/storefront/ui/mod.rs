//! Storefront layout: header (store switcher; Sign In and Create an Account, or "Welcome,
//! name!", My Account and Sign Out), footer.

use crate::accounts::api::CustomerSignOut;
use crate::accounts::ui::offline::{forget_all, replay_when_online, OfflineQueue};
use crate::accounts::ui::SessionChanged;
use crate::i18n::{t, use_i18n, DocumentLanguage, Key, Locale};
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
    let sign_out = ServerAction::<CustomerSignOut>::new();
    use_busy().track(move || switch.pending().get());
    use_busy().track(move || sign_out.pending().get());
    // Who is signed in is read again after a sign-in, registration or sign-out.
    let session = SessionChanged(RwSignal::new(0));
    provide_context(session);
    // Changes made offline in My Account wait here and are sent once back online.
    let queue = OfflineQueue::new();
    provide_context(queue);
    replay_when_online(queue);
    let navigate = leptos_router::hooks::use_navigate();
    let toasts = crate::ui::use_toasts();
    Effect::new(move |_| {
        if matches!(sign_out.value().get(), Some(Ok(()))) {
            // Nothing of the account stays on the device.
            forget_all();
            queue.clear();
            toasts.push(crate::ui::ToastKind::Info, t(Key::SignedOutCustomer)());
            navigate("/", Default::default());
        }
    });
    let context = Resource::new(
        move || {
            (
                switch.version().get(),
                sign_out.version().get(),
                session.0.get(),
            )
        },
        |_| load_store_context(),
    );
    let i18n = use_i18n();
    let body = move || {
        Suspend::new(async move {
            match context.await {
                Ok(ctx) => {
                    let locale = Locale::from_code(&ctx.locale);
                    crate::i18n::ensure(locale).await;
                    i18n.locale.set(locale);
                    crate::accounts::ui::offline::set_copy_lifetime(ctx.offline_copy_days);
                    crate::accounts::ui::offline::follow_session(
                        ctx.customer.as_ref().map(|c| c.email.as_str()),
                    );
                    queue.open(ctx.customer.as_ref().map(|c| c.email.clone()));
                    provide_context(ctx.clone());
                    // Inside the store context: the link speaks the store view's language
                    // in the page the server sends.
                    view! {
                        <DocumentLanguage locale />
                        <a class="skip-link" href="#main">
                            {t(Key::SkipToContent)}
                        </a>
                        <MarkHydrated />
                        <StoreHeader ctx=ctx.clone() switch sign_out />
                        {ctx.customer.clone().filter(|c| c.assisted).map(|c| view! {
                            <crate::login_as_customer::ui::AssistBanner
                                name=format!("{} {}", c.firstname, c.lastname)
                                store=ctx.current.name.clone()
                                on_end=Callback::new(move |_| { sign_out.dispatch(CustomerSignOut {}); })
                            />
                        })}
                        <main id="main" class="store-main">
                            <Outlet />
                        </main>
                        <StoreFooter />
                    }
                    .into_any()
                }
                Err(error) => view! {
                    <DocumentLanguage locale=Locale::En />
                    <ErrorPanel error />
                }
                .into_any(),
            }
        })
    };
    // The server renders the page once: a closure would be called again for each of
    // Suspense's passes (resolving, then writing), building the page and starting its
    // server calls each time. The browser keeps the closure, so the header and the page
    // follow the store context when it is read again.
    #[cfg(feature = "ssr")]
    let body = body();
    view! {
        <BusyIndicator />
        <Suspense fallback=|| view! { <p class="page-loading">{t(Key::Loading)}</p> }>
            {body}
        </Suspense>
    }
}

#[component]
fn StoreHeader(
    ctx: StoreContext,
    switch: ServerAction<SwitchStore>,
    sign_out: ServerAction<CustomerSignOut>,
) -> impl IntoView {
    let current = ctx.current.code.clone();
    let hydrated = crate::ui::use_hydrated();
    let links = match ctx.customer.clone() {
        Some(customer) => {
            let welcome = crate::i18n::tr(Locale::from_code(&ctx.locale), Key::WelcomeName)
                .replace(
                    "{name}",
                    &format!("{} {}", customer.firstname, customer.lastname),
                );
            view! {
                <span class="store-welcome">{welcome}</span>
                <a href="/customer/account">{t(Key::MyAccount)}</a>
                <ActionForm action=sign_out attr:class="inline-form">
                    <crate::ui::form::FormToken />
                    <button type="submit" class="button-link">
                        {t(Key::SignOut)}
                    </button>
                </ActionForm>
            }
            .into_any()
        }
        None => view! {
            <a href="/customer/account/login">{t(Key::SignIn)}</a>
            <a href="/customer/account/create">{t(Key::CreateAccount)}</a>
        }
        .into_any(),
    };
    view! {
        <header class="store-header">
            <a class="store-logo" href="/">
                {t(Key::AppName)}
            </a>
            <ActionForm action=switch attr:class="store-switcher">
                <crate::ui::form::FormToken />
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
                // Before the page is live a change cannot send itself: this button posts the
                // form (the server switches and sends the browser back to this page).
                <button type="submit" class="button-secondary store-switch-go" hidden=move || hydrated.get()>
                    {t(Key::Switch)}
                </button>
            </ActionForm>
            <nav class="store-links" aria-label=t(Key::AccountLinks)>
                {links}
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

/// `/`: the storefront home page. It follows the session: a signed-in shopper is
/// greeted by name with the way into My Account, never offered Sign In again.
#[component]
pub fn StorefrontHome() -> impl IntoView {
    let ctx = use_context::<StoreContext>();
    let customer = ctx.and_then(|c| c.customer);
    let body = match customer {
        Some(customer) => {
            let name = format!("{} {}", customer.firstname, customer.lastname);
            view! {
                <h1>{move || t(Key::HomeWelcomeBack)().replace("{name}", &name)}</h1>
                <p>{t(Key::HomeSignedIn)}</p>
                <p class="hero-actions">
                    <a class="button-primary" href="/customer/account">
                        {t(Key::MyAccount)}
                    </a>
                    <a class="button-secondary" href="/customer/address">
                        {t(Key::AddressBook)}
                    </a>
                </p>
            }
            .into_any()
        }
        None => view! {
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
        }
        .into_any(),
    };
    view! {
        <Title text=crate::i18n::text(Key::StoreWelcome) />
        <section class="hero">{body}</section>
    }
}
