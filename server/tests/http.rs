//! The HTTP surface, driven with `tower::ServiceExt::oneshot` against the real router
//! and a real database (SQLite and PostgreSQL).

use app::auth::acl;
use app::auth::service;
use app::both_backends;
use app::sessions::service::Caller;
use app::state::AppState;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use tower::ServiceExt;

const PASSWORD: &str = "Correct-Horse-9";
const HOST: &str = "127.0.0.1:3000";

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 4 * 1024 * 1024)
        .await
        .expect("body");
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// A plain page or file request, as a browser's address bar sends it.
fn get(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap()
}

/// A same-origin server-function call as the hydrated app makes it.
fn post(path: &str, body: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(app::sessions::csrf::CSRF_HEADER, "1");
    if let Some(token) = cookie {
        req = req.header(header::COOKIE, format!("clientele_admin={token}"));
    }
    req.body(Body::from(body.to_string())).unwrap()
}

/// The admin most tests sign in as.
async fn boss(state: &AppState) {
    service::create_admin(
        state,
        "boss@example.com",
        "Boss",
        PASSWORD,
        "Administrators",
    )
    .await
    .expect("create admin");
}

async fn token_for(state: &AppState, email: &str, role: &str) -> String {
    service::create_admin(state, email, "Admin", PASSWORD, role)
        .await
        .unwrap();
    service::sign_in(state, email, PASSWORD, &Caller::default())
        .await
        .unwrap()
}

both_backends!(healthz_checks_the_database, |state: AppState| async move {
    let app = server::router(state.clone());
    let (status, _, body) = send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    state.db.pool.close().await;
    let (status, _, _) = send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
});

both_backends!(
    the_service_worker_is_served_fresh_and_registered_by_storefront_pages,
    |state: AppState| async move {
        let app = server::router(state);
        let (status, headers, body) = send(&app, get("/sw.js")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
        assert!(headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript"));
        assert!(body.contains("const CACHE = `clientele-${VERSION}`;"));
        assert!(!body.contains("__ASSETS__"), "the asset list is filled in");
        let (_, _, page) = send(&app, get("/customer/address")).await;
        assert!(page.contains("navigator.serviceWorker.register('/sw.js')"));
        // The offline copies are the storefront's: the admin does not install it.
        let (_, _, page) = send(&app, get("/admin/customers")).await;
        assert!(!page.contains("serviceWorker"));
    }
);

/// What the admin's whole stylesheet has that the storefront's leaves out (in a test
/// site: see [`release_site`]).
const ADMIN_ONLY_RULE: &str = ".grid{color:#456}";

/// `state` serving a release build's site: a temporary site root (kept while the
/// returned directory lives) whose storefront stylesheet is `css` and whose admin
/// stylesheet is `css` and [`ADMIN_ONLY_RULE`], and the hash files Leptos reads beside
/// the binary (`c55` for the admin's stylesheet, `s55` for the storefront's, `d55` for
/// each bundle's directory; the same for every test that writes them, and pages of
/// unhashed builds never read them).
fn release_site(mut state: AppState, css: &str) -> (tempfile::TempDir, AppState) {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    std::fs::write(
        site.path().join("pkg/clientele.c55.css"),
        format!("{css}{ADMIN_ONLY_RULE}"),
    )
    .unwrap();
    std::fs::write(site.path().join("pkg/storefront.s55.css"), css).unwrap();
    let bin = std::env::current_exe().unwrap();
    let bin = bin.parent().unwrap();
    std::fs::write(bin.join("hash.txt"), "css: c55\n").unwrap();
    std::fs::write(bin.join("hash-storefront.txt"), "dir: d55\ncss: s55\n").unwrap();
    std::fs::write(bin.join("hash-admin.txt"), "dir: d55\n").unwrap();
    state.leptos_options.site_root = site.path().display().to_string().into();
    state.leptos_options.hash_files = true;
    (site, state)
}

both_backends!(
    a_release_storefront_page_carries_its_stylesheet_and_admin_pages_link_it,
    |state: AppState| async move {
        // A shopper's first page paints when it arrives, not a round trip later: it
        // carries the storefront's sheet, without the admin's rules.
        let (_site, mut state) = release_site(state, ".shop > p{color:#123}");
        let app = server::router(state.clone());
        let (_, headers, page) = send(&app, get("/customer/account/create")).await;
        assert!(
            page.contains("<style id=\"clientele-style\">.shop > p{color:#123}</style>"),
            "{page}"
        );
        assert!(!page.contains("rel=\"stylesheet\""));
        // It has the browser fetch the file when idle, and remembers which one it sent.
        assert!(
            page.contains("<link rel=\"prefetch\" href=\"/pkg/storefront.s55.css\" as=\"style\">"),
            "{page}"
        );
        let sent = set_cookie_value(&headers, "clientele_css").expect("stylesheet cookie");
        assert!(sent.starts_with("clientele_css=s55;"), "{sent}");
        for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"] {
            assert!(sent.contains(flag), "{flag}: {sent}");
        }
        // Its next page (cookie sent back) links the file, now in its cache: a few KB
        // instead of the whole stylesheet, and no cookie set again.
        for path in ["/customer/account/login", "/customer/account/create", "/"] {
            let (_, headers, page) = send(&app, html_page(path, "clientele_css=s55")).await;
            assert!(
                page.contains("rel=\"stylesheet\" href=\"/pkg/storefront.s55.css\""),
                "{path}: {page}"
            );
            assert!(!page.contains(".shop > p"), "{path}: {page}");
            assert!(!page.contains("rel=\"prefetch\""), "{path}: {page}");
            assert_eq!(set_cookie_value(&headers, "clientele_css"), None, "{path}");
        }
        // After a new build (another hash), or with a cookie that names no stylesheet,
        // the page carries the stylesheet again.
        for cookie in [
            "clientele_css=b44",
            "clientele_css=s55%3Cscript",
            "clientele_css=",
        ] {
            let (_, headers, page) = send(&app, html_page("/customer/account/login", cookie)).await;
            assert!(
                page.contains(".shop > p{color:#123}</style>"),
                "{cookie}: {page}"
            );
            assert!(!page.contains("rel=\"stylesheet\""), "{cookie}: {page}");
            assert!(!page.contains("%3Cscript"), "{cookie}: {page}");
            let sent = set_cookie_value(&headers, "clientele_css");
            assert!(
                sent.is_some_and(|c| c.starts_with("clientele_css=s55;")),
                "{cookie}"
            );
        }
        // The hashed bundle, named from its hash file, and the store view's language.
        assert!(page.contains("<html lang=\"en\">"), "{page}");
        assert!(
            page.contains("from '/pkg/storefront.d55/storefront.js'"),
            "{page}"
        );
        assert!(
            page.contains("module_or_path: '/pkg/storefront.d55/storefront.wasm'"),
            "{page}"
        );
        assert!(page.contains("rel=\"preload\" href=\"/pkg/storefront.d55/storefront.wasm\""));
        let (_, headers, page) = send(&app, get("/admin")).await;
        assert!(
            page.contains("rel=\"stylesheet\" href=\"/pkg/clientele.c55.css\""),
            "{page}"
        );
        assert!(page.contains("from '/pkg/admin.d55/admin.js'"), "{page}");
        assert!(!page.contains(".shop > p") && !page.contains(ADMIN_ONLY_RULE));
        assert_eq!(set_cookie_value(&headers, "clientele_css"), None);
        // A development build (no hashes: the stylesheet reloads live) links it.
        state.leptos_options.hash_files = false;
        let app = server::router(state);
        let (_, headers, page) = send(&app, get("/customer/account/login")).await;
        assert!(page.contains("rel=\"stylesheet\""));
        assert!(!page.contains(".shop > p"));
        assert_eq!(set_cookie_value(&headers, "clientele_css"), None);
    }
);

both_backends!(
    a_page_in_another_language_preloads_its_catalogue_and_the_server_serves_it,
    |state: AppState| async move {
        use app::config::{model::Scope, registry::LOCALE_CODE};
        use app::i18n::Key;
        let app = server::router(state.clone());
        let version = app::i18n::file::version();
        // English is in the bundle: an English page names the version, preloads nothing.
        let (_, _, page) = send(&app, get("/customer/account/create")).await;
        assert!(
            page.contains(&format!(
                "<meta name=\"clientele-catalogues\" content=\"{version}\""
            )),
            "{page}"
        );
        assert!(!page.contains("/i18n/"), "{page}");

        // A French store: its page preloads the French texts beside the wasm.
        state
            .config
            .set(LOCALE_CODE.path, "fr_FR", Scope::Default, 0)
            .await
            .unwrap();
        let (_, _, page) = send(&app, get("/customer/account/create")).await;
        assert!(page.contains("<html lang=\"fr\">"), "{page}");
        let url = format!("/i18n/fr.json?v={version}");
        assert!(
            page.contains(&format!(
                "<link as=\"fetch\" crossorigin=\"anonymous\" href=\"{url}\" rel=\"preload\">"
            )),
            "{page}"
        );
        // Every word of it in French, the skip link included.
        assert!(page.contains(">Aller au contenu principal<"), "{page}");
        assert!(!page.contains("Skip to main content"), "{page}");

        // The file: every key's text in the catalogue's order, kept for a year at its
        // version; asked at another version, revalidated.
        let (status, headers, body) = send(&app, get(&url)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(
            headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        let texts: Vec<String> = serde_json::from_str(&body).unwrap();
        assert_eq!(texts.len(), Key::ALL.len());
        assert_eq!(texts[Key::SignIn as usize], "Se connecter");
        assert_eq!(texts[Key::Password as usize], "Mot de passe");
        let (_, headers, stale) = send(&app, get("/i18n/fr.json?v=0000")).await;
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
        assert_eq!(stale, body);
        let (_, _, dutch) = send(&app, get(&format!("/i18n/nl.json?v={version}"))).await;
        let dutch: Vec<String> = serde_json::from_str(&dutch).unwrap();
        assert_eq!(dutch[Key::Password as usize], "Wachtwoord");
        let (status, _, _) = send(&app, get(&format!("/i18n/pt-BR.json?v={version}"))).await;
        assert_eq!(status, StatusCode::OK);
        // English ships in the bundle; nothing else is a catalogue.
        for path in [
            "/i18n/en.json",
            "/i18n/de.json",
            "/i18n/fr",
            "/i18n/..%2Fsw.js",
            "/i18n/fr.json.gz",
        ] {
            let (status, _, _) = send(&app, get(path)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
    }
);

both_backends!(
    the_sign_in_pages_are_sent_without_script_and_still_speak_the_store_language,
    |state: AppState| async move {
        use app::config::{model::Scope, registry::LOCALE_CODE};
        // A release build: hashed bundles and the stylesheet written into the page.
        let (_site, state) = release_site(state, "p{color:#123}");
        let app = server::router(state.clone());
        // A shopper on a phone signs in, or asks for a new password, without downloading
        // any code: the forms post themselves. Nothing to hydrate, so no hydration data.
        for path in [
            "/customer/account/login",
            "/customer/account/login?referer=%2Fcustomer%2Faccount",
            "/customer/account/forgotpassword",
        ] {
            let (status, _, page) = send(&app, get(path)).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(
                page.contains("<body data-script=\"none\">"),
                "{path}: {page}"
            );
            // (Leptos's few inline lines after the document, empty lists, stay.)
            assert!(
                !page.contains("type=\"module\""),
                "{path}: nothing loads: {page}"
            );
            assert!(!page.contains("import"), "{path}: {page}");
            assert!(!page.contains("__RESOLVED_RESOURCES=[{"), "{path}: {page}");
            assert!(!page.contains(".wasm"), "{path}: {page}");
            assert!(!page.contains("/pkg/storefront.d55/"), "{path}: {page}");
            assert!(page.contains("<style id=\"clientele-style\">p{color:#123}</style>"));
            assert!(page.contains("<form"), "{path}: {page}");
        }
        // Every other storefront page is made live by its bundle, and installs the
        // offline worker.
        for path in [
            "/",
            "/customer/account/create",
            "/customer/account/login/extra",
        ] {
            let (_, _, page) = send(&app, get(path)).await;
            assert!(!page.contains("data-script"), "{path}");
            assert!(
                page.contains("from '/pkg/storefront.d55/storefront.js'"),
                "{path}"
            );
            assert!(page.contains("navigator.serviceWorker.register"), "{path}");
        }
        // A French store view: the sign-in page is French from the server, and preloads no
        // catalogue (no script would read it).
        state
            .config
            .set(LOCALE_CODE.path, "fr_FR", Scope::Default, 0)
            .await
            .unwrap();
        let (_, _, page) = send(&app, get("/customer/account/login")).await;
        assert!(page.contains("<html lang=\"fr\">"), "{page}");
        assert!(page.contains(">Connexion client<"), "{page}");
        assert!(!page.contains("/i18n/"), "{page}");
        let (_, _, page) = send(&app, get("/customer/account/create")).await;
        assert!(page.contains("/i18n/fr.json"), "{page}");
    }
);

both_backends!(
    storefront_pages_load_the_storefront_bundle_and_admin_pages_the_admin_one,
    |state: AppState| async move {
        let app = server::router(state);
        for path in [
            "/",
            "/customer/account/create",
            "/customer/address",
            "/no-such-page",
        ] {
            let (_, _, page) = send(&app, get(path)).await;
            assert!(page.contains("/pkg/storefront.js"), "{path}");
            assert!(
                !page.contains("/pkg/admin."),
                "{path}: no admin code for shoppers"
            );
        }
        for path in ["/admin", "/admin/customers", "/admin/no-such-page"] {
            let (_, _, page) = send(&app, get(path)).await;
            assert!(page.contains("/pkg/admin.js"), "{path}");
            assert!(!page.contains("/pkg/storefront."), "{path}");
        }
        // A path that only starts like the admin's is the storefront's (its 404).
        let (status, _, page) = send(&app, get("/administrator")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(page.contains("/pkg/storefront.js"));
    }
);

both_backends!(
    pages_render_and_unknown_paths_are_404,
    |state: AppState| async move {
        let app = server::router(state);
        let (status, _, body) = send(&app, get("/admin")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("Sign in to the Admin"),
            "sign-in page expected"
        );
        assert!(body.contains(r#"<label for="login-email">Email"#));
        let (status, _, body) = send(&app, get("/")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Create an Account") && body.contains("Default Store View"));
        let (status, _, body) = send(&app, get("/no/such/page")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("Page not found"));
    }
);

both_backends!(
    sign_in_over_http_sets_a_safe_cookie,
    |state: AppState| async move {
        boss(&state).await;
        let app = server::router(state);
        let (status, _, body) = send(
            &app,
            post(
                "/api/admin/sign_in",
                "email=boss%40example.com&password=wrong",
                None,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.contains("InvalidCredentials"), "{body}");

        let (status, headers, _) = send(
            &app,
            post(
                "/api/admin/sign_in",
                &format!("email=boss%40example.com&password={PASSWORD}"),
                None,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let cookie = headers
            .get(header::SET_COOKIE)
            .expect("cookie")
            .to_str()
            .unwrap()
            .to_string();
        assert!(cookie.starts_with("clientele_admin="));
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax")
                && cookie.contains("Path=/")
        );
        let token = cookie
            .trim_start_matches("clientele_admin=")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        assert_eq!(token.len(), 32);

        let (status, _, body) = send(&app, post("/api/admin/me", "", Some(&token))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("boss@example.com"));
        // A page load with the cookie shows the admin shell instead of the sign-in form.
        let page = Request::get("/admin")
            .header(header::HOST, HOST)
            .header(header::COOKIE, format!("clientele_admin={token}"))
            .body(Body::empty())
            .unwrap();
        let (_, _, body) = send(&app, page).await;
        assert!(body.contains("Sign Out") && body.contains("Boss"));

        let (status, headers, _) = send(&app, post("/api/admin/sign_out", "", Some(&token))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
        let (_, _, body) = send(&app, post("/api/admin/me", "", Some(&token))).await;
        assert_eq!(body, "null");
    }
);

both_backends!(
    cross_site_requests_are_rejected,
    |state: AppState| async move {
        boss(&state).await;
        let app = server::router(state);
        let body = format!("email=boss%40example.com&password={PASSWORD}");
        let forged = [
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
        ];
        for (name, value) in forged {
            // Even with the CSRF header (a non-browser attacker), a foreign origin is refused.
            let req = Request::post("/api/admin/sign_in")
                .header(header::HOST, HOST)
                .header(app::sessions::csrf::CSRF_HEADER, "1")
                .header(name, value)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body.clone()))
                .unwrap();
            let (status, headers, text) = send(&app, req).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {value}");
            assert!(headers.get(header::SET_COOKIE).is_none());
            assert!(text.contains("CrossSite"));
        }
        // A same-origin request is accepted only with the custom header (a plain HTML
        // form cannot send it); likewise a client that sends no Origin at all.
        let bare = |csrf: bool| {
            let mut r = Request::post("/api/admin/sign_in")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, format!("http://{HOST}"))
                .header("sec-fetch-site", "same-origin")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            if csrf {
                r = r.header(app::sessions::csrf::CSRF_HEADER, "1");
            }
            r.body(Body::from(body.clone())).unwrap()
        };
        assert_eq!(send(&app, bare(false)).await.0, StatusCode::FORBIDDEN);
        assert_eq!(send(&app, bare(true)).await.0, StatusCode::OK);
        let no_origin = Request::post("/api/admin/sign_in")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.clone()))
            .unwrap();
        assert_eq!(send(&app, no_origin).await.0, StatusCode::FORBIDDEN);
    }
);

both_backends!(
    a_form_posted_before_the_script_loads_needs_its_token,
    |state: AppState| async move {
        boss(&state).await;
        let app = server::router(state);
        // A page navigation hands out the form token: a cookie, and the same value in
        // the sign-in form's hidden field.
        let page = |cookie: Option<&str>| {
            let mut r = Request::get("/admin/customers")
                .header(header::HOST, HOST)
                .header(header::ACCEPT, "text/html,application/xhtml+xml");
            if let Some(c) = cookie {
                r = r.header(header::COOKIE, c);
            }
            r.body(Body::empty()).unwrap()
        };
        let (_, headers, html) = send(&app, page(None)).await;
        let set = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("clientele_form="))
            .expect("a form token cookie")
            .to_string();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax"),
            "{set}"
        );
        let token = set["clientele_form=".len()..]
            .split(';')
            .next()
            .unwrap()
            .to_string();
        assert_eq!(token.len(), 32);
        assert!(
            html.contains(&format!(r#"name="csrf_token" value="{token}""#)),
            "the form carries the token"
        );
        let cookie = format!("clientele_form={token}");
        let (_, headers, _) = send(&app, page(Some(&cookie))).await;
        assert!(
            headers.get(header::SET_COOKIE).is_none(),
            "a browser that has a token keeps it"
        );

        // The browser posts the form itself: no script header, a page as the answer.
        let form_post = |body: String, cookie: Option<&str>| {
            let mut r = Request::post("/api/admin/sign_in")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, format!("http://{HOST}"))
                .header("sec-fetch-site", "same-origin")
                .header(header::ACCEPT, "text/html,application/xhtml+xml")
                .header(
                    header::REFERER,
                    format!("http://{HOST}/admin/customers?page=2"),
                )
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            if let Some(c) = cookie {
                r = r.header(header::COOKIE, c);
            }
            r.body(Body::from(body)).unwrap()
        };
        let fields = |password: &str, token: &str| {
            format!("email=boss%40example.com&password={password}&csrf_token={token}")
        };
        // Without the token, with another token, or without the cookie: not sent, and
        // back to its page saying the form had expired (no session, nothing signed in).
        for (body, cookie) in [
            (
                "email=boss%40example.com".to_string(),
                Some(cookie.as_str()),
            ),
            (
                fields(PASSWORD, "0123456789abcdef0123456789abcdef"),
                Some(cookie.as_str()),
            ),
            (fields(PASSWORD, &token), None),
        ] {
            let (status, headers, _) = send(&app, form_post(body, cookie)).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            assert!(headers.get(header::SET_COOKIE).is_none());
            let location = headers[header::LOCATION].to_str().unwrap();
            assert!(
                location
                    .starts_with("/admin/customers?page=2&__path=%2Fapi%2Fadmin%2Fsign_in&__err="),
                "{location}"
            );
            let back = Request::get(location)
                .header(header::HOST, HOST)
                .header(header::ACCEPT, "text/html")
                .header(header::COOKIE, cookie.unwrap_or(""))
                .body(Body::empty())
                .unwrap();
            let (status, _, html) = send(&app, back).await;
            assert_eq!(status, StatusCode::OK);
            assert!(html.contains("This form had expired"), "the page says why");
        }
        // With no page to go back to: refused.
        let mut bare = form_post(
            fields(PASSWORD, "0123456789abcdef0123456789abcdef"),
            Some(&cookie),
        );
        bare.headers_mut().remove(header::REFERER);
        let (status, _, _) = send(&app, bare).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A wrong password comes back to the page it was posted from, with the error.
        let (status, headers, _) =
            send(&app, form_post(fields("nope", &token), Some(&cookie))).await;
        assert_eq!(status, StatusCode::FOUND);
        let location = headers[header::LOCATION].to_str().unwrap();
        assert!(
            location.starts_with(&format!(
                "http://{HOST}/admin/customers?page=2&__path=%2Fapi%2Fadmin%2Fsign_in&__err="
            )),
            "{location}"
        );
        assert!(headers.get(header::SET_COOKIE).is_none());
        // The page it lands on says why.
        let back = Request::get(location)
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap();
        let (_, _, html) = send(&app, back).await;
        assert!(
            html.contains("The account sign-in was incorrect"),
            "the error is rendered by the server"
        );
        // The right password: signed in, and back to the page.
        let (status, headers, _) =
            send(&app, form_post(fields(PASSWORD, &token), Some(&cookie))).await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(
            headers[header::LOCATION].to_str().unwrap(),
            format!("http://{HOST}/admin/customers?page=2")
        );
        let session = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("clientele_admin="))
            .expect("signed in")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        // The page it lands on is the admin frame with the grid's toolbar, every time:
        // never the frame's "Loading…" (a browser-only resource read during server
        // rendering once left the frame's suspense waiting, most of the time).
        for _ in 0..20 {
            let landing = Request::get("/admin/customers?page=2")
                .header(header::HOST, HOST)
                .header(header::ACCEPT, "text/html")
                .header(header::COOKIE, format!("{cookie}; {session}"))
                .body(Body::empty())
                .unwrap();
            let (status, _, html) = send(&app, landing).await;
            assert_eq!(status, StatusCode::OK);
            assert!(
                !html.contains("page-loading"),
                "the frame's Loading… was sent"
            );
            assert!(html.contains("<h1>All Customers"));
        }
    }
);

/// The value of the `Set-Cookie` named `name` (up to its first `;`), if any.
fn set_cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// `GET path` for an HTML page with `cookie`.
fn html_page(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

/// Create an Account as its page's form posts it before the script loads (`cookie`
/// carries the form token).
fn create_posted(body: String, cookie: &str) -> Request<Body> {
    Request::post("/api/account/create_posted")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header("sec-fetch-site", "same-origin")
        .header(header::ACCEPT, "text/html")
        .header(
            header::REFERER,
            format!("http://{HOST}/customer/account/create"),
        )
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

both_backends!(
    create_an_account_posted_before_the_script_loads,
    |state: AppState| async move {
        let app = server::router(state);
        let page = html_page;
        let (_, headers, html) = send(&app, page("/customer/account/create", "")).await;
        assert!(
            html.contains(r#"action="/api/account/create_posted""#),
            "the form posts itself"
        );
        let form_cookie = set_cookie_value(&headers, "clientele_form").expect("a form token");
        let form_cookie = form_cookie.split(';').next().unwrap().to_string();
        let token = &form_cookie["clientele_form=".len()..];
        let form_post = |body: String| create_posted(body, &form_cookie);
        let fields = |confirmation: &str| {
            format!(
                "firstname=Caroline&lastname=Herschel&email=caroline%40example.com&newsletter=on\
                 &gender=&password=Comet-Hunter-4&password_confirmation={confirmation}\
                 &csrf_token={token}"
            )
        };
        // Refused: back to the page with the error, what was typed kept for that page only
        // and never the passwords; no account, no session.
        let (status, headers, _) = send(&app, form_post(fields("Comet-Hunter-5"))).await;
        assert_eq!(status, StatusCode::FOUND);
        let location = headers[header::LOCATION].to_str().unwrap().to_string();
        assert!(
            location.starts_with(&format!(
                "http://{HOST}/customer/account/create?__path=%2Fapi%2Faccount%2Fcreate_posted&__err="
            )),
            "{location}"
        );
        assert!(set_cookie_value(&headers, "clientele_customer").is_none());
        let kept = set_cookie_value(&headers, "clientele_registration").expect("kept");
        assert!(
            kept.contains("Path=/customer/account/create")
                && kept.contains("HttpOnly")
                && kept.contains("Max-Age=300"),
            "{kept}"
        );
        assert!(!location.contains("caroline"), "nothing typed in the URL");
        let kept = kept.split(';').next().unwrap().to_string();
        let (_, _, html) = send(&app, page(&location, &format!("{form_cookie}; {kept}"))).await;
        assert!(
            html.contains("Please enter the same value again."),
            "under its field"
        );
        assert!(
            html.contains(r#"value="Caroline""#),
            "the name typed is shown again"
        );
        assert!(html.contains(r#"value="caroline@example.com""#));
        assert!(!html.contains("Comet-Hunter"), "never a password");
        // Without the way back (a later visit), the form starts empty.
        let (_, _, html) = send(
            &app,
            page(
                "/customer/account/create",
                &format!("{form_cookie}; {kept}"),
            ),
        )
        .await;
        assert!(!html.contains(r#"value="Caroline""#));

        // Accepted: signed in and on to My Account, which thanks them.
        let (status, headers, _) = send(&app, form_post(fields("Comet-Hunter-4"))).await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(
            headers[header::LOCATION].to_str().unwrap(),
            "/customer/account?registered=1"
        );
        let session = set_cookie_value(&headers, "clientele_customer").expect("signed in");
        let session = session.split(';').next().unwrap().to_string();
        let (status, _, html) = send(
            &app,
            page(
                "/customer/account?registered=1",
                &format!("{form_cookie}; {session}"),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Thank you for registering with"));
        // The same email again is refused (the account exists).
        let (status, _, _) = send(&app, form_post(fields("Comet-Hunter-4"))).await;
        assert_eq!(status, StatusCode::FOUND);
    }
);

/// A storefront form as the browser posts it itself (`csrf_token` in `body`, `cookie`
/// with the form token's cookie), from the page at `from`.
fn plain_post(path: &str, from: &str, body: String, cookie: &str) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header("sec-fetch-site", "same-origin")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, format!("http://{HOST}{from}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

/// The `name=value` part of the cookie `name` the answer sets.
fn cookie_pair(headers: &http::HeaderMap, name: &str) -> String {
    let value = set_cookie_value(headers, name).unwrap_or_else(|| panic!("{name} is set"));
    value.split(';').next().unwrap().to_string()
}

both_backends!(
    the_sign_in_pages_forms_work_without_script_down_to_sending_the_confirmation_again,
    |state: AppState| async move {
        use app::config::{
            model::Scope, registry::CAPTCHA_ENABLE, registry::CREATE_ACCOUNT_CONFIRM,
        };
        state
            .config
            .set(CREATE_ACCOUNT_CONFIRM.path, "1", Scope::Default, 0)
            .await
            .unwrap();
        // No CAPTCHA on Forgot Your Password? (the browser tests answer it).
        state
            .config
            .set(CAPTCHA_ENABLE.path, "0", Scope::Default, 0)
            .await
            .unwrap();
        let app = server::router(state.clone());
        let (_, headers, _) = send(&app, html_page("/customer/account/login", "")).await;
        let form = cookie_pair(&headers, "clientele_form");
        let token = form["clientele_form=".len()..].to_string();
        let email = "grace.plain%40example.com";
        let outbox = || async {
            sqlx::query(
                "SELECT COUNT(*) AS n FROM mail_outbox
                 WHERE to_email = 'grace.plain@example.com' AND template = 'confirmation'",
            )
            .fetch_one(&state.db.pool)
            .await
            .map(|row| sqlx::Row::get::<i64, _>(&row, "n"))
            .unwrap()
        };
        // An account that waits for its emailed link.
        let fields = format!(
            "firstname=Grace&lastname=Hopper&email={email}&gender=&password=Compiler-Pass-1\
             &password_confirmation=Compiler-Pass-1&csrf_token={token}"
        );
        let (status, _, _) = send(&app, create_posted(fields, &form)).await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(outbox().await, 1);

        // Signing in is refused: back to the login page, which says why and offers the
        // link again, the email in its form (kept for that page, never in the URL).
        let login = "/customer/account/login?referer=%2Fcustomer%2Faccount%2Fedit";
        let body = format!("email={email}&password=Compiler-Pass-1&csrf_token={token}");
        let (status, headers, _) =
            send(&app, plain_post("/api/account/sign_in", login, body, &form)).await;
        assert_eq!(status, StatusCode::FOUND);
        let location = headers[header::LOCATION].to_str().unwrap().to_string();
        assert!(!location.contains("grace"), "{location}");
        let kept = cookie_pair(&headers, "clientele_login_email");
        let (_, _, html) = send(&app, html_page(&location, &format!("{form}; {kept}"))).await;
        assert!(html.contains("This account isn't confirmed"), "{html}");
        assert!(
            html.contains(r#"action="/api/account/resend_confirmation""#),
            "{html}"
        );
        assert!(
            html.contains(r#"<input type="hidden" name="email" value="grace.plain@example.com">"#),
            "{html}"
        );

        // "Send the confirmation link again", posted by the browser: a second link, and
        // back to the login page (still on the way to where the shopper was going), which
        // says it was sent and keeps the email.
        let body = format!("email={email}&csrf_token={token}");
        let (status, headers, _) = send(
            &app,
            plain_post("/api/account/resend_confirmation", login, body, &form),
        )
        .await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(
            headers[header::LOCATION].to_str().unwrap(),
            "/customer/account/login?resent=1&referer=%2Fcustomer%2Faccount%2Fedit"
        );
        assert_eq!(outbox().await, 2);
        let kept = cookie_pair(&headers, "clientele_login_email");
        let (_, _, html) = send(
            &app,
            html_page(
                "/customer/account/login?resent=1",
                &format!("{form}; {kept}"),
            ),
        )
        .await;
        assert!(
            html.contains("Please check your email for confirmation key."),
            "{html}"
        );
        assert!(
            html.contains(r#"value="grace.plain@example.com""#),
            "{html}"
        );
        // Without a form token it is refused, and nothing is sent.
        let (status, _, _) = send(
            &app,
            plain_post(
                "/api/account/resend_confirmation",
                login,
                format!("email={email}"),
                "",
            ),
        )
        .await;
        assert_ne!(status, StatusCode::FOUND);
        assert_eq!(outbox().await, 2);

        // Forgot Your Password?, posted by the browser: the page it comes back to names the
        // address (kept for that page only), as the live page would.
        let (_, _, html) = send(&app, html_page("/customer/account/forgotpassword", &form)).await;
        assert!(
            html.contains(r#"action="/api/account/forgot_password""#),
            "{html}"
        );
        let body = format!("email={email}&csrf_token={token}");
        let (status, headers, _) = send(
            &app,
            plain_post(
                "/api/account/forgot_password",
                "/customer/account/forgotpassword",
                body,
                &form,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(
            headers[header::LOCATION].to_str().unwrap(),
            "/customer/account/forgotpassword?sent=1"
        );
        let kept = cookie_pair(&headers, "clientele_forgot_email");
        assert!(kept.len() > "clientele_forgot_email=".len());
        let (_, _, html) = send(
            &app,
            html_page(
                "/customer/account/forgotpassword?sent=1",
                &format!("{form}; {kept}"),
            ),
        )
        .await;
        assert!(
            html.contains(
                "If there is an account associated with grace.plain@example.com you will receive"
            ),
            "{html}"
        );
        // Another browser (no kept address) reads the neutral sentence.
        let (_, _, html) = send(
            &app,
            html_page("/customer/account/forgotpassword?sent=1", &form),
        )
        .await;
        assert!(
            html.contains("associated with the email address you entered"),
            "{html}"
        );
    }
);
both_backends!(
    custom_attributes_post_with_the_page_form_before_the_script_loads,
    |state: AppState| async move {
        use app::attributes::model::{
            AttributeInput, EntityType, InputType, OptionInput, UsedInForm,
        };
        use sqlx::Row;
        let actor = app::testing::shop::actor();
        let option = |label: &str| OptionInput {
            admin_label: label.into(),
            ..OptionInput::default()
        };
        let mut ids = Vec::new();
        for (code, input, required) in [
            ("tier", InputType::Dropdown, true),
            ("hobbies", InputType::Multiselect, false),
            ("delivery_note", InputType::Multiline, false),
        ] {
            let attribute = AttributeInput {
                entity: EntityType::Customer,
                label: format!("Custom {code}"),
                code: code.into(),
                input,
                required,
                lines: 2,
                visible: true,
                forms: vec![UsedInForm::CustomerAccountCreate],
                options: if input.has_options() {
                    vec![option("Gold"), option("Silver")]
                } else {
                    vec![]
                },
                ..AttributeInput::default()
            };
            ids.push(
                app::attributes::service::save(&state, &actor, &attribute)
                    .await
                    .unwrap(),
            );
        }
        let options = |id: i64| {
            let state = state.clone();
            async move {
                app::attributes::service::form(&state, EntityType::Customer, Some(id))
                    .await
                    .unwrap()
                    .attribute
                    .options
                    .iter()
                    .map(|o| o.id.unwrap())
                    .collect::<Vec<_>>()
            }
        };
        let tiers = options(ids[0]).await;
        let hobbies = options(ids[1]).await;
        let db = state.db.clone();
        let app = server::router(state);
        let page = html_page;
        let (_, headers, html) = send(&app, page("/customer/account/create", "")).await;
        for name in [
            "custom[tier]",
            "custom[delivery_note:0]",
            "custom[delivery_note:1]",
        ] {
            assert!(
                html.contains(&format!(r#"name="{name}""#)),
                "{name} is in the page's form"
            );
        }
        assert!(html.contains(&format!(r#"name="custom[hobbies:{}]""#, hobbies[1])));
        assert!(html.contains("Custom tier"));
        let form_cookie = set_cookie_value(&headers, "clientele_form").expect("a form token");
        let form_cookie = form_cookie.split(';').next().unwrap().to_string();
        let token = form_cookie["clientele_form=".len()..].to_string();
        let form_post = |body: String| create_posted(body, &form_cookie);
        let fields = |custom: &str| {
            format!(
                "firstname=Caroline&lastname=Herschel&email=caroline%40example.com\
                 &password=Comet-Hunter-4&password_confirmation=Comet-Hunter-4\
                 &csrf_token={token}{custom}"
            )
        };
        // Without the required choice: back to the page, the message under its field and
        // the boxes ticked still ticked.
        let ticked = format!("&custom%5Bhobbies%3A{}%5D=1", hobbies[1]);
        let (status, headers, _) = send(&app, form_post(fields(&ticked))).await;
        assert_eq!(status, StatusCode::FOUND);
        let location = headers[header::LOCATION].to_str().unwrap().to_string();
        let kept = set_cookie_value(&headers, "clientele_registration").expect("kept");
        let kept = kept.split(';').next().unwrap().to_string();
        let (_, _, html) = send(&app, page(&location, &format!("{form_cookie}; {kept}"))).await;
        assert!(
            html.contains("Custom tier is a required field."),
            "under its field"
        );
        let hobby_box = format!(r#"name="custom[hobbies:{}]""#, hobbies[1]);
        let at = html.find(&hobby_box).expect("the box");
        let tag_end = at + html[at..].find('>').unwrap();
        assert!(
            html[at..tag_end].contains("checked"),
            "still ticked: {}",
            &html[at..tag_end]
        );

        let custom = format!(
            "&custom%5Btier%5D={}{ticked}&custom%5Bhobbies%3A{}%5D=1\
             &custom%5Bdelivery_note%3A0%5D=Gate+4&custom%5Bdelivery_note%3A1%5D=Ring+twice",
            tiers[1], hobbies[0]
        );
        let (status, headers, _) = send(&app, form_post(fields(&custom))).await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(
            headers[header::LOCATION].to_str().unwrap(),
            "/customer/account?registered=1"
        );
        let id: i64 = sqlx::query(
            "SELECT entity_id FROM customer_entity WHERE email = 'caroline@example.com'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get("entity_id");
        let chosen: Vec<i64> = sqlx::query(
            "SELECT option_id FROM customer_entity_option WHERE entity_id = $1 ORDER BY option_id",
        )
        .bind(id)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("option_id"))
        .collect();
        let mut expected = vec![tiers[1], hobbies[0], hobbies[1]];
        expected.sort();
        assert_eq!(chosen, expected);
        let note: String =
            sqlx::query("SELECT value FROM customer_entity_text WHERE entity_id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .get("value");
        assert_eq!(note, "Gate 4\nRing twice");
    }
);

both_backends!(
    an_address_at_registration_posts_with_the_page_form_before_the_script_loads,
    |state: AppState| async move {
        use app::attributes::model::{AttributeInput, EntityType, InputType, UsedInForm};
        use app::config::{model::Scope, registry::CREATE_ACCOUNT_SHOW_ADDRESS_FIELDS};
        state
            .config
            .set(
                CREATE_ACCOUNT_SHOW_ADDRESS_FIELDS.path,
                "1",
                Scope::Default,
                0,
            )
            .await
            .unwrap();
        for (code, input, form) in [
            ("building", InputType::Text, UsedInForm::AddressRegister),
            ("door_photo", InputType::Image, UsedInForm::AddressRegister),
            ("gate_scan", InputType::File, UsedInForm::AddressEdit),
        ] {
            app::attributes::service::save(
                &state,
                &app::testing::shop::actor(),
                &AttributeInput {
                    entity: EntityType::Address,
                    label: code.into(),
                    code: code.into(),
                    input,
                    visible: true,
                    forms: vec![form],
                    ..AttributeInput::default()
                },
            )
            .await
            .unwrap();
        }
        let shared = state.clone();
        let app = server::router(state);
        let (_, headers, html) = send(&app, html_page("/customer/account/create", "")).await;
        assert!(html.contains("Address Information"));
        for name in [
            "street[0]",
            "street[1]",
            "city",
            "country_id",
            "postcode",
            "telephone",
            "address_custom[building]",
        ] {
            assert!(
                html.contains(&format!(r#"name="{name}""#)),
                "{name} is in the page's form"
            );
        }
        let form_cookie = set_cookie_value(&headers, "clientele_form").expect("a form token");
        let form_cookie = form_cookie.split(';').next().unwrap().to_string();
        let token = form_cookie["clientele_form=".len()..].to_string();
        // The visitor uploads a picture for the address's image attribute, never for an
        // attribute of another form.
        let (status, _, body) = send(
            &app,
            upload_request(
                "entity=customer_address&code=door_photo",
                "door.png",
                png_of(2, 2),
                &form_cookie,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let photo: app::files::Uploaded = serde_json::from_str(&body).unwrap();
        let (status, _, _) = send(
            &app,
            upload_request(
                "entity=customer_address&code=gate_scan",
                "gate.png",
                png_of(2, 2),
                &form_cookie,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let photo_value: String = form_urlencoded::byte_serialize(photo.value.as_bytes()).collect();
        let fields = |city: &str| {
            format!(
                "firstname=Caroline&lastname=Herschel&email=caroline%40example.com\
                 &password=Comet-Hunter-4&password_confirmation=Comet-Hunter-4\
                 &street%5B0%5D=19+New+King+Street&street%5B1%5D=&city={city}&country_id=GB\
                 &region=&postcode=BA1+2BL&telephone=%2B44+1225+446865\
                 &address_custom%5Bbuilding%5D=Herschel+Museum\
                 &address_custom%5Bdoor_photo%5D={photo_value}&csrf_token={token}"
            )
        };
        // Refused without a city: back to the page, the message under the address's
        // field and what was typed kept.
        let (status, headers, _) = send(&app, create_posted(fields(""), &form_cookie)).await;
        assert_eq!(status, StatusCode::FOUND);
        let location = headers[header::LOCATION].to_str().unwrap().to_string();
        let kept = set_cookie_value(&headers, "clientele_registration").expect("kept");
        let kept = kept.split(';').next().unwrap().to_string();
        let (_, _, html) = send(
            &app,
            html_page(&location, &format!("{form_cookie}; {kept}")),
        )
        .await;
        assert!(
            html.contains("City is a required field."),
            "under its field"
        );
        assert!(html.contains(r#"value="19 New King Street""#));
        assert!(html.contains(r#"value="Herschel Museum""#));

        let (status, headers, _) = send(&app, create_posted(fields("Bath"), &form_cookie)).await;
        assert_eq!(status, StatusCode::FOUND);
        assert_eq!(
            headers[header::LOCATION].to_str().unwrap(),
            "/customer/account?registered=1"
        );
        let row = {
            use sqlx::Row;
            sqlx::query(
                "SELECT c.entity_id, a.city, a.street,
                        CASE WHEN c.default_billing = a.entity_id
                              AND c.default_shipping = a.entity_id THEN 1 ELSE 0 END AS defaults
                 FROM customer_entity c JOIN customer_address_entity a ON a.parent_id = c.entity_id
                 WHERE c.email = 'caroline@example.com'",
            )
            .fetch_one(&shared.db.pool)
            .await
            .map(|r| {
                (
                    r.get::<i64, _>("entity_id"),
                    r.get::<String, _>("city"),
                    r.get::<String, _>("street"),
                    r.get::<i64, _>("defaults") == 1,
                )
            })
            .unwrap()
        };
        assert_eq!(
            (row.1.as_str(), row.2.as_str(), row.3),
            ("Bath", "19 New King Street", true)
        );
        let rows = app::customers::address::service::page(
            &shared,
            row.0,
            &app::customers::address::model::AddressQuery::default(),
            0,
        )
        .await
        .unwrap()
        .rows;
        assert_eq!(rows[0].custom["building"], "Herschel Museum");
        assert_eq!(rows[0].custom["door_photo"], photo.value);
    }
);

/// Every admin server function and the resource it needs. `None` = needs no resource
/// (sign-in, sign-out, who-am-I). A new function under /api/admin must be added here.
const ADMIN_ENDPOINTS: &[(&str, Option<&str>, &str)] = &[
    ("/api/admin/sign_in", None, ""),
    ("/api/admin/sign_out", None, ""),
    ("/api/admin/me", None, ""),
    ("/api/admin/set_locale", None, ""),
    ("/api/admin/customer_groups", Some(acl::CUSTOMER_GROUPS), ""),
    (
        "/api/admin/customer_groups/grid",
        Some(acl::CUSTOMER_GROUPS),
        r#"{"query":{"search":"","filters":{},"sort":"Id","dir":"Asc","page":1,"size":20,"columns":[]}}"#,
    ),
    (
        "/api/admin/customer_groups/form",
        Some(acl::CUSTOMER_GROUPS),
        r#"{"id":null}"#,
    ),
    (
        "/api/admin/customer_groups/tax_class",
        Some(acl::CUSTOMER_GROUPS),
        r#"{"id":null,"name":"Endpoint class"}"#,
    ),
    // The save creates group 4, which the delete then removes.
    (
        "/api/admin/customer_groups/save",
        Some(acl::CUSTOMER_GROUPS),
        r#"{"input":{"id":null,"code":"Endpoint group","tax_class_id":3,"excluded_websites":[]}}"#,
    ),
    (
        "/api/admin/customer_groups/delete",
        Some(acl::CUSTOMER_GROUPS),
        r#"{"ids":[4]}"#,
    ),
    (
        "/api/admin/attributes/grid",
        Some(acl::CUSTOMER_ATTRIBUTES),
        r#"{"entity":"Customer","query":{"search":"","filters":{},"sort":"SortOrder","dir":"Asc","page":1,"size":20,"columns":[]}}"#,
    ),
    (
        "/api/admin/attributes/form",
        Some(acl::CUSTOMER_ATTRIBUTES),
        r#"{"entity":"Customer","id":null}"#,
    ),
    // The save creates attribute 1, which the delete then removes.
    (
        "/api/admin/attributes/save",
        Some(acl::CUSTOMER_ATTRIBUTES),
        r#"{"input":{"entity":"Customer","label":"Endpoint attribute","code":"endpoint_attribute","input":"Text","sort_order":10}}"#,
    ),
    (
        "/api/admin/attributes/delete",
        Some(acl::CUSTOMER_ATTRIBUTES),
        r#"{"entity":"Customer","id":1}"#,
    ),
    (
        "/api/admin/attributes/search_progress",
        Some(acl::CUSTOMER_ATTRIBUTES),
        "{}",
    ),
    (
        "/api/admin/attributes/system_form",
        Some(acl::ADDRESS_ATTRIBUTES),
        r#"{"entity":"Address","code":"telephone"}"#,
    ),
    (
        "/api/admin/attributes/system_save",
        Some(acl::ADDRESS_ATTRIBUTES),
        r#"{"input":{"entity":"Address","code":"telephone","label":"Mobile","sort_order":120}}"#,
    ),
    (
        "/api/admin/config_screen",
        Some(acl::CONFIG_CUSTOMER),
        "scope=default&section=customer",
    ),
    (
        "/api/admin/config_save",
        Some(acl::CONFIG_CUSTOMER),
        r#"{"scope":"default","section":"customer","changes":[{"path":"customer/online_customers/online_minutes_interval","before":null,"after":"20"}]}"#,
    ),
    (
        "/api/admin/customers/grid",
        Some(acl::CUSTOMERS_MANAGE),
        r#"{"query":{"search":"","filters":{},"sort":"entity_id","dir":"Asc","page":1,"size":20,"columns":[]}}"#,
    ),
    (
        "/api/admin/customers/grid_options",
        Some(acl::CUSTOMERS_MANAGE),
        "",
    ),
    // In order: the save creates customer 1 and the address save its address 1, which
    // the later calls use; the customer is deleted last.
    (
        "/api/admin/customers/form_options",
        Some(acl::CUSTOMERS_MANAGE),
        "",
    ),
    (
        "/api/admin/customers/save",
        Some(acl::CUSTOMERS_MANAGE),
        r#"{"input":{"id":null,"version":0,"website_id":1,"group_id":1,"disable_auto_group_change":false,"prefix":"","firstname":"Ada","middlename":"","lastname":"Byron","suffix":"","email":"acl@example.com","dob":"","taxvat":"","gender":null,"send_welcome_from":null,"newsletter":[]}}"#,
    ),
    (
        "/api/admin/customers/load",
        Some(acl::CUSTOMERS_MANAGE),
        "id=1",
    ),
    (
        "/api/admin/customers/address/save",
        Some(acl::CUSTOMERS_MANAGE),
        r#"{"input":{"id":null,"customer_id":1,"version":0,"prefix":"","firstname":"Ada","middlename":"","lastname":"Byron","suffix":"","company":"","street":["1 Main St"],"city":"Austin","country_id":"US","region_id":"TX","region":"","postcode":"78701","telephone":"512 555 0100","fax":"","vat_id":"","default_billing":true,"default_shipping":false}}"#,
    ),
    (
        "/api/admin/customers/addresses",
        Some(acl::CUSTOMERS_MANAGE),
        r#"{"customer_id":1,"query":{"search":"","filters":{"country_id":{"Select":"US"}},"sort":"city","dir":"Desc","page":1,"size":20,"columns":["city"]}}"#,
    ),
    (
        "/api/admin/customers/address/set_default",
        Some(acl::CUSTOMERS_MANAGE),
        r#"{"customer_id":1,"id":1,"kind":"Shipping"}"#,
    ),
    (
        "/api/admin/customers/address/mass_delete",
        Some(acl::CUSTOMERS_MANAGE),
        r#"{"customer_id":1,"ids":[2]}"#,
    ),
    (
        "/api/admin/customers/address/delete",
        Some(acl::CUSTOMERS_MANAGE),
        "customer_id=1&id=1",
    ),
    (
        "/api/admin/customers/unlock",
        Some(acl::CUSTOMERS_MANAGE),
        "id=1",
    ),
    (
        "/api/admin/customers/reset_password",
        Some(acl::CUSTOMERS_RESET_PASSWORD),
        "id=1",
    ),
    ("/api/admin/mail/outbox", Some(acl::CUSTOMERS_MANAGE), ""),
    ("/api/admin/dashboard", Some(acl::CUSTOMERS_MANAGE), ""),
    (
        "/api/admin/customers/inline_edit",
        Some(acl::CUSTOMERS_MANAGE),
        r#"{"rows":[{"id":1,"email":"acl2@example.com","group_id":1,"website_id":1,"taxvat":"","gender":null}]}"#,
    ),
    (
        "/api/admin/customers/mass_action",
        Some(acl::CUSTOMERS_MANAGE),
        r#"{"query":{"search":"","filters":{},"sort":"entity_id","dir":"Asc","page":1,"size":20,"columns":[]},"selection":{"Ids":[1]},"action":"Subscribe"}"#,
    ),
    (
        "/api/admin/customers/views",
        Some(acl::CUSTOMERS_MANAGE),
        "namespace=customer_listing",
    ),
    (
        "/api/admin/customers/views/save",
        Some(acl::CUSTOMERS_MANAGE),
        "namespace=customer_listing&name=Mine&state=search%3Dada",
    ),
    (
        "/api/admin/customers/views/rename",
        Some(acl::CUSTOMERS_MANAGE),
        "namespace=customer_listing&id=1&name=Ours",
    ),
    (
        "/api/admin/customers/views/delete",
        Some(acl::CUSTOMERS_MANAGE),
        "namespace=customer_listing&id=1",
    ),
    (
        "/api/admin/online/grid",
        Some(acl::CUSTOMERS_ONLINE),
        r#"{"query":{"search":"","filters":{},"sort":"CustomerId","dir":"Asc","page":1,"size":20,"columns":[]}}"#,
    ),
    ("/api/admin/online/count", Some(acl::CUSTOMERS_ONLINE), ""),
    (
        "/api/admin/login_as_customer/button",
        Some(acl::LOGIN_AS_CUSTOMER_BUTTON),
        r#"{"customer_id":1}"#,
    ),
    (
        "/api/admin/login_as_customer/start",
        Some(acl::LOGIN_AS_CUSTOMER_BUTTON),
        r#"{"input":{"customer_id":1,"reason":"Help","store_id":null}}"#,
    ),
    (
        "/api/admin/login_as_customer/log",
        Some(acl::LOGIN_AS_CUSTOMER_LOG),
        r#"{"query":{"search":"","filters":{},"sort":"Id","dir":"Asc","page":1,"size":20,"columns":[]}}"#,
    ),
    ("/api/admin/email_templates", Some(acl::EMAIL_TEMPLATES), ""),
    (
        "/api/admin/email_templates/default",
        Some(acl::EMAIL_TEMPLATES),
        r#"{"code":"welcome","locale":"fr_FR"}"#,
    ),
    // The save creates template 1, which the others then load, send and delete.
    (
        "/api/admin/email_templates/save",
        Some(acl::EMAIL_TEMPLATES),
        r#"{"input":{"id":null,"name":"Endpoint template","orig_code":"welcome","subject":"Hi {name}","body":"Welcome to {store}"}}"#,
    ),
    (
        "/api/admin/email_templates/load",
        Some(acl::EMAIL_TEMPLATES),
        r#"{"id":1}"#,
    ),
    (
        "/api/admin/email_templates/send_test",
        Some(acl::EMAIL_TEMPLATES),
        r#"{"input":{"id":null,"name":"Endpoint template","orig_code":"welcome","subject":"Hi {name}","body":"Welcome to {store}"},"store_id":1}"#,
    ),
    (
        "/api/admin/action_log/grid",
        Some(acl::ACTION_LOG),
        r#"{"query":{"search":"","filters":{},"sort":"Id","dir":"Desc","page":1,"size":20,"columns":[]},"customer":null}"#,
    ),
    (
        "/api/admin/email_templates/delete",
        Some(acl::EMAIL_TEMPLATES),
        r#"{"id":1}"#,
    ),
    (
        "/api/admin/customers/delete",
        Some(acl::CUSTOMERS_DELETE),
        "id=1",
    ),
];

/// Every admin function that changes something, and how many action log entries one
/// call above writes; every other admin function writes none. (Saved grid views are
/// the admin's own screen state, not store data, and are not logged.)
const LOGGED_WRITES: &[(&str, i64)] = &[
    ("/api/admin/customer_groups/tax_class", 1),
    ("/api/admin/customer_groups/save", 1),
    ("/api/admin/customer_groups/delete", 1),
    ("/api/admin/attributes/save", 1),
    ("/api/admin/attributes/delete", 1),
    ("/api/admin/attributes/system_save", 1),
    ("/api/admin/config_save", 1),
    ("/api/admin/customers/save", 1),
    ("/api/admin/customers/address/save", 1),
    ("/api/admin/customers/address/set_default", 1),
    ("/api/admin/customers/address/mass_delete", 1),
    ("/api/admin/customers/address/delete", 1),
    ("/api/admin/customers/unlock", 1),
    ("/api/admin/customers/reset_password", 1),
    ("/api/admin/customers/inline_edit", 1),
    ("/api/admin/customers/mass_action", 1),
    ("/api/admin/login_as_customer/start", 1),
    ("/api/admin/email_templates/save", 1),
    ("/api/admin/email_templates/delete", 1),
    ("/api/admin/customers/delete", 1),
];

/// How many entries the action log holds, and the newest one's admin, entity and action.
async fn action_log_tail(db: &app::db::Db) -> (i64, Option<(String, String, String)>) {
    use sqlx::Row;
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM admin_action_log")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get("n");
    let last = sqlx::query(
        "SELECT admin_name, entity, action FROM admin_action_log ORDER BY log_id DESC LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await
    .unwrap()
    .map(|r| (r.get("admin_name"), r.get("entity"), r.get("action")));
    (n, last)
}

both_backends!(
    every_admin_function_enforces_its_acl_resource,
    |state: AppState| async move {
        let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path.to_string())
            .filter(|p| p.starts_with("/api/admin/"))
            .collect();
        for path in &registered {
            assert!(
                ADMIN_ENDPOINTS.iter().any(|(p, _, _)| p == path),
                "{path} is missing from ADMIN_ENDPOINTS"
            );
        }
        assert_eq!(registered.len(), ADMIN_ENDPOINTS.len());

        // A role with one resource no function needs, and a full administrator.
        service::create_role(&state, "Support", &[acl::DASHBOARD.to_string()])
            .await
            .unwrap();
        let limited = token_for(&state, "support@example.com", "Support").await;
        let full = token_for(&state, "root@example.com", "Administrators").await;
        let db = state.db.clone();
        // Login as Customer answers only when it is on.
        state
            .config
            .set(
                "login_as_customer/general/enabled",
                "1",
                app::config::model::Scope::Default,
                0,
            )
            .await
            .unwrap();
        let app = server::router(state);

        for (path, resource, args) in ADMIN_ENDPOINTS
            .iter()
            .filter(|(p, _, _)| !p.ends_with("sign_in") && !p.ends_with("sign_out"))
        {
            let Some(resource) = resource else { continue };
            let post = |path: &str, _: &str, cookie: Option<&str>| {
                let mut req = post(path, args, cookie);
                if args.starts_with('{') {
                    req.headers_mut().insert(
                        header::CONTENT_TYPE,
                        axum::http::HeaderValue::from_static("application/json"),
                    );
                }
                req
            };
            let (status, _, body) = send(&app, post(path, "", None)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{path} without a session");
            assert!(body.contains("Unauthenticated"), "{path}: {body}");

            let (status, _, body) = send(&app, post(path, "", Some(&limited))).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{path} for a role without {resource}"
            );
            assert!(
                body.contains(resource),
                "{path}: the denial names the resource: {body}"
            );

            if *path == "/api/admin/login_as_customer/button" {
                // Customer 1 (saved above) allows remote shopping assistance.
                sqlx::query("UPDATE customer_entity SET assistance_allowed = 1")
                    .execute(&db.pool)
                    .await
                    .unwrap();
            }
            if *path == "/api/admin/customers/address/mass_delete" {
                // The one address saved above is deleted singly next: add address 2.
                sqlx::query(
                    "INSERT INTO customer_address_entity (entity_id, parent_id, firstname, lastname,
                         street, city, country_id, telephone, created_at, updated_at)
                     VALUES (2, 1, 'Ada', 'Byron', '2 Main St', 'Austin', 'US', '1', 0, 0)",
                )
                .execute(&db.pool)
                .await
                .unwrap();
            }
            let (logged_before, _) = action_log_tail(&db).await;
            let (status, _, body) = send(&app, post(path, "", Some(&full))).await;
            assert_eq!(status, StatusCode::OK, "{path} for Administrators: {body}");
            // The action log: one entry per write, by this admin; none for a read.
            let (logged_after, last) = action_log_tail(&db).await;
            let expected = LOGGED_WRITES
                .iter()
                .find(|(p, _)| p == path)
                .map_or(0, |(_, n)| *n);
            assert_eq!(
                logged_after - logged_before,
                expected,
                "{path}: action log entries written"
            );
            if expected > 0 {
                let (admin, entity, action) = last.unwrap();
                assert_eq!(admin, "Admin", "{path}: logged as the admin who called it");
                assert!(!entity.is_empty() && !action.is_empty(), "{path}");
            }
        }
        // Every logged write is in the table of admin functions.
        for (path, _) in LOGGED_WRITES {
            assert!(ADMIN_ENDPOINTS.iter().any(|(p, _, _)| p == path), "{path}");
        }
    }
);

both_backends!(
    hashed_assets_are_cached_for_a_year_and_sent_compressed_at_build,
    |state: AppState| async move {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("pkg")).unwrap();
        std::fs::write(site.path().join("pkg/clientele.abc123.css"), "body{}").unwrap();
        let mut state = state;
        state.leptos_options.site_root = site.path().display().to_string().into();
        state.leptos_options.hash_files = true;
        let app = server::router(state);
        let (status, headers, body) = send(
            &app,
            Request::get("/pkg/clientele.abc123.css")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "body{}");
        assert_eq!(
            headers.get(header::CACHE_CONTROL).unwrap(),
            "public, max-age=31536000, immutable"
        );

        // The build's compressed copies go, as they are, to a browser that takes them.
        std::fs::write(
            site.path().join("pkg/clientele.abc123.css.br"),
            "brotli bytes",
        )
        .unwrap();
        std::fs::write(
            site.path().join("pkg/clientele.abc123.css.gz"),
            "gzip bytes",
        )
        .unwrap();
        for (accepts, encoding, bytes) in [
            ("gzip, deflate, br, zstd", Some("br"), "brotli bytes"),
            ("gzip", Some("gzip"), "gzip bytes"),
            ("identity", None, "body{}"),
        ] {
            let (status, headers, body) = send(
                &app,
                Request::get("/pkg/clientele.abc123.css")
                    .header(header::ACCEPT_ENCODING, accepts)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{accepts}");
            assert_eq!(body, bytes, "{accepts}");
            assert_eq!(
                headers
                    .get(header::CONTENT_ENCODING)
                    .map(|v| v.to_str().unwrap()),
                encoding,
                "{accepts}"
            );
            assert_eq!(
                headers.get(header::CONTENT_TYPE).unwrap(),
                "text/css",
                "{accepts}"
            );
        }
    }
);

// The title of an admin page is read after the page has rendered; it once read a
// language value that a re-rendered part had already dropped, and about 3% of admin
// pages answered with a panic under 50 concurrent requests. And while another router
// was being built in the same process (as other tests here do), a page could wait for
// its data forever (see `server::page_routes`).
both_backends!(
    admin_pages_render_whole_under_concurrent_requests,
    |state: AppState| async move {
        let token = token_for(&state, "root@example.com", "Administrators").await;
        let app = server::router(state);
        let mut requests = tokio::task::JoinSet::new();
        for n in 0..240 {
            let app = app.clone();
            let token = token.clone();
            let path = [
                "/admin/customers",
                "/admin",
                "/admin/customer-groups",
                "/admin/action-log",
            ][n % 4];
            requests.spawn(async move { (path, send(&app, get_as(path, &token)).await) });
        }
        let all = async {
            let mut answers = Vec::new();
            while let Some(done) = requests.join_next().await {
                answers.push(done.expect("the request task ends"));
            }
            answers
        };
        let answers = tokio::time::timeout(std::time::Duration::from_secs(120), all)
            .await
            .expect("every page answers within two minutes");
        for (path, (status, _, body)) in answers {
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(body.contains("</html>"), "{path}: the whole page");
            assert!(body.contains("· Clientele</title>"), "{path}: its title");
        }
    }
);

both_backends!(
    a_denied_admin_page_answers_403,
    |state: AppState| async move {
        service::create_role(&state, "Support", &[acl::CUSTOMERS_MANAGE.to_string()])
            .await
            .unwrap();
        let limited = token_for(&state, "support@example.com", "Support").await;
        let full = token_for(&state, "root@example.com", "Administrators").await;
        let app = server::router(state);
        let page = |token: &str| {
            Request::get("/admin/customer-groups")
                .header(header::HOST, HOST)
                .header(header::COOKIE, format!("clientele_admin={token}"))
                .body(Body::empty())
                .unwrap()
        };
        let (status, _, body) = send(&app, page(&limited)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("Access denied") && body.contains("Magento_Customer::group"));
        assert!(!body.contains("Wholesale"));
        let (status, _, body) = send(&app, page(&full)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Wholesale") && body.contains("Retail Customer"));
    }
);

both_backends!(pages_are_compressed, |state: AppState| async move {
    let app = server::router(state);
    // Pages are made per request: gzip, whatever else the browser accepts (brotli's
    // setup costs more than the page).
    for (accepted, sent) in [
        ("gzip, deflate, br, zstd", Some("gzip")),
        ("gzip", Some("gzip")),
        ("br", None),
    ] {
        for path in ["/admin", "/customer/account/login"] {
            let req = Request::get(path)
                .header(header::HOST, HOST)
                .header(header::ACCEPT_ENCODING, accepted)
                .body(Body::empty())
                .unwrap();
            let res = app.clone().oneshot(req).await.unwrap();
            assert_eq!(
                res.headers()
                    .get(header::CONTENT_ENCODING)
                    .map(|v| v.to_str().unwrap()),
                sent,
                "{path}, accepting {accepted}"
            );
            let body = axum::body::to_bytes(res.into_body(), 1 << 22)
                .await
                .unwrap();
            let text = match sent {
                Some(_) => {
                    let mut text = String::new();
                    std::io::Read::read_to_string(
                        &mut flate2::read::GzDecoder::new(&body[..]),
                        &mut text,
                    )
                    .unwrap();
                    text
                }
                None => String::from_utf8(body.to_vec()).unwrap(),
            };
            assert!(text.contains("</html>"), "{path}: {text}");
        }
    }
});

both_backends!(
    my_account_answers_only_the_signed_in_customer_with_their_own_data,
    |state: AppState| async move {
        use app::accounts::model::Registration;
        let store = app::stores::repo::list_views(&state.db)
            .await
            .unwrap()
            .remove(0);
        let mut tokens = Vec::new();
        for (first, email) in [("Ada", "ada@example.com"), ("Grace", "grace@example.com")] {
            let form = Registration {
                firstname: first.into(),
                lastname: "Shopper".into(),
                email: email.into(),
                password: PASSWORD.into(),
                password_confirmation: PASSWORD.into(),
                ..Default::default()
            };
            let (_, token) = app::accounts::register::register(
                &state,
                &store,
                &form,
                &Caller::default(),
                &app::files::service::Uploader::visitor(None),
            )
            .await
            .unwrap();
            tokens.push(token.unwrap());
        }
        let admin = token_for(&state, "root@example.com", "Administrators").await;
        let app = server::router(state);
        let call = |cookie: Option<String>| {
            let mut req = post("/api/account/dashboard", "", None);
            if let Some(cookie) = cookie {
                req.headers_mut()
                    .insert(header::COOKIE, cookie.parse().unwrap());
            }
            req
        };
        // Nobody signed in, or only an admin: 401.
        let (status, _, _) = send(&app, call(None)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _, _) = send(&app, call(Some(format!("clientele_admin={admin}")))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // Each customer reads their own account, never the other's.
        for (token, own, other) in [
            (&tokens[0], "ada@example.com", "grace@example.com"),
            (&tokens[1], "grace@example.com", "ada@example.com"),
        ] {
            let (status, _, body) =
                send(&app, call(Some(format!("clientele_customer={token}")))).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert!(body.contains(own) && !body.contains(other), "{body}");
        }
    }
);

/// A JSON server-function call as the hydrated app makes it.
fn post_json(path: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .header(app::sessions::csrf::CSRF_HEADER, "1")
        .body(Body::from(body.to_string()))
        .unwrap()
}

both_backends!(
    unreadable_requests_answer_400_and_huge_ones_413,
    |state: AppState| async move {
        let app = server::router(state);
        for body in [
            "{not json",
            r#"{"form": {"firstname": 7}}"#,
            r#"{"form": {"gender": 99999999999999999999999}}"#,
        ] {
            let (status, _, text) = send(&app, post_json("/api/account/create", body)).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body} → {text}");
            assert!(text.contains("BadRequest"), "{text}");
        }
        // An unknown enum value in the grid's query (signed out: the body is read first).
        let (status, _, _) = send(
            &app,
            post_json(
                "/api/admin/customers/grid",
                r#"{"query": {"sort": "Nope"}}"#,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let huge = format!("email={}&password=x", "a".repeat(2 * 1024 * 1024));
        // As a browser or any HTTP client sends it: with its length.
        let mut request = post("/api/account/sign_in", &huge, None);
        request
            .headers_mut()
            .insert(header::CONTENT_LENGTH, huge.len().into());
        let (status, _, _) = send(&app, request).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    }
);

both_backends!(
    every_answer_carries_the_security_headers,
    |state: AppState| async move {
        let app = server::router(state);
        let (_, headers, body) = send(&app, get("/admin")).await;
        let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in the policy")
            .to_string();
        assert!(nonce.len() >= 16);
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(
            !policy.contains("'unsafe-inline' 'nonce")
                && !policy.contains("script-src 'self' 'unsafe-inline'")
        );
        // Every inline script of the page carries the response's nonce.
        let scripts = body.matches("<script").count();
        let with_nonce = body.matches(&format!("nonce=\"{nonce}\"")).count();
        assert!(scripts > 0);
        assert_eq!(scripts, with_nonce, "{body}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(
            headers[header::REFERRER_POLICY],
            "strict-origin-when-cross-origin"
        );
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());

        // Each response has its own nonce.
        let (_, again, _) = send(&app, get("/admin")).await;
        assert_ne!(
            again[header::CONTENT_SECURITY_POLICY],
            headers[header::CONTENT_SECURITY_POLICY]
        );

        let (_, headers, _) = send(&app, get("/")).await;
        let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(policy.contains("frame-ancestors 'self'"));
        let (_, headers, _) = send(&app, get("/customer/account/login")).await;
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        let (_, headers, _) = send(&app, post("/api/admin/me", "", None)).await;
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(
            headers[header::CONTENT_SECURITY_POLICY],
            "default-src 'none'; frame-ancestors 'none'"
        );
    }
);

both_backends!(
    the_outbox_hides_live_links_from_admins_without_its_resource,
    |state: AppState| async move {
        use app::config::model::Scope;
        state
            .config
            .set(
                "customer/password/password_reset_protection_type",
                "0",
                Scope::Default,
                0,
            )
            .await
            .unwrap();
        let store = app::stores::repo::list_views(&state.db)
            .await
            .unwrap()
            .remove(0);
        app::accounts::recovery::request(&state, &store, "nobody@example.com", "192.0.2.1")
            .await
            .unwrap();
        // A customer with a reset link in the outbox.
        let form = app::accounts::model::Registration {
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            email: "ada@example.com".into(),
            password: PASSWORD.into(),
            password_confirmation: PASSWORD.into(),
            ..Default::default()
        };
        app::accounts::register::register(
            &state,
            &store,
            &form,
            &Caller::default(),
            &app::files::service::Uploader::visitor(None),
        )
        .await
        .unwrap();
        app::accounts::recovery::request(&state, &store, "ada@example.com", "192.0.2.1")
            .await
            .unwrap();
        service::create_role(&state, "Support", &[acl::CUSTOMERS_MANAGE.to_string()])
            .await
            .unwrap();
        let support = token_for(&state, "support@example.com", "Support").await;
        let boss = token_for(&state, "boss2@example.com", "Administrators").await;
        let app = server::router(state);
        let (status, headers, body) =
            send(&app, post("/api/admin/mail/outbox", "", Some(&support))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(body.contains("token=…"), "{body}");
        assert!(!regex_like_token(&body), "{body}");
        let (_, _, body) = send(&app, post("/api/admin/mail/outbox", "", Some(&boss))).await;
        assert!(
            regex_like_token(&body),
            "the outbox resource shows the links: {body}"
        );
    }
);

/// Does `body` hold a `token=` followed by a 32-character hex token?
fn regex_like_token(body: &str) -> bool {
    body.match_indices("token=").any(|(at, _)| {
        let rest = &body[at + 6..];
        rest.len() >= 32 && rest[..32].chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// A page or file request with the admin's session cookie.
fn get_as(path: &str, token: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .header(header::COOKIE, format!("clientele_admin={token}"))
        .body(Body::empty())
        .unwrap()
}

both_backends!(
    stalled_exports_cannot_take_the_site_down,
    |state: AppState| async move {
        let first = token_for(&state, "exporter1@example.com", "Administrators").await;
        let second = token_for(&state, "exporter2@example.com", "Administrators").await;
        let app = server::router(state);
        let export = "/admin/customers/export?format=csv";
        // Downloads nobody reads: with the old single long transaction each held one of
        // the pool's four connections until the client finished.
        let mut held = Vec::new();
        for token in [&first, &first, &second, &second] {
            let response = app.clone().oneshot(get_as(export, token)).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            held.push(response);
        }
        // A third for one admin, and a fifth in all, wait for a slot.
        let third = app.clone().oneshot(get_as(export, &first)).await.unwrap();
        assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
        let started = std::time::Instant::now();
        let (status, _, _) =
            send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        let (status, _, body) = send(&app, post("/api/admin/me", "", Some(&first))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // A client that goes away gives its slot back.
        drop(held);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let again = app.clone().oneshot(get_as(export, &first)).await.unwrap();
        assert_eq!(again.status(), StatusCode::OK);
        let body = axum::body::to_bytes(again.into_body(), 1 << 20)
            .await
            .unwrap();
        assert!(String::from_utf8_lossy(&body).contains("Email"));
        // As a browser asks for it: compressed, read to the end.
        let mut request = get_as(export, &first);
        request
            .headers_mut()
            .insert(header::ACCEPT_ENCODING, "gzip".parse().unwrap());
        let gzipped = app.clone().oneshot(request).await.unwrap();
        assert_eq!(gzipped.headers()[header::CONTENT_ENCODING], "gzip");
        let body = axum::body::to_bytes(gzipped.into_body(), 1 << 20)
            .await
            .unwrap();
        assert!(body.len() > 20);
    }
);

both_backends!(
    the_admin_cookie_is_secure_behind_a_trusted_https_proxy,
    |state: AppState| async move {
        boss(&state).await;
        let settings = app::state::Settings {
            trust_proxy: true,
            ..Default::default()
        };
        let proxied = AppState::new(state.leptos_options.clone(), state.db.clone(), settings);
        let app = server::router(proxied);
        let mut request = post(
            "/api/admin/sign_in",
            &format!("email=boss%40example.com&password={PASSWORD}"),
            None,
        );
        request
            .headers_mut()
            .insert("x-forwarded-proto", "https".parse().unwrap());
        let (status, headers, _) = send(&app, request).await;
        assert_eq!(status, StatusCode::OK);
        let cookie = headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.contains("Secure"), "{cookie}");
        assert!(headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
    }
);

both_backends!(
    every_server_function_error_answers_with_its_own_status,
    |state: AppState| async move {
        // Every registered server function, called as a visitor with no session and no
        // arguments: each answers either normally (public functions) or with an error
        // whose HTTP status is that error's own (401 for a missing session, 400 for
        // missing arguments…), never the 500 server_fn would send by default.
        let app = server::router(state);
        let mut errors = Vec::new();
        for (path, method) in leptos::server_fn::axum::server_fn_paths() {
            let request = if method == axum::http::Method::GET {
                get(path)
            } else {
                post(path, "", None)
            };
            let (status, headers, body) = send(&app, request).await;
            if status.is_success() {
                continue;
            }
            let error: app::error::AppError = serde_json::from_str(&body)
                .unwrap_or_else(|_| panic!("{path} answered {status} with {body:?}"));
            assert_eq!(
                status.as_u16(),
                error.status_code(),
                "{path} answered {error:?} with {status}"
            );
            assert!(headers.contains_key("serverfnerror"), "{path}");
            errors.push((path, status));
        }
        // The admin and My Account functions without arguments refuse a visitor without
        // a session; the others cannot read their missing arguments.
        let count = |wanted| {
            errors
                .iter()
                .filter(|(_, status)| *status == wanted)
                .count()
        };
        assert!(count(StatusCode::UNAUTHORIZED) >= 8, "{errors:?}");
        assert!(count(StatusCode::BAD_REQUEST) >= 20, "{errors:?}");
    }
);

/// The Now Online row of visitor cookie `key` (its customer and Last URL), waiting for
/// the write made after the response (at most 5 s).
async fn visitor_row(state: &AppState, key: &str) -> Option<(Option<i64>, String)> {
    use sqlx::Row;
    for _ in 0..50 {
        let row = sqlx::query(
            "SELECT customer_id, last_url FROM customer_visitor WHERE visitor_key = $1",
        )
        .bind(key)
        .fetch_optional(&state.db.pool)
        .await
        .unwrap();
        if let Some(row) = row {
            return Some((row.get("customer_id"), row.get("last_url")));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    None
}

both_backends!(
    storefront_visitors_are_recorded_and_bound_to_the_customer_who_signs_in,
    |state: AppState| async move {
        use app::testing::shop;
        let ada = shop::customer_with_password(&state, "ada@example.com", 1, shop::PASSWORD).await;
        let app = server::router(state.clone());
        let page = html_page;
        // The admin and files get no visitor cookie.
        let (_, headers, _) = send(&app, page("/admin", "")).await;
        assert!(set_cookie_value(&headers, "clientele_visitor").is_none());
        let (_, headers, _) = send(&app, page("/sw.js", "")).await;
        assert!(set_cookie_value(&headers, "clientele_visitor").is_none());

        // A storefront page gives one: first-party, HttpOnly, for the browser session.
        let (status, headers, _) = send(&app, page("/customer/account/login", "")).await;
        assert_eq!(status, StatusCode::OK);
        let cookie = set_cookie_value(&headers, "clientele_visitor").expect("a visitor cookie");
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax")
                && !cookie.contains("Max-Age")
                && !cookie.contains("Expires"),
            "{cookie}"
        );
        let visitor = cookie.split(';').next().unwrap().to_string();
        let key = visitor["clientele_visitor=".len()..].to_string();
        // Rendering the page recorded the visit.
        assert_eq!(
            visitor_row(&state, &key).await,
            Some((None, "/customer/account/login".to_string()))
        );
        // A forged cookie is ignored (no row), and replaced by a fresh one.
        let (_, headers, _) = send(&app, page("/", "clientele_visitor=../../etc'--")).await;
        assert!(set_cookie_value(&headers, "clientele_visitor").is_some());

        // Signing in binds this visitor to Ada at once (no waiting for the throttle).
        let call = |path: &str, body: &str, cookie: &str| {
            Request::post(path)
                .header(header::HOST, HOST)
                .header(header::ORIGIN, format!("http://{HOST}"))
                .header("sec-fetch-site", "same-origin")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header(app::sessions::csrf::CSRF_HEADER, "1")
                .header(
                    header::REFERER,
                    format!("http://{HOST}/customer/account/login"),
                )
                .header(header::COOKIE, cookie)
                .body(Body::from(body.to_string()))
                .unwrap()
        };
        let body = format!("email=ada%40example.com&password={}", shop::PASSWORD);
        let (status, headers, answer) =
            send(&app, call("/api/account/sign_in", &body, &visitor)).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let row = sqlx::query("SELECT customer_id FROM customer_visitor WHERE visitor_key = $1")
            .bind(&key)
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
        assert_eq!(
            sqlx::Row::get::<Option<i64>, _>(&row, "customer_id"),
            Some(ada)
        );
        let session = set_cookie_value(&headers, "clientele_customer").expect("signed in");
        let session = session.split(';').next().unwrap().to_string();

        // Signing out makes it a visitor again.
        let (status, _, _) = send(
            &app,
            call(
                "/api/account/sign_out",
                "",
                &format!("{visitor}; {session}"),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let row = sqlx::query("SELECT customer_id FROM customer_visitor WHERE visitor_key = $1")
            .bind(&key)
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
        assert_eq!(sqlx::Row::get::<Option<i64>, _>(&row, "customer_id"), None);
    }
);

both_backends!(
    a_login_as_customer_link_opens_the_store_as_the_customer_once,
    |state: AppState| async move {
        use app::testing::shop;
        boss(&state).await;
        let admin_token =
            service::sign_in(&state, "boss@example.com", PASSWORD, &Caller::default())
                .await
                .unwrap();
        let admin = service::authenticate(&state, Some(&admin_token))
            .await
            .unwrap()
            .unwrap();
        state
            .config
            .set(
                "login_as_customer/general/enabled",
                "1",
                app::config::model::Scope::Default,
                0,
            )
            .await
            .unwrap();
        let ada = shop::customer_with_password(&state, "ada@example.com", 1, shop::PASSWORD).await;
        sqlx::query("UPDATE customer_entity SET assistance_allowed = 1 WHERE entity_id = $1")
            .bind(ada)
            .execute(&state.db.pool)
            .await
            .unwrap();
        let link = |state: AppState, admin: app::auth::service::AdminPrincipal| async move {
            let input = app::login_as_customer::model::StartInput {
                customer_id: ada,
                reason: "Cannot find the address book".into(),
                store_id: None,
            };
            app::login_as_customer::service::start(
                &state,
                &admin,
                &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                &input,
            )
            .await
            .unwrap()
        };
        let app = server::router(state.clone());
        let open = |path: &str, cookie: &str| {
            Request::get(path)
                .header(header::HOST, HOST)
                .header(header::ACCEPT, "text/html")
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap()
        };
        let admin_cookie = format!("clientele_admin={admin_token}");

        let url = link(state.clone(), admin.clone()).await;
        let (status, headers, _) = send(&app, open(&url, &admin_cookie)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers[header::LOCATION], "/customer/account");
        let session = set_cookie_value(&headers, "clientele_customer").expect("signed in as Ada");
        assert!(session.contains("HttpOnly"), "{session}");
        let session = session.split(';').next().unwrap().to_string();
        assert!(set_cookie_value(&headers, "clientele_store").is_some());
        // The store shows who the admin is connected as, and no password change.
        let (status, _, html) = send(
            &app,
            open("/customer/account", &format!("{admin_cookie}; {session}")),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("You are connected as Ada Lovelace on Default Store View"),
            "{html}"
        );

        // Used once: the second time says so.
        let (status, headers, _) = send(&app, open(&url, &admin_cookie)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers[header::LOCATION],
            "/loginascustomer/refused?reason=reused"
        );
        assert!(set_cookie_value(&headers, "clientele_customer").is_none());
        let (_, _, html) = send(&app, open("/loginascustomer/refused?reason=reused", "")).await;
        assert!(
            html.contains("This Login as Customer link has already been used."),
            "{html}"
        );
        // Without the admin's session in the browser, a fresh link does nothing.
        let url = link(state.clone(), admin.clone()).await;
        let (_, headers, _) = send(&app, open(&url, "")).await;
        assert_eq!(
            headers[header::LOCATION],
            "/loginascustomer/refused?reason=no_admin"
        );
        // A made-up link.
        let (_, headers, _) = send(
            &app,
            open("/loginascustomer/login/not-a-secret", &admin_cookie),
        )
        .await;
        assert_eq!(
            headers[header::LOCATION],
            "/loginascustomer/refused?reason=unknown"
        );

        // Behind a trusted proxy, the session opened is the browser's address, as for
        // every other sign-in; without trust, a forwarded address is ignored.
        let ip_of_new_session = |trust_proxy: bool| {
            let (state, admin, admin_cookie) = (state.clone(), admin.clone(), admin_cookie.clone());
            async move {
                let settings = app::state::Settings {
                    trust_proxy,
                    ..Default::default()
                };
                let app = server::router(AppState::new(
                    state.leptos_options.clone(),
                    state.db.clone(),
                    settings,
                ));
                let url = link(state.clone(), admin).await;
                let mut request = open(&url, &admin_cookie);
                request
                    .headers_mut()
                    .insert("x-forwarded-for", "203.0.113.7".parse().unwrap());
                request.extensions_mut().insert(axum::extract::ConnectInfo(
                    std::net::SocketAddr::from(([10, 0, 0, 2], 40000)),
                ));
                let (_, headers, _) = send(&app, request).await;
                assert_eq!(headers[header::LOCATION], "/customer/account");
                sqlx::query(
                    "SELECT ip FROM sessions WHERE kind = 'customer' ORDER BY created_at DESC, ip DESC LIMIT 1",
                )
                .fetch_one(&state.db.pool)
                .await
                .map(|row| sqlx::Row::get::<String, _>(&row, "ip"))
                .unwrap()
            }
        };
        sqlx::query("DELETE FROM sessions WHERE kind = 'customer'")
            .execute(&state.db.pool)
            .await
            .unwrap();
        assert_eq!(ip_of_new_session(true).await, "203.0.113.7");
        sqlx::query("DELETE FROM sessions WHERE kind = 'customer'")
            .execute(&state.db.pool)
            .await
            .unwrap();
        assert_eq!(ip_of_new_session(false).await, "10.0.0.2");
    }
);

both_backends!(
    the_log_and_online_downloads_need_their_permission,
    |state: AppState| async move {
        service::create_role(&state, "Support", &[acl::DASHBOARD.to_string()])
            .await
            .unwrap();
        let limited = token_for(&state, "support@example.com", "Support").await;
        let full = token_for(&state, "root@example.com", "Administrators").await;
        let app = server::router(state);
        let get = |path: &str, cookie: Option<&str>| {
            let mut req = Request::get(path).header(header::HOST, HOST);
            if let Some(token) = cookie {
                req = req.header(header::COOKIE, format!("clientele_admin={token}"));
            }
            req.body(Body::empty()).unwrap()
        };
        for (path, header_row) in [
            (
                "/admin/action-log/export?cols=log_id,user,entity,action",
                "ID,Username,Action Group,Action",
            ),
            (
                "/admin/login-as-customer-log/export?cols=log_id,reason",
                "ID,Reason",
            ),
            ("/admin/customers/online/export?cols=customer_id", "ID"),
        ] {
            let (status, _, _) = send(&app, get(path, None)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
            let (status, _, body) = send(&app, get(path, Some(&limited))).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
            let (status, headers, body) = send(&app, get(path, Some(&full))).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            assert_eq!(
                headers.get(header::CONTENT_TYPE).unwrap(),
                "text/csv; charset=utf-8"
            );
            assert_eq!(body.lines().next(), Some(header_row), "{path}");
        }
        // Creating the root admin is in the action log; its row follows the headers.
        let (_, _, body) = send(
            &app,
            get(
                "/admin/action-log/export?cols=user,entity,action",
                Some(&full),
            ),
        )
        .await;
        assert!(body.contains("command line,Admin User,Created"), "{body}");
    }
);

/// An upload as the page's script sends it: the bytes, the name in a header.
fn upload_request(query: &str, name: &str, bytes: Vec<u8>, cookie: &str) -> Request<Body> {
    let mut req = Request::post(format!("/media/customer-file?{query}"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header("x-file-name", name)
        .header(app::sessions::csrf::CSRF_HEADER, "1");
    if !cookie.is_empty() {
        req = req.header(header::COOKIE, cookie);
    }
    req.body(Body::from(bytes)).unwrap()
}

fn file_get(path: &str, cookie: &str) -> Request<Body> {
    let mut req = Request::get(path).header(header::HOST, HOST);
    if !cookie.is_empty() {
        req = req.header(header::COOKIE, cookie);
    }
    req.body(Body::empty()).unwrap()
}

fn png_of(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

both_backends!(
    uploaded_files_are_sent_only_to_their_customer_and_admins,
    |state: AppState| async move {
        use app::attributes::model::{
            AttributeInput, EntityType, FileRules, InputType, UsedInForm,
        };
        use app::testing::shop;
        for (code, input, forms) in [
            (
                "photo",
                InputType::Image,
                vec![
                    UsedInForm::CustomerAccountCreate,
                    UsedInForm::CustomerAccountEdit,
                ],
            ),
            ("internal_scan", InputType::File, vec![]),
        ] {
            let a = AttributeInput {
                entity: EntityType::Customer,
                label: code.into(),
                code: code.into(),
                input,
                visible: true,
                forms,
                file: FileRules {
                    max_kb: Some(1024),
                    ..FileRules::default()
                },
                ..AttributeInput::default()
            };
            app::attributes::service::save(&state, &shop::actor(), &a)
                .await
                .unwrap();
        }
        let ada = shop::customer_with_password(&state, "ada@example.com", 1, shop::PASSWORD).await;
        shop::customer_with_password(&state, "bob@example.com", 1, shop::PASSWORD).await;
        let session = |email: &'static str| {
            let state = state.clone();
            async move {
                let token = app::accounts::service::sign_in(
                    &state,
                    1,
                    email,
                    shop::PASSWORD,
                    &Caller::default(),
                )
                .await
                .unwrap();
                format!("clientele_customer={token}")
            }
        };
        let (ada_cookie, bob_cookie) = (
            session("ada@example.com").await,
            session("bob@example.com").await,
        );
        let admin = format!(
            "clientele_admin={}",
            token_for(&state, "files@example.com", "Administrators").await
        );
        service::create_role(&state, "Groups only", &[acl::CUSTOMER_GROUPS.to_string()])
            .await
            .unwrap();
        let groups_admin = format!(
            "clientele_admin={}",
            token_for(&state, "groups@example.com", "Groups only").await
        );
        let app = server::router(state.clone());

        // The shopper uploads for a field of their form; the answer is the value to save.
        let (status, _, body) = send(
            &app,
            upload_request(
                "entity=customer&code=photo",
                "me%20%C3%A9t%C3%A9.png",
                png_of(64, 48),
                &ada_cookie,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let uploaded: app::files::Uploaded = serde_json::from_str(&body).unwrap();
        assert!(
            uploaded.value.ends_with("/me été.png"),
            "{}",
            uploaded.value
        );
        let url = uploaded.url.clone();

        // Before it is saved: the uploader sees it, another customer is told it is not
        // there, as is a visitor; the bytes come back as an image shown in place, never
        // sniffed, framed or cached.
        let (status, headers, _) = send(&app, file_get(&url, &ada_cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], "image/png");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("inline; filename=\"me _t_.png\""));
        assert!(headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("sandbox"));
        assert_eq!(headers[header::CACHE_CONTROL], "private, no-store");
        for stranger in [bob_cookie.as_str(), "", groups_admin.as_str()] {
            let (status, _, _) = send(&app, file_get(&url, stranger)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{stranger}");
        }
        // Saved to Ada by her own form: hers and the admins'.
        let value = uploaded.value.clone();
        let me = app::testing::shop::signed_in(ada, "ada@example.com");
        let mut info = app::accounts::information::load(&state, &me).await.unwrap();
        info.form.custom.insert("photo".into(), value);
        app::accounts::information::save(&state, &me, None, &info.form)
            .await
            .unwrap();
        for (who, expected) in [
            (ada_cookie.as_str(), StatusCode::OK),
            (admin.as_str(), StatusCode::OK),
            (bob_cookie.as_str(), StatusCode::NOT_FOUND),
            (groups_admin.as_str(), StatusCode::NOT_FOUND),
        ] {
            assert_eq!(send(&app, file_get(&url, who)).await.0, expected, "{who}");
        }
        // A guessed token is as missing as a real one of someone else.
        let (status, _, _) = send(
            &app,
            file_get(
                "/media/customer-file/00000000000000000000000000000000/x.png",
                &admin,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // A shopper cannot upload for an attribute not in their forms; the admin can,
        // and a document is sent as a download, never shown in place.
        let pdf = b"%PDF-1.7\n%hostile <script>".to_vec();
        let (status, _, _) = send(
            &app,
            upload_request(
                "entity=customer&code=internal_scan",
                "scan.pdf",
                pdf.clone(),
                &ada_cookie,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, body) = send(
            &app,
            upload_request(
                "entity=customer&code=internal_scan&area=admin",
                "scan.pdf",
                pdf.clone(),
                &admin,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let doc: app::files::Uploaded = serde_json::from_str(&body).unwrap();
        let (_, headers, got) = send(&app, file_get(&doc.url, &admin)).await;
        assert_eq!(headers[header::CONTENT_TYPE], "application/octet-stream");
        assert!(headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment;"));
        assert_eq!(got.as_bytes(), &pdf[..]);
        // Admin uploads need customer access.
        let (status, _, _) = send(
            &app,
            upload_request(
                "entity=customer&code=photo&area=admin",
                "a.png",
                png_of(1, 1),
                &groups_admin,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Refusals: a page called .png (422, the message says why), no one signed in and
        // no form cookie (401), no CSRF proof (403), a body past the largest upload
        // (413, before it is read).
        let (status, _, body) = send(
            &app,
            upload_request(
                "entity=customer&code=photo",
                "x.png",
                b"<html><script>".to_vec(),
                &ada_cookie,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("ErrFileContent"), "{body}");
        let (status, _, _) = send(
            &app,
            upload_request("entity=customer&code=photo", "x.png", png_of(1, 1), ""),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let mut no_proof = upload_request(
            "entity=customer&code=photo",
            "x.png",
            png_of(1, 1),
            &ada_cookie,
        );
        no_proof
            .headers_mut()
            .remove(app::sessions::csrf::CSRF_HEADER);
        no_proof
            .headers_mut()
            .insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert_eq!(send(&app, no_proof).await.0, StatusCode::FORBIDDEN);
        let huge = vec![b'a'; app::files::http::MAX_UPLOAD_BODY + 128 * 1024];
        let mut announced = upload_request(
            "entity=customer&code=photo",
            "x.png",
            huge.clone(),
            &ada_cookie,
        );
        announced
            .headers_mut()
            .insert(header::CONTENT_LENGTH, huge.len().into());
        assert_eq!(send(&app, announced).await.0, StatusCode::PAYLOAD_TOO_LARGE);
        // Streamed without a length: cut off at the largest upload, and told the limit.
        let (status, _, body) = send(
            &app,
            upload_request("entity=customer&code=photo", "x.png", huge, &ada_cookie),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("ErrFileTooBig"), "{body}");
        // Other requests keep their 1 MiB limit.
        let two_mib = format!("email={}&password=x", "a".repeat(2 * 1024 * 1024));
        let mut request = post("/api/account/sign_in", &two_mib, None);
        request
            .headers_mut()
            .insert(header::CONTENT_LENGTH, two_mib.len().into());
        assert_eq!(send(&app, request).await.0, StatusCode::PAYLOAD_TOO_LARGE);

        // One network address makes at most so many uploads an hour, whatever cookies
        // it sends (the tests' requests come from no address).
        sqlx::query("UPDATE rate_limits SET hits = $1 WHERE bucket = 'uploads:'")
            .bind(app::files::http::UPLOADS_PER_IP.max)
            .execute(&state.db.pool)
            .await
            .unwrap();
        let (status, _, body) = send(
            &app,
            upload_request(
                "entity=customer&code=photo",
                "x.png",
                png_of(1, 1),
                &ada_cookie,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        sqlx::query("DELETE FROM rate_limits WHERE bucket = 'uploads:'")
            .execute(&state.db.pool)
            .await
            .unwrap();

        // A visitor registering uploads with their browser's form cookie.
        let visitor = "clientele_form=0123456789abcdef0123456789abcdef";
        let (status, _, body) = send(
            &app,
            upload_request("entity=customer&code=photo", "v.png", png_of(2, 2), visitor),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let theirs: app::files::Uploaded = serde_json::from_str(&body).unwrap();
        assert_eq!(
            send(&app, file_get(&theirs.url, visitor)).await.0,
            StatusCode::OK
        );
        assert_eq!(
            send(
                &app,
                file_get(
                    &theirs.url,
                    "clientele_form=ffffffffffffffffffffffffffffffff"
                )
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
    }
);

both_backends!(
    saved_views_belong_to_the_grid_an_admin_may_open,
    |state: AppState| async move {
        service::create_role(&state, "Auditor", &[acl::ACTION_LOG.to_string()])
            .await
            .unwrap();
        let auditor = token_for(&state, "auditor@example.com", "Auditor").await;
        let boss = token_for(&state, "boss@example.com", "Administrators").await;
        let app = server::router(state.clone());
        let call = |path: &'static str, body: String, token: String| {
            let app = app.clone();
            async move { send(&app, post(path, &body, Some(&token))).await }
        };

        // Every grid with a views menu answers it: the action log, Now Online and the
        // Login as Customer log too (they answered 404 before).
        for grid in [
            "admin_action_log_listing",
            "customer_online_grid",
            "login_as_customer_log_listing",
            "customer_listing",
        ] {
            let (status, _, body) = call(
                "/api/admin/customers/views",
                format!("namespace={grid}"),
                boss.clone(),
            )
            .await;
            assert_eq!((status, body.as_str()), (StatusCode::OK, "[]"), "{grid}");
        }

        // An admin who may open only the action log keeps views of it…
        let (status, _, body) = call(
            "/api/admin/customers/views/save",
            "namespace=admin_action_log_listing&name=Deletes&state=search%3Ddelete".into(),
            auditor.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let saved: app::saved_views::GridView = serde_json::from_str(&body).unwrap();
        assert_eq!(saved.name, "Deletes");
        let (status, _, body) = call(
            "/api/admin/customers/views",
            "namespace=admin_action_log_listing".into(),
            auditor.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Deletes"), "{body}");

        // …but not of the customers grid, which they may not open.
        let (status, _, body) = call(
            "/api/admin/customers/views",
            "namespace=customer_listing".into(),
            auditor.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body.contains(acl::CUSTOMERS_MANAGE), "{body}");

        // A view is renamed or deleted only through the grid it belongs to, and only by
        // its admin.
        let id = saved.id;
        let (status, _, body) = call(
            "/api/admin/customers/views/save",
            "namespace=customer_listing&name=Mine&state=search%3Dada".into(),
            boss.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let boss_view: app::saved_views::GridView = serde_json::from_str(&body).unwrap();
        let (status, _, _) = call(
            "/api/admin/customers/views/delete",
            format!("namespace=customer_online_grid&id={}", boss_view.id),
            boss.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another grid's view");
        let (status, _, _) = call(
            "/api/admin/customers/views/delete",
            format!("namespace=admin_action_log_listing&id={id}"),
            boss.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another admin's view");
        let (status, _, body) = call(
            "/api/admin/customers/views/rename",
            format!("namespace=admin_action_log_listing&id={id}&name=Removals"),
            auditor.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, _, body) = call(
            "/api/admin/customers/views/delete",
            format!("namespace=admin_action_log_listing&id={id}"),
            auditor.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // A grid the server does not know: not found, for a signed-in admin; without a
        // session nothing is said about grids at all.
        let (status, _, _) = call(
            "/api/admin/customers/views",
            "namespace=sales_order_grid".into(),
            boss.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = send(
            &app,
            post(
                "/api/admin/customers/views",
                "namespace=sales_order_grid",
                None,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
);
