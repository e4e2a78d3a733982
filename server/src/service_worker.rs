//! `GET /sw.js`: the service worker that keeps the storefront's account pages usable
//! offline. Its cache is named after this build's asset hashes (from the same hash files
//! Leptos reads for the script tags), so pages and the bundle they hydrate with are
//! cached, and dropped, together.

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use leptos::config::LeptosOptions;

const TEMPLATE: &str = include_str!("service_worker.js");

/// The hash files of a hashed build, beside the executable: `hash.txt` (the
/// stylesheet) and `hash-<bundle>.txt` for the storefront's and the admin's bundles.
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
/// the stylesheet and the storefront's bundle, what the offline account pages need
/// (an admin's browser caches the admin bundle when it first loads it).
fn from_hashes(options: &LeptosOptions, files: &[(&str, String)]) -> (String, Vec<String>) {
    let mut version = Vec::new();
    let mut assets = Vec::new();
    for (name, hashes) in files {
        for (kind, hash) in app::routes::hash_entries(hashes) {
            if ["js", "wasm", "css"].contains(&kind) {
                version.push(hash.to_string());
                if *name != "admin" {
                    assets.push(format!("/{}/{name}.{hash}.{kind}", options.site_pkg_dir));
                }
            }
        }
    }
    (version.join("-"), assets)
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
        let options = LeptosOptions::builder().output_name("clientele").build();
        let files = [
            ("clientele", "css: cc33\n".to_string()),
            ("storefront", "js: aa11\nwasm: bb22\n".to_string()),
            ("admin", "js: dd44\nwasm: ee55\n".to_string()),
        ];
        let (version, assets) = from_hashes(&options, &files);
        assert_eq!(version, "cc33-aa11-bb22-dd44-ee55");
        assert_eq!(
            assets,
            [
                "/pkg/clientele.cc33.css",
                "/pkg/storefront.aa11.js",
                "/pkg/storefront.bb22.wasm",
            ]
        );
    }
}
