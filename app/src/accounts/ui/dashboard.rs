//! `/customer/account`: My Account, the account overview page.

use super::offline::{live_or_saved, use_offline, OfflineBanner};
use super::{device_owner, label, load_failed, use_store, AccountArea};
use crate::accounts::api::account_dashboard;
use crate::accounts::model::AccountOverview;
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Contact information, newsletter status and the default addresses. Loads in the
/// browser: from the server, or the device copy while offline. Signed-out visitors are
/// sent to the sign-in page (and back here after).
#[component]
pub fn AccountDashboardPage() -> impl IntoView {
    let owner = device_owner();
    let queue = use_offline();
    let data = LocalResource::new(move || {
        queue.synced.track();
        live_or_saved(owner.clone(), "dashboard", account_dashboard())
    });
    // Just registered through the form posted before the page went live (the script's
    // path thanks them with a toast).
    let store_name = use_store().map(|s| s.current.name).unwrap_or_default();
    let registered = use_query_map().with_untracked(|q| q.get("registered").is_some());
    let thanks = registered.then(|| label(Key::ThanksRegistering).replace("{store}", &store_name));
    view! {
        <AccountArea current="/customer/account" title=Key::MyAccount notice=thanks>
            <Suspense fallback=|| view! { <p>{label(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(loaded) => view! {
                            <OfflineBanner saved_at=loaded.saved_at() />
                            <DashboardBlocks dashboard=loaded.into_data() />
                        }.into_any(),
                        Err(error) => load_failed(error, "/customer/account"),
                    }
                })}
            </Suspense>
        </AccountArea>
    }
}

/// One default address, or the notice that there is none.
/// A default address printed with the store's HTML address template (made safe on the
/// server), or the sentence saying there is none.
fn address(html: Option<String>, none: Key) -> impl IntoView {
    match html {
        Some(html) => view! { <address inner_html=html></address> }.into_any(),
        None => view! { <p>{label(none)}</p> }.into_any(),
    }
}

#[component]
fn DashboardBlocks(dashboard: AccountOverview) -> impl IntoView {
    let AccountOverview {
        firstname,
        lastname,
        email,
        newsletter,
        default_billing,
        default_shipping,
    } = dashboard;
    // An admin connected as the customer (Login as Customer) cannot change the password.
    let assisted = use_context::<crate::stores::model::StoreContext>()
        .and_then(|c| c.customer)
        .is_some_and(|c| c.assisted);
    view! {
        <section class="panel" aria-labelledby="account-info-title">
            <h2 id="account-info-title">{label(Key::AccountInformation)}</h2>
            <div class="account-columns">
                <div class="box" data-block="contact">
                    <h3>{label(Key::ContactInformation)}</h3>
                    <p>{format!("{firstname} {lastname}")}<br />{email}</p>
                    <p class="box-actions">
                        <a href="/customer/account/edit">{label(Key::Edit)}</a>
                        {(!assisted).then(|| view! {
                            <a href="/customer/account/edit?changepass=1">{label(Key::ChangePassword)}</a>
                        })}
                    </p>
                </div>
                <div class="box" data-block="newsletter">
                    <h3>{label(Key::Newsletters)}</h3>
                    <p>{label(if newsletter { Key::Subscribed } else { Key::NotSubscribed })}</p>
                </div>
            </div>
        </section>
        <section class="panel" aria-labelledby="address-book-title">
            <h2 id="address-book-title">
                {label(Key::AddressBook)}
                <a class="title-link" href="/customer/address">{label(Key::ManageAddresses)}</a>
            </h2>
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
