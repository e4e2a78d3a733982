//! My Account when the network drops: each page keeps a copy of what it last loaded on
//! the device (gloo-storage, per shopper), shows it with an "Offline — showing your
//! saved copy from …" banner when the server cannot be reached, and queues the changes
//! made meanwhile. The queue is replayed in order once the browser is back online; each
//! change carries the version it was made from, so a change made elsewhere meanwhile
//! comes back as a conflict for the shopper to settle, never silently overwritten or
//! dropped. Nothing secret is kept (no password, no session token: the session cookie
//! is HttpOnly), and everything is removed at sign-out.
//!
//! On the server every function here does nothing: the pages load in the browser.

use super::{first_message, label};
use crate::accounts::api::{
    account_info, address_to_edit, delete_address, save_account_information, save_address,
};
use crate::accounts::model::{AccountEdit, AddressBook};
use crate::customers::address::model::AddressInput;
use crate::error::AppError;
use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Every key this module writes starts with this.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const PREFIX: &str = "clientele.account.";

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
fn key(owner: &str, name: &str) -> String {
    format!("{PREFIX}{}.{name}", owner.to_lowercase())
}

#[cfg(feature = "hydrate")]
fn now() -> f64 {
    js_sys::Date::now()
}

#[cfg(feature = "hydrate")]
fn write<T: Serialize>(owner: &str, name: &str, value: &T) {
    use gloo_storage::Storage;
    if let Err(error) = gloo_storage::LocalStorage::set(key(owner, name), value) {
        leptos::logging::warn!("could not keep {name} on this device: {error}");
    }
}

#[cfg(not(feature = "hydrate"))]
fn write<T: Serialize>(_owner: &str, _name: &str, _value: &T) {}

#[cfg(feature = "hydrate")]
fn read<T: DeserializeOwned>(owner: &str, name: &str) -> Option<T> {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get(key(owner, name)).ok()
}

#[cfg(not(feature = "hydrate"))]
fn read<T: DeserializeOwned>(_owner: &str, _name: &str) -> Option<T> {
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
static COPY_LIFETIME_MS: std::sync::atomic::AtomicU64 =
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

fn forget(queue_too: bool) {
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

/// A change made while offline, waiting to be sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// Add (`id` empty) or update an address.
    SaveAddress(AddressInput),
    /// Delete this address (at this version).
    DeleteAddress(AddressInput),
    /// Account Information without the email and password.
    SaveAccount(AccountEdit),
}

impl Change {
    /// The address it is about, if it is an existing one.
    fn address_id(&self) -> Option<i64> {
        match self {
            Change::SaveAddress(a) | Change::DeleteAddress(a) => a.id,
            Change::SaveAccount(_) => None,
        }
    }

    /// Would `other` replace this change (the same record, so only the last one counts)?
    fn same_record(&self, other: &Change) -> bool {
        match (self, other) {
            (Change::SaveAccount(_), Change::SaveAccount(_)) => true,
            (Change::SaveAccount(_), _) | (_, Change::SaveAccount(_)) => false,
            _ => self.address_id().is_some() && self.address_id() == other.address_id(),
        }
    }

    /// The same change made again from `version` (the shopper chose to keep theirs).
    fn at_version(&self, version: i64) -> Change {
        match self {
            Change::SaveAddress(a) => Change::SaveAddress(AddressInput {
                version,
                ..a.clone()
            }),
            Change::DeleteAddress(a) => Change::DeleteAddress(AddressInput {
                version,
                ..a.clone()
            }),
            Change::SaveAccount(f) => Change::SaveAccount(AccountEdit {
                version,
                ..f.clone()
            }),
        }
    }

    /// Send it to the server.
    async fn send(&self) -> Result<(), AppError> {
        match self {
            Change::SaveAddress(a) => save_address(a.clone()).await.map(|_| ()),
            Change::DeleteAddress(a) => delete_address(a.id.unwrap_or_default(), a.version).await,
            Change::SaveAccount(f) => save_account_information(f.clone()).await.map(|_| ()),
        }
    }

    /// What the server holds now for the same record.
    async fn current(&self) -> Result<Current, AppError> {
        match self {
            Change::SaveAccount(_) => Ok(Current::Account(account_info().await?.form)),
            other => Ok(Current::Address(
                address_to_edit(other.address_id()).await?.address,
            )),
        }
    }
}

/// A change waiting in the queue, in the order it was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub seq: u64,
    pub change: Change,
}

/// The server's version of a record a queued change conflicts with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Current {
    Address(AddressInput),
    Account(AccountEdit),
}

impl Current {
    fn version(&self) -> i64 {
        match self {
            Current::Address(a) => a.version,
            Current::Account(f) => f.version,
        }
    }
}

/// Why a queued change was not applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Problem {
    /// Changed elsewhere since: the shopper picks a version.
    ChangedElsewhere(Box<Current>),
    /// The address no longer exists.
    Gone,
    /// The server refused it (the message says why).
    Rejected(String),
}

/// A queued change the shopper has to settle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub pending: Pending,
    pub problem: Problem,
}

/// How the shopper settles a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settle {
    /// Send their change again over the current version (or as a new address when the
    /// old one is gone).
    KeepMine,
    /// Drop their change.
    KeepSaved,
}

/// The queue of offline changes and the conflicts found replaying it, for the signed-in
/// shopper; provided by the storefront layout.
#[derive(Clone, Copy)]
pub struct OfflineQueue {
    owner: RwSignal<Option<String>>,
    pub pending: RwSignal<Vec<Pending>>,
    pub conflicts: RwSignal<Vec<Conflict>>,
    /// Bumped after a replay: the pages load again.
    pub synced: RwSignal<u32>,
    syncing: RwSignal<bool>,
    /// Where "Your offline changes were saved." is said.
    toasts: Option<crate::ui::Toasts>,
}

impl OfflineQueue {
    pub fn new() -> Self {
        Self {
            toasts: use_context::<crate::ui::Toasts>(),
            owner: RwSignal::new(None),
            pending: RwSignal::new(Vec::new()),
            conflicts: RwSignal::new(Vec::new()),
            synced: RwSignal::new(0),
            syncing: RwSignal::new(false),
        }
    }

    /// Whose queue this is (the signed-in shopper's email); loads it from the device.
    pub fn open(&self, owner: Option<String>) {
        if self.owner.get_untracked() == owner {
            return;
        }
        let (pending, conflicts) = match &owner {
            Some(o) => (
                read(o, "queue").unwrap_or_default(),
                read(o, "conflicts").unwrap_or_default(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        self.owner.set(owner);
        self.pending.set(pending);
        self.conflicts.set(conflicts);
    }

    pub fn owner(&self) -> Option<String> {
        self.owner.get_untracked()
    }

    fn persist(&self) {
        if let Some(owner) = self.owner.get_untracked() {
            write(&owner, "queue", &self.pending.get_untracked());
            write(&owner, "conflicts", &self.conflicts.get_untracked());
        }
    }

    /// Queue a change; a later change to the same record replaces the earlier one (in
    /// its place), so the queue never conflicts with itself.
    pub fn push(&self, change: Change) {
        self.pending.update(|queue| {
            let seq = queue.iter().map(|p| p.seq).max().unwrap_or(0) + 1;
            match queue.iter_mut().find(|p| p.change.same_record(&change)) {
                Some(earlier) => earlier.change = change,
                None => queue.push(Pending { seq, change }),
            }
        });
        self.persist();
    }

    /// Forget the queue (sign-out).
    pub fn clear(&self) {
        self.pending.set(Vec::new());
        self.conflicts.set(Vec::new());
        self.owner.set(None);
    }

    /// Send the queued changes in order. Stops at the first one the network refuses
    /// (it is tried again later); a change the server refuses becomes a conflict.
    /// Returns how many were saved.
    pub async fn sync(self) -> usize {
        if self.syncing.get_untracked() {
            return 0;
        }
        self.syncing.set(true);
        let mut sent = 0;
        while let Some(next) = self.pending.with_untracked(|q| q.first().cloned()) {
            let problem = match next.change.send().await {
                Ok(()) => None,
                Err(AppError::Network(_)) | Err(AppError::Unauthenticated) => break,
                Err(AppError::Conflict) => Some(match next.change.current().await {
                    Ok(current) => Problem::ChangedElsewhere(Box::new(current)),
                    Err(AppError::NotFound(_)) => Problem::Gone,
                    Err(AppError::Network(_)) => break,
                    Err(e) => Problem::Rejected(first_message(&e)),
                }),
                Err(AppError::NotFound(_)) => Some(Problem::Gone),
                Err(e) => Some(Problem::Rejected(first_message(&e))),
            };
            self.pending.update(|q| {
                q.retain(|p| p.seq != next.seq);
            });
            match problem {
                None => sent += 1,
                Some(problem) => self.conflicts.update(|c| {
                    c.push(Conflict {
                        pending: next,
                        problem,
                    })
                }),
            }
            self.persist();
        }
        self.syncing.set(false);
        self.synced.update(|n| *n += 1);
        if let (true, Some(toasts)) = (sent > 0, self.toasts) {
            toasts.push(
                crate::ui::ToastKind::Success,
                label(Key::SyncedChanges).to_string(),
            );
        }
        sent
    }

    /// Settle conflict `seq` the shopper's way, then replay.
    pub fn settle(self, seq: u64, how: Settle) {
        let Some(conflict) = self
            .conflicts
            .with_untracked(|c| c.iter().find(|c| c.pending.seq == seq).cloned())
        else {
            return;
        };
        self.conflicts
            .update(|c| c.retain(|c| c.pending.seq != seq));
        if how == Settle::KeepMine {
            let again = match (&conflict.problem, &conflict.pending.change) {
                (Problem::ChangedElsewhere(current), change) => {
                    Some(change.at_version(current.version()))
                }
                (Problem::Gone, Change::SaveAddress(a)) => {
                    Some(Change::SaveAddress(AddressInput {
                        id: None,
                        version: 0,
                        default_billing: false,
                        default_shipping: false,
                        ..a.clone()
                    }))
                }
                _ => None,
            };
            if let Some(change) = again {
                self.pending.update(|q| {
                    q.insert(
                        0,
                        Pending {
                            seq: conflict.pending.seq,
                            change,
                        },
                    )
                });
            }
        }
        self.persist();
        leptos::task::spawn_local(async move {
            self.sync().await;
        });
    }
}

impl Default for OfflineQueue {
    fn default() -> Self {
        Self::new()
    }
}

/// The offline queue provided by the storefront layout.
pub fn use_offline() -> OfflineQueue {
    use_context::<OfflineQueue>().unwrap_or_default()
}

/// An address as the book shows it, with what is waiting to be sent about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub address: AddressInput,
    /// Changed offline, not yet sent.
    pub pending: bool,
    /// Deleted offline, not yet sent.
    pub deleting: bool,
}

/// The address book with the queued changes laid over it: edited addresses show the
/// edit, deleted ones are marked, new ones are added to the additional entries.
pub fn overlay(
    book: &AddressBook,
    queue: &[Pending],
) -> (Option<Shown>, Option<Shown>, Vec<Shown>) {
    let show = |a: &AddressInput| {
        let mut shown = Shown {
            address: a.clone(),
            pending: false,
            deleting: false,
        };
        for p in queue {
            match &p.change {
                Change::SaveAddress(edit) if edit.id.is_some() && edit.id == a.id => {
                    shown.address = AddressInput {
                        default_billing: a.default_billing,
                        default_shipping: a.default_shipping,
                        ..edit.clone()
                    };
                    shown.pending = true;
                }
                Change::DeleteAddress(gone) if gone.id == a.id => shown.deleting = true,
                _ => {}
            }
        }
        shown
    };
    let mut additional: Vec<Shown> = book.additional.iter().map(show).collect();
    additional.extend(queue.iter().filter_map(|p| match &p.change {
        Change::SaveAddress(new) if new.id.is_none() => Some(Shown {
            address: new.clone(),
            pending: true,
            deleting: false,
        }),
        _ => None,
    }));
    (
        book.default_billing.as_ref().map(show),
        book.default_shipping.as_ref().map(show),
        additional,
    )
}

/// The saved-at time in the shopper's terms.
fn format_time(ms: f64) -> String {
    #[cfg(feature = "hydrate")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
        String::from(date.to_locale_string(
            crate::i18n::use_i18n().locale.get_untracked().html_lang(),
            &wasm_bindgen::JsValue::UNDEFINED,
        ))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        ms.to_string()
    }
}

/// "Offline — showing your saved copy from <time>", when the page shows the device
/// copy.
#[component]
pub fn OfflineBanner(saved_at: Option<f64>) -> impl IntoView {
    saved_at.map(|at| {
        view! {
            <p class="offline-banner" role="status" data-offline="true">
                {label(Key::OfflineBanner).replace("{time}", &format_time(at))}
            </p>
        }
    })
}

/// The queued-changes count and the conflicts to settle, above each account page.
#[component]
pub fn QueueStatus() -> impl IntoView {
    let queue = use_offline();
    let waiting = move || {
        let n = queue.pending.with(Vec::len);
        (n > 0).then(|| {
            view! {
                <p class="queue-status" role="status" data-pending=n>
                    {crate::i18n::Message::new(Key::ChangesWaiting).with("n", n).text(use_i18n().locale.get_untracked())}
                </p>
            }
        })
    };
    view! {
        {waiting}
        <For
            each=move || queue.conflicts.get()
            key=|c| (c.pending.seq, format!("{:?}", c.problem))
            children=move |c| view! { <ConflictPanel conflict=c /> }
        />
    }
}

/// The lines of one side of a conflict.
fn side(title: Key, lines: Vec<String>) -> impl IntoView {
    view! {
        <div class="conflict-side">
            <h3>{label(title)}</h3>
            <address>
                {lines.into_iter().map(|l| view! { <span class="address-line">{l}</span> }).collect_view()}
            </address>
        </div>
    }
}

fn account_lines(f: &AccountEdit) -> Vec<String> {
    let name = [
        &f.prefix,
        &f.firstname,
        &f.middlename,
        &f.lastname,
        &f.suffix,
    ]
    .iter()
    .map(|s| s.trim())
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    [name, f.dob.clone(), f.taxvat.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect()
}

/// One conflict: what the shopper did offline, what is saved now, and the choice.
#[component]
fn ConflictPanel(conflict: Conflict) -> impl IntoView {
    let queue = use_offline();
    let seq = conflict.pending.seq;
    let mine = match &conflict.pending.change {
        Change::SaveAddress(a) | Change::DeleteAddress(a) => a.lines(0),
        Change::SaveAccount(f) => account_lines(f),
    };
    let deleting = matches!(conflict.pending.change, Change::DeleteAddress(_));
    let (text, theirs, keep_mine) = match &conflict.problem {
        Problem::ChangedElsewhere(current) => (
            label(match (&conflict.pending.change, deleting) {
                (Change::SaveAccount(_), _) => Key::ConflictAccount,
                (_, true) => Key::ConflictDelete,
                _ => Key::ConflictAddress,
            })
            .to_string(),
            Some(match current.as_ref() {
                Current::Address(a) => a.lines(0),
                Current::Account(f) => account_lines(f),
            }),
            Some(label(if deleting {
                Key::DeleteAnyway
            } else {
                Key::KeepMine
            })),
        ),
        Problem::Gone => (
            label(Key::ConflictAddressGone).to_string(),
            None,
            (!deleting).then(|| label(Key::AddAgain)),
        ),
        Problem::Rejected(reason) => (
            label(Key::ConflictRejected).replace("{reason}", reason),
            None,
            None,
        ),
    };
    let keep_saved = if theirs.is_some() {
        label(Key::KeepSaved)
    } else {
        label(Key::Discard)
    };
    view! {
        <section class="panel conflict" role="alert" data-conflict=seq>
            <h2>{label(Key::ConflictTitle)}</h2>
            <p>{text}</p>
            <div class="account-columns">
                {side(Key::YourVersion, mine)}
                {theirs.map(|lines| side(Key::SavedVersion, lines))}
            </div>
            <div class="form-actions">
                {keep_mine.map(|text| view! {
                    <button type="button" class="button-primary"
                        on:click=move |_| queue.settle(seq, Settle::KeepMine)>{text}</button>
                })}
                <button type="button" class="button-secondary"
                    on:click=move |_| queue.settle(seq, Settle::KeepSaved)>{keep_saved}</button>
            </div>
        </section>
    }
}

/// Replay the queue whenever the browser comes back online.
pub fn replay_when_online(queue: OfflineQueue) {
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::online, move |_| {
            leptos::task::spawn_local(async move {
                queue.sync().await;
            });
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = queue;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_expire_after_their_lifetime() {
        let day = 86_400_000.0;
        let week = 7 * 86_400_000;
        assert!(!expired(0.0, 6.9 * day, week));
        assert!(expired(0.0, 7.1 * day, week));
        set_copy_lifetime(0);
        let clamped = COPY_LIFETIME_MS.load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(clamped, 86_400_000, "at least a day");
        set_copy_lifetime(7);
    }

    fn address(id: Option<i64>, city: &str) -> AddressInput {
        AddressInput {
            id,
            version: 2,
            city: city.into(),
            ..AddressInput::default()
        }
    }

    #[test]
    fn a_later_change_to_the_same_address_replaces_the_earlier_one() {
        Owner::new().with(queue_merges_by_record);
    }

    fn queue_merges_by_record() {
        let queue = OfflineQueue::new();
        queue.push(Change::SaveAddress(address(Some(7), "Lyon")));
        queue.push(Change::SaveAddress(address(None, "Paris")));
        queue.push(Change::SaveAddress(address(Some(7), "Nice")));
        let pending = queue.pending.get_untracked();
        assert_eq!(pending.len(), 2);
        assert_eq!(
            pending[0].change,
            Change::SaveAddress(address(Some(7), "Nice"))
        );
        // New addresses never merge: each is its own entry.
        queue.push(Change::SaveAddress(address(None, "Lille")));
        assert_eq!(queue.pending.get_untracked().len(), 3);
    }

    #[test]
    fn the_overlay_marks_edits_deletions_and_new_addresses() {
        let book = AddressBook {
            additional: vec![address(Some(7), "Lyon"), address(Some(8), "Metz")],
            ..AddressBook::default()
        };
        let queue = vec![
            Pending {
                seq: 1,
                change: Change::SaveAddress(address(Some(7), "Nice")),
            },
            Pending {
                seq: 2,
                change: Change::DeleteAddress(address(Some(8), "Metz")),
            },
            Pending {
                seq: 3,
                change: Change::SaveAddress(address(None, "Paris")),
            },
        ];
        let (_, _, rows) = overlay(&book, &queue);
        assert_eq!(rows.len(), 3);
        assert!(rows[0].pending && rows[0].address.city == "Nice");
        assert!(rows[1].deleting && !rows[1].pending);
        assert!(rows[2].pending && rows[2].address.id.is_none());
    }
}
