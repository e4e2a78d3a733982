//! The Clientele host: builds the axum router around the Leptos app, opens the
//! database, and runs the command-line tasks. Application logic lives in the `app` crate.

// Server rendering instantiates the app's deepest view types in this crate.
#![recursion_limit = "256"]

pub mod cli;
mod service_worker;

use app::routes::{AdminApp, Area, StorefrontApp};
use app::sessions::csrf;
use app::shell;
use app::state::{AppState, Settings};
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::atomic::{AtomicU64, Ordering};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// The largest request body accepted (1 MiB).
const MAX_REQUEST_BODY: usize = 1024 * 1024;

/// Open the database, apply migrations, and assemble the application state.
pub async fn open_state(
    database_url: &str,
    max_connections: u32,
    leptos_options: LeptosOptions,
    settings: Settings,
) -> anyhow::Result<AppState> {
    let db = app::db::Db::connect(database_url, max_connections).await?;
    db.migrate().await?;
    // Rows indexed before a migration added sort keys get theirs (once).
    app::customers::grid::index::backfill_sort_keys(&db).await?;
    if app::customers::grid::index::resume_after_bulk_load(&db).await? {
        tracing::warn!("an interrupted bulk load was finished: grid and search indexes rebuilt");
    }
    Ok(AppState::new(leptos_options, db, settings))
}

/// Leptos options from the `LEPTOS_*` environment, with this project's defaults.
pub fn leptos_options() -> LeptosOptions {
    match get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(err) => {
            tracing::warn!(%err, "LEPTOS_* settings incomplete; using defaults");
            LeptosOptions::builder()
                .output_name("clientele")
                .site_root("target/site")
                .build()
        }
    }
}

/// Each area's own pages (the storefront app also names the admin's paths, only to leave
/// for them in the browser). The "*any" routes are each area's 404 page: left to the
/// fallback in [`router`], which renders the whole page (layout included) before
/// answering, with status 404.
///
/// Listed once per process. Leptos lists routes by running both apps with resource loads
/// suppressed through one process-wide switch, and a resource first polled by a page
/// being served at that moment never loads: a router built while another one serves
/// (as the tests do) would leave that page's response hanging for good.
fn page_routes() -> &'static Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| {
        generate_route_list(StorefrontApp)
            .into_iter()
            .filter(|route| Area::of_path(route.path()) == Area::Storefront)
            .chain(generate_route_list(AdminApp))
            .filter(|route| !route.path().contains('*'))
            .collect()
    })
}

/// The whole HTTP surface: pages, server functions, static files, `/healthz`, with
/// CSRF protection, compression, request ids and request logging.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = page_routes().clone();
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let pkg_route = format!("/{}", options.site_pkg_dir);

    // With file hashing (release builds) every file under /pkg has a content hash in its
    // name: cache it for a year. Without (a dev build), make browsers revalidate.
    let cache_control = if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let hashed_assets = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        ))
        // The release build leaves a brotli and a gzip copy beside each file (`server
        // compress-assets`), sent as they are to browsers that accept them; the
        // compression layer leaves an encoded response alone.
        .service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        );

    Router::new()
        .route("/healthz", get(healthz))
        .route("/sw.js", get(service_worker::handler(&options)))
        .route(
            &format!("{}/{{file}}", app::i18n::CATALOGUES_PATH),
            get(app::i18n::file::serve),
        )
        .route(
            "/captcha/{token}",
            get(app::captcha::picture::handler),
        )
        .route(
            "/admin/customers/export",
            get(app::customers::grid::download::export_file),
        )
        .route(
            "/admin/customers/online/export",
            get(app::online::api::export_file),
        )
        .route(
            "/admin/login-as-customer-log/export",
            get(app::login_as_customer::api::export_file),
        )
        .route("/admin/action-log/export", get(app::action_log::api::export_file))
        .route(
            "/loginascustomer/login/{secret}",
            get(app::login_as_customer::api::open_link),
        )
        .route(
            &format!("{}/{{token}}/{{name}}", app::attributes::model::FILE_PATH),
            get(app::files::http::serve_file),
        )
        .leptos_routes(&state, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest_service(&pkg_route, hashed_assets)
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // No form or server call needs more; a larger body is refused with 413 before
        // anything reads it.
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BODY))
        // Uploads carry files: the one route past that limit, with its own.
        .route(
            app::attributes::model::FILE_PATH,
            axum::routing::post(app::files::http::upload_file).layer(RequestBodyLimitLayer::new(
                app::files::http::MAX_UPLOAD_BODY + 64 * 1024,
            )),
        )
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::guard))
        // Storefront pages give a new visitor its Now Online cookie.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::online::cookie::visitor_cookie,
        ))
        // A server function's error answers with its own status (400 for a body it could
        // not read, 422, 429, …), never a blanket 500.
        .layer(axum::middleware::from_fn(app::error::error_status))
        // A page built several times in one render asks its server calls once
        // (`request::once`, through the request's memo).
        .layer(axum::middleware::from_fn(app::request::remember))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::security::headers,
        ))
        // Answers made per request (pages, calls, exports) in gzip, not brotli: brotli's
        // encoder costs 0.6 ms more to set up than gzip's, more than the whole page
        // takes to render, and at the quality it runs at here its bytes are no fewer
        // (a returning shopper's sign-in page: 1,128 bytes in brotli, 1,217 in gzip; the
        // page with the admin's whole sheet in it: 8,839 and 8,334). Files under /pkg
        // keep their brotli copies, compressed once at build time.
        .layer(CompressionLayer::new().no_br())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<_>| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(tower_http::LatencyUnit::Millis)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(SequentialId::default()))
        .with_state(state)
}

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::error!(%err, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Request ids: a per-process random prefix plus a counter (unique across processes
/// sharing one log without needing a UUID generator).
#[derive(Clone)]
struct SequentialId {
    prefix: u32,
    next: std::sync::Arc<AtomicU64>,
}

impl Default for SequentialId {
    fn default() -> Self {
        SequentialId {
            prefix: std::process::id()
                ^ std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.subsec_nanos())
                    .unwrap_or(7),
            next: Default::default(),
        }
    }
}

impl MakeRequestId for SequentialId {
    fn make_request_id<B>(&mut self, _req: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{:08x}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}
