//! What a server function knows about the request it answers: the app state, who is
//! calling (admin or customer session, address, user agent), the store view, and the
//! cookies it may set. Every server function starts with one of [`admin`],
//! [`signed_in_admin`], [`storefront`] or [`customer`], which check the caller before
//! anything else runs. Errors get their HTTP status in one place, the
//! [`crate::error::error_status`] middleware, so no server function sets it by hand.

use crate::accounts::service::{CustomerPrincipal, CUSTOMER_COOKIE};
use crate::auth::service::AdminPrincipal;
use crate::error::AppError;
use crate::i18n::Key;
use crate::sessions::service::Caller;
use crate::sessions::token::{read_cookie, ADMIN_COOKIE};
use crate::state::AppState;
use crate::stores::cache::StoreViews;
use crate::stores::model::StoreViewInfo;
use leptos::prelude::use_context;

/// Cookie remembering the visitor's store view code.
pub const STORE_COOKIE: &str = "clientele_store";

/// An admin request: the state and the signed-in admin.
pub struct Admin {
    pub state: AppState,
    pub admin: AdminPrincipal,
}

impl Admin {
    /// Who this request's changes are recorded as in the action log.
    pub fn actor(&self) -> crate::action_log::service::Actor {
        crate::action_log::service::Actor::admin(&self.admin.view, &admin_caller().ip)
    }
}

/// A storefront request: the state and the store view the visitor is on.
pub struct Storefront {
    pub state: AppState,
    pub store: StoreViewInfo,
}

/// A My Account request: the state and the signed-in customer.
pub struct Customer {
    pub state: AppState,
    pub customer: CustomerPrincipal,
}

/// The app state (no caller check: public functions only).
pub fn state() -> Result<AppState, AppError> {
    AppState::current()
}

/// The signed-in admin, who must hold the ACL `resource`: 401 when nobody is signed in,
/// 403 when the role lacks it.
pub async fn admin(resource: &str) -> Result<Admin, AppError> {
    let Admin { state, admin } = signed_in_admin().await?;
    admin.require(resource)?;
    Ok(Admin { state, admin })
}

/// The signed-in admin whatever their role (their own preferences); 401 otherwise.
pub async fn signed_in_admin() -> Result<Admin, AppError> {
    let state = state()?;
    let admin = current_admin(&state)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    Ok(Admin { state, admin })
}

/// The signed-in admin of this request, if any.
pub async fn current_admin(state: &AppState) -> Result<Option<AdminPrincipal>, AppError> {
    crate::auth::service::authenticate(state, admin_caller().token.as_deref()).await
}

/// The store view this visitor is on (public).
pub async fn storefront() -> Result<Storefront, AppError> {
    let state = state()?;
    let store = current_view(&state).await?;
    Ok(Storefront { state, store })
}

/// The signed-in customer; 401 otherwise. Every My Account function starts here, and
/// acts only on this customer's own account.
pub async fn customer() -> Result<Customer, AppError> {
    let state = state()?;
    let customer = current_customer(&state)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if customer.assisted.is_none() {
        crate::online::activity::seen(&state, Some(customer.customer_id), customer.website_id);
    }
    Ok(Customer { state, customer })
}

/// The admin behind `customer`'s session when an admin opened it through Login as
/// Customer (their storefront changes are recorded as theirs), else `None`.
pub async fn assisting_admin(
    state: &AppState,
    customer: &CustomerPrincipal,
) -> Result<Option<crate::action_log::service::Actor>, AppError> {
    match customer.assisted {
        Some(log_id) => Ok(Some(
            crate::login_as_customer::session::acting_admin(state, log_id, &customer_caller().ip)
                .await?,
        )),
        None => Ok(None),
    }
}

/// The signed-in customer of this request, if any.
pub async fn current_customer(state: &AppState) -> Result<Option<CustomerPrincipal>, AppError> {
    crate::accounts::service::authenticate(state, customer_caller().token.as_deref()).await
}

/// The store view the visitor chose (cookie), else the default one.
pub async fn current_view(state: &AppState) -> Result<StoreViewInfo, AppError> {
    let views = store_views(state).await?;
    pick_view(&views)
}

/// The active store views (ordered as a switcher shows them) and the default one's id
/// (kept in memory: [`crate::stores::service`]).
pub async fn store_views(state: &AppState) -> Result<std::sync::Arc<StoreViews>, AppError> {
    Ok(crate::stores::service::views(state).await?)
}

/// What one request has worked out, for the page's other builds. Leptos builds a
/// route's page once per rendering pass (up to three for one storefront page), and each
/// build calls the page's server functions again: [`once`] answers the later calls from
/// the first. The [`remember`] middleware puts an empty one in each request; the copies
/// of the request's parts that server functions see share it.
#[derive(Clone, Default)]
pub struct RequestMemo(std::sync::Arc<std::sync::Mutex<Vec<(String, MemoCell)>>>);

type MemoCell =
    std::sync::Arc<tokio::sync::OnceCell<std::sync::Arc<dyn std::any::Any + Send + Sync>>>;

/// Middleware: give the request its [`RequestMemo`].
pub async fn remember(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    request.extensions_mut().insert(RequestMemo::default());
    next.run(request).await
}

/// `work`'s answer, computed once per request for `key` (a failure is not kept: the
/// next call tries again). Outside a request, or in one without a memo, `work` runs.
pub async fn once<T, Work, Fut>(key: String, work: Work) -> Result<T, AppError>
where
    T: Clone + Send + Sync + 'static,
    Work: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let memo = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestMemo>().cloned());
    let Some(memo) = memo else {
        return work().await;
    };
    let cell = {
        let mut cells = memo.0.lock().unwrap_or_else(|e| e.into_inner());
        match cells.iter().find(|(k, _)| *k == key) {
            Some((_, cell)) => cell.clone(),
            None => {
                let cell = MemoCell::default();
                cells.push((key, cell.clone()));
                cell
            }
        }
    };
    let value = cell
        .get_or_try_init(|| async {
            let value: std::sync::Arc<dyn std::any::Any + Send + Sync> =
                std::sync::Arc::new(work().await?);
            Ok::<_, AppError>(value)
        })
        .await?;
    value
        .downcast_ref::<T>()
        .cloned()
        .ok_or_else(|| AppError::internal("a request memo was read as another type"))
}

/// The chosen view (cookie), else the default one, else the first.
pub fn pick_view(views: &StoreViews) -> Result<StoreViewInfo, AppError> {
    let wanted = cookie(STORE_COOKIE);
    let all = &views.views;
    all.iter()
        .find(|v| Some(&v.code) == wanted.as_ref())
        .or_else(|| all.iter().find(|v| Some(v.store_id) == views.default_id))
        .or_else(|| all.first())
        .cloned()
        .ok_or_else(|| AppError::NotFound(Key::ActiveStoreView.into()))
}

/// The value of the request's cookie `name`.
pub fn cookie(name: &str) -> Option<String> {
    use_context::<http::request::Parts>().and_then(|p| read_cookie(&p.headers, name))
}

/// The admin session token, address and user agent of this request.
pub fn admin_caller() -> Caller {
    caller(ADMIN_COOKIE)
}

/// The customer session token, address and user agent of this request.
pub fn customer_caller() -> Caller {
    caller(CUSTOMER_COOKIE)
}

/// The session token in `cookie_name`, the client's address and user agent.
fn caller(cookie_name: &str) -> Caller {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Caller::default();
    };
    let trust_proxy = use_context::<AppState>().is_some_and(|s| s.settings.trust_proxy);
    let ip = client_ip(trust_proxy, &parts.headers, &parts.extensions);
    let user_agent = parts
        .headers
        .get(http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .chars()
        .take(255)
        .collect();
    Caller {
        token: read_cookie(&parts.headers, cookie_name),
        ip,
        user_agent,
    }
}

/// The client's address: behind a trusted proxy the last address the proxy appended,
/// else the connection's.
pub fn client_ip(
    trust_proxy: bool,
    headers: &http::HeaderMap,
    extensions: &http::Extensions,
) -> String {
    let forwarded = trust_proxy
        .then(|| headers.get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(|ip| ip.trim().to_string())
        .filter(|ip| !ip.is_empty());
    forwarded.unwrap_or_else(|| {
        extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_default()
    })
}

/// Should cookies set on this response be `Secure`? When configured, or when a trusted
/// proxy says the browser used HTTPS.
pub fn secure_request(state: &AppState) -> bool {
    match use_context::<http::request::Parts>() {
        Some(parts) => secure_request_headers(state, &parts.headers),
        None => state.settings.secure_cookies,
    }
}

/// [`secure_request`] for a request's headers (middleware, outside Leptos).
pub fn secure_request_headers(state: &AppState, headers: &http::HeaderMap) -> bool {
    state.settings.secure_cookies
        || (state.settings.trust_proxy
            && headers
                .get("x-forwarded-proto")
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https")))
}

/// Add a `Set-Cookie` header to the current response.
pub fn set_cookie(value: &str) {
    if let (Some(opts), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        opts.append_header(http::header::SET_COOKIE, value);
    }
}

/// Is this call a form posted by the browser itself (the page's script not loaded yet)?
/// The browser then asks for HTML, and the answer must be a redirect to a page.
pub fn plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// After a form posted without script succeeded: send the browser to `path`. (A call
/// from script gets its answer instead and the page moves on by itself.)
pub fn redirect_plain_form_post(path: &str) {
    if plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// The query parameter `name` of the page the form was posted from (`Referer`).
pub fn referer_param(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    let query = referer.split_once('?')?.1;
    form_urlencoded::parse(query.split('#').next()?.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}
