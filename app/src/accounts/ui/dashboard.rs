//! `/customer/account`: My Account (spec §16.1).

use super::{label, AccountNav};
use crate::accounts::api::account_dashboard;
use crate::accounts::model::Dashboard;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::{page_data, ErrorPanel};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// Contact information, newsletter status and the default addresses; signed-out
/// visitors are sent to the sign-in page (and back here after).
#[component]
pub fn AccountDashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| page_data(account_dashboard()));
    view! {
        <Title text=label(Key::MyAccount) />
        <div class="account-layout">
            <AccountNav current="/customer/account" />
            <div class="account-main">
                <h1>{label(Key::MyAccount)}</h1>
                <Suspense fallback=|| view! { <p>{label(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(dashboard) => view! { <DashboardBlocks dashboard /> }.into_any(),
                            Err(AppError::Unauthenticated) => view! {
                                <Redirect path="/customer/account/login?referer=/customer/account" />
                            }.into_any(),
                            Err(error) => view! { <ErrorPanel error /> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}

/// One default address, or the notice that there is none.
fn address(lines: Option<Vec<String>>, none: Key) -> impl IntoView {
    match lines {
        Some(lines) => view! {
            <address>
                {lines.into_iter().map(|line| view! { <span class="address-line">{line}</span> }).collect_view()}
            </address>
        }.into_any(),
        None => view! { <p>{label(none)}</p> }.into_any(),
    }
}

#[component]
fn DashboardBlocks(dashboard: Dashboard) -> impl IntoView {
    let Dashboard {
        firstname,
        lastname,
        email,
        newsletter,
        default_billing,
        default_shipping,
    } = dashboard;
    view! {
        <section class="panel" aria-labelledby="account-info-title">
            <h2 id="account-info-title">{label(Key::AccountInformation)}</h2>
            <div class="account-columns">
                <div class="box" data-block="contact">
                    <h3>{label(Key::ContactInformation)}</h3>
                    <p>{format!("{firstname} {lastname}")}<br />{email}</p>
                </div>
                <div class="box" data-block="newsletter">
                    <h3>{label(Key::Newsletters)}</h3>
                    <p>{label(if newsletter { Key::Subscribed } else { Key::NotSubscribed })}</p>
                </div>
            </div>
        </section>
        <section class="panel" aria-labelledby="address-book-title">
            <h2 id="address-book-title">{label(Key::AddressBook)}</h2>
            <div class="account-columns">
                <div class="box" data-block="default-billing">
                    <h3>{label(Key::DefaultBilling)}</h3>
                    {address(default_billing, Key::NoDefaultBillingSet)}
                </div>
                <div class="box" data-block="default-shipping">
                    <h3>{label(Key::DefaultShipping)}</h3>
                    {address(default_shipping, Key::NoDefaultShippingSet)}
                </div>
            </div>
        </section>
    }
}
