//! The HTML shell and the route tables of the two halves of the site.
//!
//! The storefront and the admin are two apps, each hydrated by its own wasm bundle
//! (`storefront` and `admin`, built by `.ci/scripts/build-site.sh`): a shopper signing
//! in never downloads the admin's grids and editors. The server renders the app of the
//! [`Area`] a path belongs to; a link from one area to the other loads a new page.
//! Within an area, the pages declared with `lazy_pages!` are chunks of its bundle,
//! downloaded when first shown.

use crate::accounts::ui::{
    AccountDashboardPage, AccountInformationPage, AddressBookPage, AddressEditPage,
    ConfirmAccountPage, CreateAccountPage, CreatePasswordPage, CustomerLoginPage,
    CustomerLogoutPage, ForgotPasswordPage,
};
use crate::action_log::ui::ActionLogPage;
use crate::admin::ui::{AdminDashboard, AdminLayout, PlaceholderPage};
use crate::attributes::model::EntityType;
use crate::attributes::ui::{self as attributes, AttributeEditorPage};
use crate::config::ui::ConfigPage;
use crate::customers::edit::ui::{CustomerEditPage, CustomerNewPage};
use crate::customers::grid::ui::CustomersGridPage;
use crate::email_templates::ui::{EmailTemplatePage, EmailTemplatesPage};
use crate::groups::form::CustomerGroupPage;
use crate::groups::ui::CustomerGroupsPage;
use crate::i18n::{provide_i18n, Key};
use crate::login_as_customer::ui::{AssistLogPage, AssistRefusedPage};
use crate::mail::ui::OutboxPage;
use crate::online::ui::NowOnlinePage;
use crate::storefront::ui::{StorefrontHome, StorefrontLayout};
use crate::ui::dialog::ConfirmDialog;
use crate::ui::{provide_ui_contexts, NotFound, ToastRegion};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{lazy_route, Lazy, LazyRoute};
use leptos_router::{path, SsrMode};

/// Registers the service worker that keeps the account pages usable offline, once the
/// page has loaded: installing it downloads the storefront's lazily loaded chunks too,
/// which must not compete with the first page's own bundle.
const REGISTER_SERVICE_WORKER: &str = "if ('serviceWorker' in navigator) { \
     addEventListener('load', () => navigator.serviceWorker.register('/sw.js')); }";

/// A half of the site, with its own app and wasm bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Everything a shopper sees: the home page, sign-in, My Account.
    Storefront,
    /// Everything under `/admin`.
    Admin,
}

impl Area {
    /// The area that serves `path`.
    pub fn of_path(path: &str) -> Area {
        if path == "/admin" || path.starts_with("/admin/") {
            Area::Admin
        } else {
            Area::Storefront
        }
    }

    /// The bundle's file name under `/pkg` (before its content hash), and the name of
    /// the hash file beside the server binary is `hash-<bundle>.txt`.
    pub fn bundle(self) -> &'static str {
        match self {
            Area::Storefront => "storefront",
            Area::Admin => "admin",
        }
    }

    /// The site options that make Leptos's hydration script load this area's bundle.
    fn bundle_options(self, options: &LeptosOptions) -> LeptosOptions {
        let mut options = options.clone();
        options.output_name = self.bundle().into();
        options.hash_file = format!("hash-{}.txt", self.bundle()).into();
        options
    }

    /// The area of the page being rendered (from the request on the server).
    fn current() -> Area {
        #[cfg(feature = "ssr")]
        if let Some(parts) = use_context::<http::request::Parts>() {
            return Area::of_path(parts.uri.path());
        }
        Area::Storefront
    }
}

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::security::send_page_policy();
    // For the lazily loaded pages, which name their chunks ([`preload_lazy_page`]).
    #[cfg(feature = "ssr")]
    provide_context(options.clone());
    let area = Area::current();
    let nonce = leptos::nonce::use_nonce();
    // A page that works as plain HTML (the sign-in page) is sent without its bundle, and
    // without the data the bundle would hydrate from (as in Leptos's islands mode, the
    // page's resources are not written into it).
    let scripted = !crate::ui::script::this_page_without();
    if !scripted {
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
    }
    // The offline copies are the storefront's; the admin pages do not install the worker,
    // nor do pages sent without script (installing it downloads the storefront's whole
    // bundle, which would compete with a phone's sign-in).
    // A module script runs once the page is parsed: a classic one here, after the
    // stylesheet, would stop the parser until the stylesheet arrived.
    let service_worker = (area == Area::Storefront && scripted).then(|| {
        view! { <script type="module" nonce=nonce inner_html=REGISTER_SERVICE_WORKER></script> }
    });
    #[cfg(feature = "ssr")]
    let stylesheet = (area == Area::Storefront)
        .then(|| storefront_stylesheet(&options))
        .flatten();
    #[cfg(not(feature = "ssr"))]
    let stylesheet: Option<StorefrontStylesheet> = None;
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <meta name="clientele-catalogues" content=crate::i18n::catalogue_version() />
                <AutoReload options=options.clone() />
                {scripted.then(|| view! { <BundleScripts options=options.clone() area /> })}
                {match stylesheet {
                    Some(StorefrontStylesheet { sheet, in_page: true }) => {
                        view! {
                            <style id="clientele-style" inner_html=sheet.css></style>
                            <link rel="prefetch" href=sheet.href r#as="style" />
                        }
                            .into_any()
                    }
                    Some(StorefrontStylesheet { sheet, in_page: false }) => {
                        view! { <link rel="stylesheet" href=sheet.href /> }.into_any()
                    }
                    None => view! { <HashedStylesheet options id="leptos" /> }.into_any(),
                }}
                <MetaTags />
                {service_worker}
            </head>
            // `data-script="none"`: for the browser tests, which wait for a page to be
            // live (`data-hydrated`) or to have been sent without script.
            <body data-script=(!scripted).then_some("none")>
                {match area {
                    Area::Storefront => view! { <StorefrontApp /> }.into_any(),
                    Area::Admin => view! { <AdminApp /> }.into_any(),
                }}
            </body>
        </html>
    }
}

/// The storefront's stylesheet in a release build (`storefront.<hash>.css`: the admin's
/// sheet without its admin-only rules, `.ci/scripts/minify-css.mjs --storefront`): its
/// text, its URL and its hash.
#[derive(Clone)]
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
struct StylesheetFile {
    css: std::sync::Arc<str>,
    href: std::sync::Arc<str>,
    hash: std::sync::Arc<str>,
}

/// How a storefront page carries its stylesheet: in the page, or linked.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
struct StorefrontStylesheet {
    sheet: StylesheetFile,
    in_page: bool,
}

/// The cookie that says which stylesheet this browser has been sent (its hash).
#[cfg(feature = "ssr")]
const STYLESHEET_COOKIE: &str = "clientele_css";

/// The storefront's own stylesheet for this page, in the page when it is a browser's
/// first storefront page of this build (`None`: a build without hashed files, whose
/// pages link the whole sheet).
///
/// A shopper's first page carries the stylesheet, so it is painted when it arrives, not
/// one round trip later when its stylesheet does (on a slow mobile connection that trip
/// is two seconds). That page also asks the browser to fetch the file when idle
/// (`rel=prefetch`: cached for a year, immutable) and sets a cookie naming its hash.
/// Later pages, seeing the cookie, link the cached file: 1 KB over the wire instead of
/// 4, and the server no longer compresses the stylesheet again for each of them (most
/// of a page's cost). A new build's stylesheet has a new hash, so the next page carries
/// it again. Admin pages, used again and again from one browser, link the whole sheet.
#[cfg(feature = "ssr")]
fn storefront_stylesheet(options: &LeptosOptions) -> Option<StorefrontStylesheet> {
    let sheet = storefront_sheet_file(options)?;
    let parts = use_context::<http::request::Parts>();
    let headers = parts.as_ref().map(|p| &p.headers);
    let sent = headers
        .and_then(|h| crate::sessions::token::read_cookie(h, STYLESHEET_COOKIE))
        .is_some_and(|hash| *hash == *sheet.hash);
    if !sent {
        let secure = match (use_context::<crate::state::AppState>(), headers) {
            (Some(state), Some(headers)) => crate::request::secure_request_headers(&state, headers),
            _ => false,
        };
        let cookie = cookie::Cookie::build((STYLESHEET_COOKIE, sheet.hash.to_string()))
            .path("/")
            .http_only(true)
            .same_site(cookie::SameSite::Lax)
            .secure(secure)
            .max_age(cookie::time::Duration::days(365))
            .build();
        crate::request::set_cookie(&cookie.to_string());
    }
    Some(StorefrontStylesheet {
        sheet,
        in_page: !sent,
    })
}

/// The storefront's [`StylesheetFile`] in a release build (`hash_files`; its hash in
/// `hash-storefront.txt`), read once per site: a page costs no file read; `None` when
/// it cannot be read.
#[cfg(feature = "ssr")]
fn storefront_sheet_file(options: &LeptosOptions) -> Option<StylesheetFile> {
    static READ: ReadOnce<StylesheetFile> = std::sync::Mutex::new(None);
    read_once(&READ, options, || {
        let bundle = Area::Storefront.bundle();
        let hash = hash_of(&format!("hash-{bundle}.txt"), "css")?;
        let name = format!("{bundle}.{hash}.css");
        let path = std::path::Path::new(options.site_root.as_ref())
            .join(options.site_pkg_dir.as_ref())
            .join(&name);
        Some(StylesheetFile {
            css: std::fs::read_to_string(path).ok()?.into(),
            href: format!("/{}/{name}", options.site_pkg_dir).into(),
            hash: hash.into(),
        })
    })
}

/// The script URL, wasm URL and starting script of each area's bundle in a release
/// build, from its `hash-<bundle>.txt` (`dir: <hash>`: the bundle's directory under
/// `/pkg`, which also holds its lazily loaded chunks); built once per site, as a page
/// writes them.
#[cfg(feature = "ssr")]
fn bundle_tags(options: &LeptosOptions, area: Area) -> Option<BundleTags> {
    static READ: ReadOnce<[BundleTags; 2]> = std::sync::Mutex::new(None);
    let tags = read_once(&READ, options, || {
        let tags = |area: Area| {
            let (bundle, dir) = (area.bundle(), bundle_dir(options, area)?);
            let (js, wasm) = (format!("{dir}/{bundle}.js"), format!("{dir}/{bundle}.wasm"));
            let start = format!(
                "import init, {{ hydrate }} from '{js}'; \
                 init({{ module_or_path: '{wasm}' }}).then(() => hydrate());"
            );
            Some(BundleTags {
                js: js.into(),
                wasm: wasm.into(),
                start: start.into(),
            })
        };
        Some([tags(Area::Storefront)?, tags(Area::Admin)?])
    })?;
    let [storefront, admin] = tags;
    Some(match area {
        Area::Storefront => storefront,
        Area::Admin => admin,
    })
}

/// The URL path of `area`'s bundle directory in a release build, `/pkg/<bundle>.<hash>`
/// (from its `hash-<bundle>.txt`); the same path under the site root on disk.
#[cfg(feature = "ssr")]
fn bundle_dir(options: &LeptosOptions, area: Area) -> Option<String> {
    let bundle = area.bundle();
    let hash = hash_of(&format!("hash-{bundle}.txt"), "dir")?;
    Some(format!("/{}/{bundle}.{hash}", options.site_pkg_dir))
}

/// What [`BundleScripts`] writes for a release build's bundle (shared, not copied, by
/// every page).
#[cfg(feature = "ssr")]
#[derive(Clone)]
struct BundleTags {
    js: std::sync::Arc<str>,
    wasm: std::sync::Arc<str>,
    start: std::sync::Arc<str>,
}

/// While the server renders a lazily loaded page (`lazy_pages!`), its head asks the
/// browser for the page's chunks (`<link rel="preload">`), so they download beside the
/// main module instead of after it; the page is made live once both are in. The chunks
/// are read from the bundle's `__wasm_split_manifest.json` (written by
/// `.ci/scripts/split-manifest.mjs`), in which the page's view is
/// `__<route type in snake case>_view_<hash>`. Nothing for a build without hashed files.
#[cfg(feature = "ssr")]
fn preload_lazy_page(route: &str) {
    use leptos_meta::Link;
    let Some(options) = use_context::<LeptosOptions>() else {
        return;
    };
    if crate::ui::script::this_page_without() {
        return;
    }
    let Some(split) = split_manifest(&options, Area::current()) else {
        return;
    };
    let (dir, manifest) = &*split;
    let prefix = format!("__{}_view_", snake_case(route));
    let files = manifest
        .iter()
        .find(|(name, _)| name.starts_with(&prefix))
        .map(|(_, files)| files.as_slice())
        .unwrap_or_default();
    for file in files {
        // Registered in the head by leptos_meta; nothing is written in place.
        let _ = view! {
            <Link
                rel="preload"
                href=format!("{dir}/{file}")
                as_="fetch"
                type_="application/wasm"
                crossorigin=""
            />
        }
        .to_html();
    }
}

/// A bundle's directory under `/pkg`, and the chunks of each of its lazy functions.
#[cfg(feature = "ssr")]
type SplitManifest = (String, std::collections::HashMap<String, Vec<String>>);

/// The [`SplitManifest`] of `area`'s bundle in a release build, both read once per site.
#[cfg(feature = "ssr")]
fn split_manifest(options: &LeptosOptions, area: Area) -> Option<std::sync::Arc<SplitManifest>> {
    static READ: ReadOnce<[Option<std::sync::Arc<SplitManifest>>; 2]> = std::sync::Mutex::new(None);
    let read = |area: Area| {
        let dir = bundle_dir(options, area)?;
        let path = std::path::Path::new(options.site_root.as_ref())
            .join(dir.trim_start_matches('/'))
            .join("__wasm_split_manifest.json");
        let manifest = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
        Some(std::sync::Arc::new((dir, manifest)))
    };
    let [storefront, admin] = read_once(&READ, options, || {
        Some([read(Area::Storefront), read(Area::Admin)])
    })?;
    match area {
        Area::Storefront => storefront,
        Area::Admin => admin,
    }
}

/// `AddressBookRoute` → `address_book_route`, as Leptos names a lazy route's view.
#[cfg(feature = "ssr")]
fn snake_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            snake.push('_');
        }
        snake.push(c.to_ascii_lowercase());
    }
    snake
}

/// What a release build's site files give, read once: the files of a running server's
/// site do not change, so the value is kept for as long as the site is the same.
#[cfg(feature = "ssr")]
type ReadOnce<T> = std::sync::Mutex<Option<((std::sync::Arc<str>, std::sync::Arc<str>), T)>>;

/// The value in `cell` for this site, or `read`'s (kept when it gives one); `None` for a
/// build without hashed files.
#[cfg(feature = "ssr")]
fn read_once<T: Clone>(
    cell: &ReadOnce<T>,
    options: &LeptosOptions,
    read: impl FnOnce() -> Option<T>,
) -> Option<T> {
    if !options.hash_files {
        return None;
    }
    let site = (options.site_root.clone(), options.site_pkg_dir.clone());
    let mut kept = cell.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((at, value)) = kept.as_ref() {
        if *at == site {
            return Some(value.clone());
        }
    }
    let value = read()?;
    *kept = Some((site, value.clone()));
    Some(value)
}

/// The hash of `kind` (`css`, `js`, `wasm`) in hash file `file`, which the build writes
/// beside the server binary (where Leptos reads it too).
#[cfg(feature = "ssr")]
fn hash_of(file: &str, kind: &str) -> Option<String> {
    let path = std::env::current_exe().ok()?.parent()?.join(file);
    let text = std::fs::read_to_string(path).ok()?;
    let hash = hash_entries(&text)
        .find(|(name, _)| *name == kind)
        .map(|(_, hash)| hash.to_string());
    hash
}

/// The `kind: hash` lines of a hash file's text (`css: 1a2b…`), trimmed.
#[cfg(feature = "ssr")]
pub fn hash_entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|line| {
        let (kind, hash) = line.split_once(':')?;
        Some((kind.trim(), hash.trim()))
    })
}

/// The script that loads and hydrates `area`'s bundle, with hints that start both
/// downloads while the page is still arriving. A release build names the files from
/// its hash file, read once; other builds let Leptos name them.
#[component]
fn BundleScripts(options: LeptosOptions, area: Area) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(BundleTags { js, wasm, start }) = bundle_tags(&options, area) {
        let nonce = leptos::nonce::use_nonce();
        return view! {
            <link rel="modulepreload" href=js />
            <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
            <script type="module" nonce=nonce inner_html=start></script>
        }
        .into_any();
    }
    view! { <HydrationScripts options=area.bundle_options(&options) /> }.into_any()
}

/// What both apps share: contexts, the page title, toasts and the confirm dialog.
#[component]
fn Frame(children: Children) -> impl IntoView {
    provide_meta_context();
    provide_i18n();
    provide_ui_contexts();
    view! {
        <Title formatter=|title: String| {
            if title.is_empty() { "Clientele".to_string() } else { format!("{title} · Clientele") }
        } />
        <ToastRegion />
        <ConfirmDialog />
        {children()}
    }
}

/// A path of the other area, reached by a link or a navigation inside this app: the
/// browser loads it as a new page, which the other area's app serves. (The server never
/// renders this: it picks the app by the path.)
#[component]
fn OtherArea() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        let target = format!(
            "{}{}",
            location.pathname.get_untracked(),
            location.search.get_untracked()
        );
        let _ = window().location().set_href(&target);
    }
}

/// A page the browser downloads the code of when it is first shown: its own chunk of its
/// area's wasm (`.ci/scripts/build-site.sh` splits each bundle), so a shopper's sign-in
/// page does not wait for the account, the address book and the registration form, nor
/// the admin's customers grid for the customer editor and the settings. A page served
/// first is rendered on the server as any other, and its head asks the browser for the
/// page's chunks beside the main module ([`preload_lazy_page`]): it is made live once
/// they are in.
macro_rules! lazy_pages {
    ($($route:ident => $view:expr,)*) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                #[cfg(feature = "ssr")]
                preload_lazy_page(stringify!($route));
                $route
            }

            fn view(_route: Self) -> AnyView {
                $view.into_any()
            }
        }
    )*};
}

lazy_pages! {
    HomeRoute => view! { <StorefrontHome /> },
    LogoutRoute => view! { <CustomerLogoutPage /> },
    CreateAccountRoute => view! { <CreateAccountPage /> },
    ConfirmAccountRoute => view! { <ConfirmAccountPage /> },
    ForgotPasswordRoute => view! { <ForgotPasswordPage /> },
    CreatePasswordRoute => view! { <CreatePasswordPage /> },
    AccountDashboardRoute => view! { <AccountDashboardPage /> },
    AccountInformationRoute => view! { <AccountInformationPage /> },
    AddressBookRoute => view! { <AddressBookPage /> },
    AddressEditRoute => view! { <AddressEditPage /> },
    AssistRefusedRoute => view! { <AssistRefusedPage /> },
}

lazy_pages! {
    CustomerNewRoute => view! { <CustomerNewPage /> },
    CustomerEditRoute => view! { <CustomerEditPage /> },
    OutboxRoute => view! { <OutboxPage /> },
    NowOnlineRoute => view! { <NowOnlinePage /> },
    CustomerGroupsRoute => view! { <CustomerGroupsPage /> },
    CustomerGroupRoute => view! { <CustomerGroupPage /> },
    AssistLogRoute => view! { <AssistLogPage /> },
    ActionLogRoute => view! { <ActionLogPage /> },
    ConfigRoute => view! { <ConfigPage /> },
    EmailTemplatesRoute => view! { <EmailTemplatesPage /> },
    EmailTemplateRoute => view! { <EmailTemplatePage /> },
    CustomerAttributesRoute => view! { <attributes::CustomerAttributesPage /> },
    CustomerAttributeRoute => view! { <AttributeEditorPage entity=EntityType::Customer /> },
    AddressAttributesRoute => view! { <attributes::AddressAttributesPage /> },
    AddressAttributeRoute => view! { <AttributeEditorPage entity=EntityType::Address /> },
}

/// The storefront: the home page and the shopper's account.
#[component]
pub fn StorefrontApp() -> impl IntoView {
    view! {
        <Frame>
            <Router>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/admin") view=OtherArea />
                    <Route path=path!("/admin/*any") view=OtherArea />
                    // Storefront pages are sent whole once their data is read (async mode), as
                    // admin pages are: their reads take about a millisecond, streaming them
                    // gained nothing, and the server did twice the work (measured: 876 → 1,444
                    // sign-in pages a second at 50 connections).
                    <ParentRoute path=path!("") view=StorefrontLayout ssr=SsrMode::Async>
                        <Route path=path!("") view={Lazy::<HomeRoute>::new()} />
                        <Route path=path!("customer/account/login") view=CustomerLoginPage />
                        <Route path=path!("customer/account/logout") view={Lazy::<LogoutRoute>::new()} />
                        <Route path=path!("customer/account/create") view={Lazy::<CreateAccountRoute>::new()} />
                        <Route path=path!("customer/account/confirm") view={Lazy::<ConfirmAccountRoute>::new()} />
                        <Route path=path!("customer/account/forgotpassword") view={Lazy::<ForgotPasswordRoute>::new()} />
                        <Route path=path!("customer/account/createpassword") view={Lazy::<CreatePasswordRoute>::new()} />
                        <Route path=path!("customer/account") view={Lazy::<AccountDashboardRoute>::new()} />
                        <Route path=path!("customer/account/edit") view={Lazy::<AccountInformationRoute>::new()} />
                        <Route path=path!("customer/address") view={Lazy::<AddressBookRoute>::new()} />
                        <Route path=path!("customer/address/new") view={Lazy::<AddressEditRoute>::new()} />
                        <Route path=path!("customer/address/edit/:id") view={Lazy::<AddressEditRoute>::new()} />
                        <Route path=path!("loginascustomer/refused") view={Lazy::<AssistRefusedRoute>::new()} />
                        <Route path=path!("*any") view=|| view! { <NotFound /> } />
                    </ParentRoute>
                </Routes>
            </Router>
        </Frame>
    }
}

/// The admin: every page under `/admin`.
#[component]
pub fn AdminApp() -> impl IntoView {
    // The customer editor is what an admin opens most from the grid: its chunks are
    // fetched once the page is live, so opening a customer does not wait for them.
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        leptos::task::spawn_local(<CustomerEditRoute as LazyRoute>::preload());
    });
    view! {
        <Frame>
            <Router>
                <Routes fallback=|| view! { <OtherArea /> }>
                    // Admin pages render after their data (async mode), so a denied or failed page
                    // answers with its real HTTP status, not a streamed 200.
                    <ParentRoute path=path!("/admin") view=AdminLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=AdminDashboard />
                        <Route path=path!("customers") view=CustomersGridPage />
                        <Route path=path!("customers/new") view={Lazy::<CustomerNewRoute>::new()} />
                        <Route path=path!("customers/:id/edit") view={Lazy::<CustomerEditRoute>::new()} />
                        <Route path=path!("outbox") view={Lazy::<OutboxRoute>::new()} />
                        <Route path=path!("customers/online") view={Lazy::<NowOnlineRoute>::new()} />
                        <Route path=path!("customer-groups") view={Lazy::<CustomerGroupsRoute>::new()} />
                        <Route path=path!("customer-groups/new") view={Lazy::<CustomerGroupRoute>::new()} />
                        <Route path=path!("customer-groups/:id/edit") view={Lazy::<CustomerGroupRoute>::new()} />
                        <Route
                            path=path!("segments")
                            view=|| view! { <PlaceholderPage title=Key::Segments /> }
                        />
                        <Route path=path!("login-as-customer-log") view={Lazy::<AssistLogRoute>::new()} />
                        <Route path=path!("action-log") view={Lazy::<ActionLogRoute>::new()} />
                        <Route path=path!("config") view={Lazy::<ConfigRoute>::new()} />
                        <Route path=path!("email-templates") view={Lazy::<EmailTemplatesRoute>::new()} />
                        <Route path=path!("email-templates/new") view={Lazy::<EmailTemplateRoute>::new()} />
                        <Route path=path!("email-templates/:id/edit") view={Lazy::<EmailTemplateRoute>::new()} />
                        <Route path=path!("attributes/customer") view={Lazy::<CustomerAttributesRoute>::new()} />
                        <Route path=path!("attributes/customer/new") view={Lazy::<CustomerAttributeRoute>::new()} />
                        <Route path=path!("attributes/customer/:id/edit") view={Lazy::<CustomerAttributeRoute>::new()} />
                        <Route path=path!("attributes/customer/system/:code") view={Lazy::<CustomerAttributeRoute>::new()} />
                        <Route path=path!("attributes/address") view={Lazy::<AddressAttributesRoute>::new()} />
                        <Route path=path!("attributes/address/new") view={Lazy::<AddressAttributeRoute>::new()} />
                        <Route path=path!("attributes/address/:id/edit") view={Lazy::<AddressAttributeRoute>::new()} />
                        <Route path=path!("attributes/address/system/:code") view={Lazy::<AddressAttributeRoute>::new()} />
                        <Route path=path!("*any") view=|| view! { <NotFound admin=true /> } />
                    </ParentRoute>
                </Routes>
            </Router>
        </Frame>
    }
}

#[cfg(test)]
mod tests {
    use super::Area;

    #[test]
    fn paths_under_admin_are_the_admin_area() {
        assert_eq!(Area::of_path("/admin"), Area::Admin);
        assert_eq!(Area::of_path("/admin/customers/7/edit"), Area::Admin);
        assert_eq!(Area::of_path("/"), Area::Storefront);
        assert_eq!(Area::of_path("/customer/account/login"), Area::Storefront);
        // Only the /admin segment itself, not a page that starts with the same letters.
        assert_eq!(Area::of_path("/administrator"), Area::Storefront);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_lazy_route_is_found_under_the_name_leptos_gives_its_view() {
        // The names in a built bundle's manifest (`__<snake>_view_<hash>`).
        assert_eq!(super::snake_case("AddressBookRoute"), "address_book_route");
        assert_eq!(super::snake_case("HomeRoute"), "home_route");
        assert_eq!(
            super::snake_case("CustomerAttributesRoute"),
            "customer_attributes_route"
        );
    }
}
