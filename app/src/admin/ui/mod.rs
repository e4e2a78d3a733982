//! Admin layout: sign-in gate, left menu, header, message area, busy indicator.

mod menu;

use crate::admin::dashboard::ui::DashboardFigures;
use crate::auth::api::{current_admin, AdminSignIn, AdminSignOut, SetAdminLocale};
use crate::auth::model::AdminView;
use crate::auth::ui::{AdminSession, LoginPage};
use crate::i18n::{t, use_i18n, DocumentLanguage, Key, Locale};
use crate::ui::{
    use_busy, use_hydrated, use_toasts, BusyIndicator, ErrorPanel, MarkHydrated, NotAvailable,
    ToastKind,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;

pub use menu::AdminMenu;

/// Interface languages an admin can choose (each name in its own language).
const LOCALES: &[(&str, &str)] = &[
    ("en_US", "English"),
    ("fr_FR", "Français"),
    ("nl_NL", "Nederlands"),
    ("pt_BR", "Português (Brasil)"),
];

/// The admin signed in for this page.
pub fn use_admin() -> Option<AdminView> {
    use_context::<AdminView>()
}

/// Everything under `/admin`: the sign-in page or the admin frame.
#[component]
pub fn AdminLayout() -> impl IntoView {
    let session = AdminSession {
        sign_in: ServerAction::<AdminSignIn>::new(),
        sign_out: ServerAction::<AdminSignOut>::new(),
        set_locale: ServerAction::<SetAdminLocale>::new(),
    };
    provide_context(session);
    let busy = use_busy();
    busy.track(move || session.sign_in.pending().get());
    busy.track(move || session.sign_out.pending().get());
    busy.track(move || session.set_locale.pending().get());
    // Who is signed in is re-read after each successful sign-in or sign-out (a failed
    // attempt leaves the form, and what was typed in it, alone).
    let signed = RwSignal::new(0u32);
    Effect::new(move || {
        if matches!(session.sign_in.value().get(), Some(Ok(()))) {
            signed.update(|n| *n += 1);
        }
    });
    let toasts = use_toasts();
    Effect::new(move || {
        if matches!(session.sign_out.value().get(), Some(Ok(()))) {
            signed.update(|n| *n += 1);
            toasts.push(ToastKind::Info, t(Key::SignedOut)());
        }
    });
    Effect::new(move || {
        if matches!(session.set_locale.value().get(), Some(Ok(()))) {
            signed.update(|n| *n += 1);
        }
    });
    let admin = Resource::new(move || signed.get(), |_| current_admin());
    let i18n = use_i18n();
    view! {
        <Transition fallback=|| {
            view! { <p class="page-loading">{t(Key::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match admin.await {
                    Ok(Some(view)) => {
                        let locale = Locale::from_code(&view.locale);
                        crate::i18n::ensure(locale).await;
                        i18n.locale.set(locale);
                        view! {
                            <DocumentLanguage locale />
                            <AdminShell admin=view />
                        }
                        .into_any()
                    }
                    Ok(None) => view! {
                        <DocumentLanguage locale=i18n.locale.get_untracked() />
                        <LoginPage />
                    }
                    .into_any(),
                    Err(error) => {
                        view! {
                            <DocumentLanguage locale=i18n.locale.get_untracked() />
                            <main id="main" class="login">
                                <ErrorPanel error />
                            </main>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The frame around every admin page.
#[component]
fn AdminShell(admin: AdminView) -> impl IntoView {
    provide_context(admin.clone());
    provide_context(crate::online::ui::OnlineTotal(RwSignal::new(None)));
    let session = expect_context::<AdminSession>();
    let sign_out = session.sign_out;
    let current_locale = admin.locale.clone();
    let hydrated = use_hydrated();
    view! {
        <a class="skip-link" href="#main">
            {t(Key::SkipToContent)}
        </a>
        <BusyIndicator />
        <MarkHydrated />
        <div class="admin">
            <AdminMenu />
            <div class="admin-body">
                <header class="admin-header">
                    <span class="admin-user">
                        {t(Key::SignedInAs)} " " <strong>{admin.name.clone()}</strong>
                    </span>
                    <label class="locale-picker">
                        <span>{t(Key::InterfaceLocale)}</span>
                        <select
                            disabled=move || !hydrated.get()
                            on:change=move |ev| {
                                session
                                    .set_locale
                                    .dispatch(SetAdminLocale {
                                        locale: event_target_value(&ev),
                                    });
                            }
                        >
                            {LOCALES
                                .iter()
                                .map(|(code, name)| {
                                    view! {
                                        <option value=*code selected=*code == current_locale>
                                            {*name}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <ActionForm action=sign_out attr:class="inline-form">
                        <crate::ui::form::FormToken />
                        <button
                            type="submit"
                            class="button-secondary"
                            disabled=move || sign_out.pending().get()
                        >
                            {t(Key::SignOut)}
                        </button>
                    </ActionForm>
                </header>
                <main id="main" tabindex="-1">
                    <Outlet />
                </main>
            </div>
        </div>
    }
}

/// `/admin`: the dashboard.
#[component]
pub fn AdminDashboard() -> impl IntoView {
    let admin = use_admin();
    let (name, role) = admin.map(|a| (a.name, a.role)).unwrap_or_default();
    view! {
        <Title text=crate::i18n::text(Key::Dashboard) />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <span>{t(Key::Dashboard)}</span>
        </nav>
        <section class="panel">
            <h1>{t(Key::DashboardWelcome)} ", " {name}</h1>
            <p>{t(Key::DashboardIntro)}</p>
            <p>
                {t(Key::YourRole)} ": " <strong class="admin-role">{role}</strong>
            </p>
        </section>
        <DashboardFigures />
    }
}

/// A page of the admin menu that a later release builds.
#[component]
pub fn PlaceholderPage(title: Key) -> impl IntoView {
    let label = t(title);
    view! {
        <Title text=crate::i18n::text(title) />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <span>{label}</span>
        </nav>
        <NotAvailable title=Signal::derive(label) />
    }
}
