//! The HTML shell and the route table.

use crate::accounts::ui::{
    AccountDashboardPage, AccountInformationPage, AddressBookPage, AddressEditPage,
    ConfirmAccountPage, CreateAccountPage, CreatePasswordPage, CustomerLoginPage,
    CustomerLogoutPage, ForgotPasswordPage,
};
use crate::admin::ui::{AdminDashboard, AdminLayout, PlaceholderPage};
use crate::config::ui::ConfigPage;
use crate::customers::edit::ui::{CustomerEditPage, CustomerNewPage};
use crate::customers::grid::ui::CustomersGridPage;
use crate::email_templates::ui::{EmailTemplatePage, EmailTemplatesPage};
use crate::groups::form::CustomerGroupPage;
use crate::groups::ui::CustomerGroupsPage;
use crate::i18n::{provide_i18n, Key};
use crate::mail::ui::OutboxPage;
use crate::storefront::ui::{StorefrontHome, StorefrontLayout};
use crate::ui::dialog::ConfirmDialog;
use crate::ui::{provide_ui_contexts, NotFound, ToastRegion};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// Registers the service worker that keeps the account pages usable offline.
const REGISTER_SERVICE_WORKER: &str =
    "if ('serviceWorker' in navigator) { navigator.serviceWorker.register('/sw.js'); }";

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::security::send_page_policy();
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options=options.clone() />
                <HashedStylesheet options id="leptos" />
                <MetaTags />
                <script nonce=nonce inner_html=REGISTER_SERVICE_WORKER></script>
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: contexts, then routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    provide_ui_contexts();
    // The document language follows the store view / admin locale once known.
    Effect::new(move || {
        let lang = i18n.locale.get().html_lang();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang);
        }
    });

    view! {
        <Title formatter=|title: String| {
            if title.is_empty() { "Clientele".to_string() } else { format!("{title} · Clientele") }
        } />
        <ToastRegion />
        <ConfirmDialog />
        <Router>
            <Routes fallback=|| view! { <NotFound /> }>
                // Admin pages render after their data (async mode), so a denied or failed page
                // answers with its real HTTP status, not a streamed 200.
                <ParentRoute path=path!("/admin") view=AdminLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=AdminDashboard />
                    <Route path=path!("customers") view=CustomersGridPage />
                    <Route path=path!("customers/new") view=CustomerNewPage />
                    <Route path=path!("customers/:id/edit") view=CustomerEditPage />
                    <Route path=path!("outbox") view=OutboxPage />
                    <Route path=path!("customers/online") view=crate::online::ui::NowOnlinePage />
                    <Route path=path!("customer-groups") view=CustomerGroupsPage />
                    <Route path=path!("customer-groups/new") view=CustomerGroupPage />
                    <Route path=path!("customer-groups/:id/edit") view=CustomerGroupPage />
                    <Route
                        path=path!("segments")
                        view=|| view! { <PlaceholderPage title=Key::Segments /> }
                    />
                    <Route path=path!("login-as-customer-log") view=crate::login_as_customer::ui::AssistLogPage />
                    <Route path=path!("action-log") view=crate::action_log::ui::ActionLogPage />
                    <Route path=path!("config") view=ConfigPage />
                    <Route path=path!("email-templates") view=EmailTemplatesPage />
                    <Route path=path!("email-templates/new") view=EmailTemplatePage />
                    <Route path=path!("email-templates/:id/edit") view=EmailTemplatePage />
                    <Route
                        path=path!("attributes/customer")
                        view=|| view! { <PlaceholderPage title=Key::CustomerAttributes /> }
                    />
                    <Route
                        path=path!("attributes/address")
                        view=|| view! { <PlaceholderPage title=Key::AddressAttributes /> }
                    />
                    <Route path=path!("*any") view=|| view! { <NotFound admin=true /> } />
                </ParentRoute>
                <ParentRoute path=path!("") view=StorefrontLayout>
                    <Route path=path!("") view=StorefrontHome />
                    <Route path=path!("customer/account/login") view=CustomerLoginPage />
                    <Route path=path!("customer/account/logout") view=CustomerLogoutPage />
                    <Route path=path!("customer/account/create") view=CreateAccountPage />
                    <Route path=path!("customer/account/confirm") view=ConfirmAccountPage />
                    <Route path=path!("customer/account/forgotpassword") view=ForgotPasswordPage />
                    <Route path=path!("customer/account/createpassword") view=CreatePasswordPage />
                    <Route path=path!("customer/account") view=AccountDashboardPage />
                    <Route path=path!("customer/account/edit") view=AccountInformationPage />
                    <Route path=path!("customer/address") view=AddressBookPage />
                    <Route path=path!("customer/address/new") view=AddressEditPage />
                    <Route path=path!("customer/address/edit/:id") view=AddressEditPage />
                    <Route path=path!("loginascustomer/refused") view=crate::login_as_customer::ui::AssistRefusedPage />
                    <Route path=path!("*any") view=|| view! { <NotFound /> } />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
