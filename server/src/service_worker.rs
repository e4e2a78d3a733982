//! `GET /sw.js`: the service worker that keeps the storefront's account pages usable
//! offline. Its cache is named after this build's asset hashes (from the same hash files
//! Leptos reads for the script tags), so pages and the bundle they hydrate with are
//! cached, and dropped, together.

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use leptos::config::LeptosOptions;

const TEMPLATE: &str = include_str!("service_worker.js");

/// The hash files of a hashed build, beside the executable: `hash.txt` (the admin's
/// stylesheet) and `hash-<bundle>.txt` for the storefront's and the admin's bundles (the
/// storefront's also names its stylesheet).
const HASH_FILES: [(&str, Option<&str>); 3] = [
    ("hash.txt", None),
    ("hash-storefront.txt", Some("storefront")),
    ("hash-admin.txt", Some("admin")),
];

/// The hashed asset names to precache and a version for this build, or a per-start
/// version without hashing.
fn build_assets(options: &LeptosOptions) -> (String, Vec<String>) {
    let dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.to_path_buf()));
    let files = options.hash_files.then_some(dir).flatten().and_then(|dir| {
        HASH_FILES
            .iter()
            .map(|(file, bundle)| {
                let text = std::fs::read_to_string(dir.join(file)).ok()?;
                Some((bundle.unwrap_or(&options.output_name), text))
            })
            .collect::<Option<Vec<_>>>()
    });
    let Some(files) = files else {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        return (format!("dev-{started}"), Vec::new());
    };
    from_hashes(options, &files)
}

/// The version and precached asset names of a hashed build, from its hash files (each
/// with the name its files carry). The version covers every file; the precache holds
/// the storefront's stylesheet and every file of its bundle directory (its main module
/// and the chunks of its lazily loaded pages), what the offline account pages need (an
/// admin's browser caches the admin bundle when it first loads it).
fn from_hashes(options: &LeptosOptions, files: &[(&str, String)]) -> (String, Vec<String>) {
    let pkg = &options.site_pkg_dir;
    let mut version = Vec::new();
    let mut assets = Vec::new();
    for (name, hashes) in files {
        for (kind, hash) in app::routes::hash_entries(hashes) {
            match kind {
                "css" => {
                    version.push(hash.to_string());
                    // The storefront's own sheet (the admin's whole one is for pages
                    // that are never kept offline).
                    if *name == "storefront" {
                        assets.push(format!("/{pkg}/{name}.{hash}.css"));
                    }
                }
                "dir" => {
                    version.push(hash.to_string());
                    if *name == "storefront" {
                        let dir = format!("{name}.{hash}");
                        let on_disk = std::path::Path::new(options.site_root.as_ref())
                            .join(pkg.as_ref())
                            .join(&dir);
                        assets.extend(
                            bundle_files(&on_disk)
                                .into_iter()
                                .map(|file| format!("/{pkg}/{dir}/{file}")),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    (version.join("-"), assets)
}

/// The files a browser loads from a bundle's directory (its paths below it, sorted),
/// without the compressed copies the server sends in their place.
fn bundle_files(dir: &std::path::Path) -> Vec<String> {
    let mut files = Vec::new();
    // A directory that cannot be read precaches nothing: pages load online as ever.
    let _ = crate::cli::assets::collect(dir, &mut files);
    let mut files: Vec<String> = files
        .iter()
        .filter_map(|file| Some(file.strip_prefix(dir).ok()?.to_string_lossy().into_owned()))
        .collect();
    files.sort();
    files
}

/// The service worker script of this build.
pub fn script(options: &LeptosOptions) -> String {
    let (version, assets) = build_assets(options);
    let assets = format!(
        "[{}]",
        assets
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    TEMPLATE
        .replace("__VERSION__", &version)
        .replace("__ASSETS__", &assets)
}

/// Serve the script; browsers must always check for a newer one.
pub fn handler(
    options: &LeptosOptions,
) -> impl Fn() -> std::future::Ready<axum::response::Response> + Clone {
    let body = script(options);
    move || {
        std::future::ready(
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/javascript; charset=utf-8"),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                ],
                body.clone(),
            )
                .into_response(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unhashed_build_caches_no_asset_list_and_names_its_cache_per_start() {
        let options = LeptosOptions::builder().output_name("clientele").build();
        let script = script(&options);
        assert!(script.contains("const ASSETS = [];"));
        assert!(script.contains("const VERSION = \"dev-"));
        assert!(!script.contains("__VERSION__"));
    }

    #[test]
    fn a_hashed_build_names_its_cache_after_its_assets_and_precaches_the_storefront() {
        let site = tempfile::tempdir().unwrap();
        let storefront = site.path().join("pkg/storefront.aa11");
        std::fs::create_dir_all(storefront.join("snippets/x")).unwrap();
        for file in [
            "storefront.js",
            "storefront.wasm",
            "storefront.wasm.br",
            "__wasm_split.js",
            "split___address_book_route_view_1.wasm",
            "chunk_3.wasm",
            "chunk_3.wasm.gz",
            "snippets/x/inline0.js",
        ] {
            std::fs::write(storefront.join(file), "x").unwrap();
        }
        let options = LeptosOptions::builder()
            .output_name("clientele")
            .site_root(site.path().to_string_lossy().into_owned())
            .build();
        let files = [
            ("clientele", "css: cc33\n".to_string()),
            ("storefront", "dir: aa11\ncss: ss22\n".to_string()),
            ("admin", "dir: dd44\n".to_string()),
        ];
        let (version, assets) = from_hashes(&options, &files);
        assert_eq!(version, "cc33-aa11-ss22-dd44");
        assert_eq!(
            assets,
            [
                "/pkg/storefront.aa11/__wasm_split.js",
                "/pkg/storefront.aa11/chunk_3.wasm",
                "/pkg/storefront.aa11/snippets/x/inline0.js",
                "/pkg/storefront.aa11/split___address_book_route_view_1.wasm",
                "/pkg/storefront.aa11/storefront.js",
                "/pkg/storefront.aa11/storefront.wasm",
                "/pkg/storefront.ss22.css",
            ]
        );
    }
}
