//! `GET /sw.js`: the service worker that keeps the storefront's account pages usable
//! offline. Its cache is named after this build's asset hashes (from the same hash file
//! Leptos reads for the script tags), so pages and the bundle they hydrate with are
//! cached, and dropped, together.

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use leptos::config::LeptosOptions;

const TEMPLATE: &str = include_str!("service_worker.js");

/// The hashed asset names and a version for this build: from the hash file beside the
/// executable (`js: …`, `wasm: …`, `css: …`), or a per-start version without hashing.
fn build_assets(options: &LeptosOptions) -> (String, Vec<String>) {
    let hashes = options
        .hash_files
        .then(|| {
            let path = std::env::current_exe()
                .ok()?
                .parent()?
                .join(options.hash_file.as_ref());
            std::fs::read_to_string(path).ok()
        })
        .flatten();
    let Some(hashes) = hashes else {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        return (format!("dev-{started}"), Vec::new());
    };
    from_hashes(options, &hashes)
}

/// The version and asset names of a hashed build, from its hash file.
fn from_hashes(options: &LeptosOptions, hashes: &str) -> (String, Vec<String>) {
    let mut version = Vec::new();
    let mut assets = Vec::new();
    for line in hashes.lines() {
        if let Some((kind, hash)) = line.split_once(':') {
            let (kind, hash) = (kind.trim(), hash.trim());
            if ["js", "wasm", "css"].contains(&kind) {
                version.push(hash.to_string());
                assets.push(format!(
                    "/{}/{}.{hash}.{kind}",
                    options.site_pkg_dir, options.output_name
                ));
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
    fn a_hashed_build_names_its_cache_after_its_assets_and_precaches_them() {
        let options = LeptosOptions::builder().output_name("clientele").build();
        let (version, assets) = from_hashes(&options, "js: aa11\nwasm: bb22\ncss: cc33\n");
        assert_eq!(version, "aa11-bb22-cc33");
        assert_eq!(
            assets,
            [
                "/pkg/clientele.aa11.js",
                "/pkg/clientele.bb22.wasm",
                "/pkg/clientele.cc33.css"
            ]
        );
    }
}
