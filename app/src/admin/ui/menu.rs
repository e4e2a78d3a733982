//! The admin's left menu. Entries the admin's role cannot open are not shown.

use super::use_admin;
use crate::auth::acl;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_router::components::A;

struct Entry {
    href: &'static str,
    label: Key,
    resource: &'static str,
}

const CUSTOMERS: &[Entry] = &[
    Entry {
        href: "/admin/customers",
        label: Key::AllCustomers,
        resource: acl::CUSTOMERS_MANAGE,
    },
    Entry {
        href: "/admin/customers/online",
        label: Key::NowOnline,
        resource: acl::CUSTOMERS_ONLINE,
    },
    Entry {
        href: "/admin/customer-groups",
        label: Key::CustomerGroups,
        resource: acl::CUSTOMER_GROUPS,
    },
    Entry {
        href: "/admin/segments",
        label: Key::Segments,
        resource: acl::SEGMENTS,
    },
    Entry {
        href: "/admin/login-as-customer-log",
        label: Key::LoginAsCustomerLog,
        resource: acl::LOGIN_AS_CUSTOMER_LOG,
    },
    Entry {
        href: "/admin/outbox",
        label: Key::Outbox,
        resource: acl::CUSTOMERS_MANAGE,
    },
];

const MARKETING: &[Entry] = &[Entry {
    href: "/admin/email-templates",
    label: Key::EmailTemplates,
    resource: acl::EMAIL_TEMPLATES,
}];

const STORES: &[Entry] = &[
    Entry {
        href: "/admin/config",
        label: Key::Configuration,
        resource: acl::CONFIG_CUSTOMER,
    },
    Entry {
        href: "/admin/attributes/customer",
        label: Key::CustomerAttributes,
        resource: acl::CUSTOMER_ATTRIBUTES,
    },
    Entry {
        href: "/admin/attributes/address",
        label: Key::AddressAttributes,
        resource: acl::ADDRESS_ATTRIBUTES,
    },
];

const SYSTEM: &[Entry] = &[Entry {
    href: "/admin/action-log",
    label: Key::ActionLog,
    resource: acl::ACTION_LOG,
}];

/// The menu: Dashboard, Customers, Marketing, Stores, System. On a phone it is folded
/// behind a Menu button, so a page's own content starts on the first screen; it folds
/// again as soon as the admin picks an entry, before that page has loaded.
#[component]
pub fn AdminMenu() -> impl IntoView {
    let open = RwSignal::new(false);
    let hydrated = crate::ui::use_hydrated();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let on_link = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                .and_then(|e| e.closest("a").ok().flatten())
                .is_some();
            if on_link {
                open.set(false);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <nav class="admin-menu" aria-label=t(Key::MainMenu) on:click=on_click>
            <div class="menu-head">
                <a class="brand" href="/admin">
                    {t(Key::AdminTitle)}
                </a>
                <button
                    type="button"
                    class="admin-menu-button"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="admin-menu-entries"
                    disabled=move || !hydrated.get()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {t(Key::Menu)}
                </button>
            </div>
            <ul id="admin-menu-entries" class:open=move || open.get()>
                <li>
                    <A href="/admin" exact=true>
                        {t(Key::Dashboard)}
                    </A>
                </li>
                <MenuSection id="menu-customers" label=Key::Customers entries=CUSTOMERS />
                <MenuSection id="menu-marketing" label=Key::Marketing entries=MARKETING />
                <MenuSection id="menu-stores" label=Key::Stores entries=STORES />
                <MenuSection id="menu-system" label=Key::System entries=SYSTEM />
            </ul>
        </nav>
    }
}

/// A collapsible section; collapsing is client-side state (works once hydrated).
#[component]
fn MenuSection(id: &'static str, label: Key, entries: &'static [Entry]) -> impl IntoView {
    let admin = use_admin();
    let visible: Vec<&Entry> = entries
        .iter()
        .filter(|e| admin.as_ref().is_some_and(|a| a.can(e.resource)))
        .collect();
    if visible.is_empty() {
        return ().into_any();
    }
    let open = RwSignal::new(true);
    view! {
        <li class="menu-section">
            <button
                type="button"
                class="menu-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls=id
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {t(label)}
            </button>
            <ul id=id hidden=move || !open.get()>
                {visible
                    .into_iter()
                    .map(|e| {
                        let online = e.resource == acl::CUSTOMERS_ONLINE;
                        view! {
                            <li>
                                <A href=e.href exact=true>
                                    {t(e.label)}
                                    {online.then(|| view! { <crate::online::ui::OnlineBadge /> })}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </li>
    }
    .into_any()
}
