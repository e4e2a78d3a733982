//! Browser entry: hydrate the server-rendered page.
//!
//! Built twice (`.ci/scripts/build-site.sh`): without features it is the storefront's
//! bundle, with `admin` the admin's. Each links only the app it hydrates.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "admin")]
    app::hydrate_admin();
    #[cfg(not(feature = "admin"))]
    app::hydrate_storefront();
}
