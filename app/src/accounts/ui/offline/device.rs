//! The copies of the account pages kept on this device, per shopper.

use super::*;

/// Every key this module writes starts with this.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) const PREFIX: &str = "clientele.account.";

/// A page's data as kept on the device, with when it was loaded (ms since the epoch).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceCopy<T> {
    pub saved_at: f64,
    pub data: T,
}

/// What a page shows: fresh from the server, or the device copy while offline.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded<T> {
    Live(T),
    Saved(DeviceCopy<T>),
}

impl<T> Loaded<T> {
    pub fn data(&self) -> &T {
        match self {
            Loaded::Live(data) => data,
            Loaded::Saved(saved) => &saved.data,
        }
    }

    pub fn into_data(self) -> T {
        match self {
            Loaded::Live(data) => data,
            Loaded::Saved(saved) => saved.data,
        }
    }

    /// When the copy shown was saved, if it is the device copy.
    pub fn saved_at(&self) -> Option<f64> {
        match self {
            Loaded::Live(_) => None,
            Loaded::Saved(saved) => Some(saved.saved_at),
        }
    }
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) fn key(owner: &str, name: &str) -> String {
    format!("{PREFIX}{}.{name}", owner.to_lowercase())
}

#[cfg(feature = "hydrate")]
pub(super) fn now() -> f64 {
    js_sys::Date::now()
}

#[cfg(feature = "hydrate")]
pub(super) fn write<T: Serialize>(owner: &str, name: &str, value: &T) {
    use gloo_storage::Storage;
    if let Err(error) = gloo_storage::LocalStorage::set(key(owner, name), value) {
        leptos::logging::warn!("could not keep {name} on this device: {error}");
    }
}

#[cfg(not(feature = "hydrate"))]
pub(super) fn write<T: Serialize>(_owner: &str, _name: &str, _value: &T) {}

#[cfg(feature = "hydrate")]
pub(super) fn read<T: DeserializeOwned>(owner: &str, name: &str) -> Option<T> {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get(key(owner, name)).ok()
}

#[cfg(not(feature = "hydrate"))]
pub(super) fn read<T: DeserializeOwned>(_owner: &str, _name: &str) -> Option<T> {
    None
}

/// Keep a page's data on the device.
pub fn keep<T: Serialize>(owner: &str, name: &str, data: &T) {
    #[cfg(feature = "hydrate")]
    write(
        owner,
        name,
        &DeviceCopy {
            saved_at: now(),
            data,
        },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (owner, name, data);
}

/// How long a device copy is kept, in milliseconds (the store's "Offline Copies
/// Lifetime", told by the storefront layout; a week until then).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) static COPY_LIFETIME_MS: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(7 * 86_400_000);

/// Set how many days device copies are kept.
pub fn set_copy_lifetime(days: i64) {
    let ms = u64::try_from(days.clamp(1, 365)).unwrap_or(7) * 86_400_000;
    COPY_LIFETIME_MS.store(ms, std::sync::atomic::Ordering::Relaxed);
}

/// Is a copy saved at `saved_at` (ms) too old at `now` (ms) to be shown?
pub fn expired(saved_at: f64, now: f64, lifetime_ms: u64) -> bool {
    now - saved_at > lifetime_ms as f64
}

/// The device copy of a page, if any and not expired (an expired one is removed).
pub fn saved<T: DeserializeOwned>(owner: &str, name: &str) -> Option<DeviceCopy<T>> {
    let copy: DeviceCopy<T> = read(owner, name)?;
    #[cfg(feature = "hydrate")]
    {
        let lifetime = COPY_LIFETIME_MS.load(std::sync::atomic::Ordering::Relaxed);
        if expired(copy.saved_at, now(), lifetime) {
            use gloo_storage::Storage;
            gloo_storage::LocalStorage::delete(key(owner, name));
            return None;
        }
    }
    Some(copy)
}

/// The storefront layout says who is signed in (`None`: nobody). When that changes (a
/// sign-in, a registration, a session that ended or was signed out elsewhere), the page
/// copies on this device and the cached account pages are removed, so no one's
/// personal data outlives their session; queued changes stay with their owner.
pub fn follow_session(owner: Option<&str>) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::Storage;
        let marker = format!("{PREFIX}signed-in-as");
        let last: Option<String> = gloo_storage::LocalStorage::get(&marker).ok();
        let current = owner.map(str::to_lowercase);
        if last != current {
            forget(false);
            match current {
                Some(owner) => {
                    let _ = gloo_storage::LocalStorage::set(&marker, owner);
                }
                None => gloo_storage::LocalStorage::delete(&marker),
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = owner;
}

/// Remove everything kept for the account pages on this device: the copies, the queue,
/// and the service worker's cached pages (they show the shopper's name).
pub fn forget_all() {
    forget(true);
}

pub(super) fn forget(queue_too: bool) {
    #[cfg(not(feature = "hydrate"))]
    let _ = queue_too;
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::Storage;
        let storage = gloo_storage::LocalStorage::raw();
        let queued = |k: &str| k.ends_with(".queue") || k.ends_with(".conflicts");
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX) && (queue_too || !queued(k)))
            .collect();
        for k in keys {
            let _ = storage.remove_item(&k);
        }
        if let Ok(caches) = window().caches() {
            leptos::task::spawn_local(async move {
                use wasm_bindgen::JsCast;
                use wasm_bindgen_futures::JsFuture;
                let Ok(names) = JsFuture::from(caches.keys()).await else {
                    return;
                };
                for name in js_sys::Array::from(&names).iter() {
                    let Some(name) = name.as_string().filter(|n| n.starts_with("clientele-"))
                    else {
                        continue;
                    };
                    if queue_too {
                        let _ = JsFuture::from(caches.delete(&name)).await;
                        continue;
                    }
                    // Only the cached account pages; the build's files stay for offline use.
                    let Ok(cache) = JsFuture::from(caches.open(&name)).await else {
                        continue;
                    };
                    let cache: web_sys::Cache = cache.unchecked_into();
                    let Ok(requests) = JsFuture::from(cache.keys()).await else {
                        continue;
                    };
                    for request in js_sys::Array::from(&requests).iter() {
                        let request: web_sys::Request = request.unchecked_into();
                        if request.url().contains("/customer/") {
                            let _ = JsFuture::from(cache.delete_with_request(&request)).await;
                        }
                    }
                }
            });
        }
    }
}

/// Load a page: from the server (and keep the copy), else, when the server cannot be
/// reached, the device copy. A signed-out answer removes the copies.
pub async fn live_or_saved<T: Serialize + DeserializeOwned>(
    owner: Option<String>,
    name: &str,
    fetch: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<Loaded<T>, AppError> {
    match fetch.await {
        Ok(data) => {
            if let Some(owner) = &owner {
                keep(owner, name, &data);
            }
            Ok(Loaded::Live(data))
        }
        Err(AppError::Network(message)) => owner
            .and_then(|owner| saved(&owner, name))
            .map(Loaded::Saved)
            .ok_or(AppError::Network(message)),
        Err(AppError::Unauthenticated) => {
            forget_all();
            Err(AppError::Unauthenticated)
        }
        Err(other) => Err(other),
    }
}

/// The name a page's copy is kept under, for the address book's page `page`.
pub fn book_name(page: u32) -> String {
    format!("addresses.p{page}")
}
