//! Changes made offline, waiting to be sent in order, and the conflicts found sending them.

use super::*;

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
            Change::SaveAccount(f) => save_account_information(f.clone(), Default::default())
                .await
                .map(|_| ()),
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
    /// Whether `pending` and `conflicts` hold what the device keeps for `owner`: they
    /// are read on first use ([`use_offline`], the replay), not by the layout on every
    /// page, so the first download carries no decoder for them.
    loaded: RwSignal<bool>,
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
            loaded: RwSignal::new(true),
            pending: RwSignal::new(Vec::new()),
            conflicts: RwSignal::new(Vec::new()),
            synced: RwSignal::new(0),
            syncing: RwSignal::new(false),
        }
    }

    /// Whose queue this is (the signed-in shopper's email); what the device keeps for
    /// them is read on first use ([`OfflineQueue::load`]).
    pub fn open(&self, owner: Option<String>) {
        if self.owner.get_untracked() == owner {
            return;
        }
        self.owner.set(owner);
        self.pending.set(Vec::new());
        self.conflicts.set(Vec::new());
        self.loaded.set(false);
    }

    /// Reads the owner's queue and conflicts from the device, once per owner.
    fn load(&self) {
        if self.loaded.get_untracked() {
            return;
        }
        self.loaded.set(true);
        if let Some(owner) = self.owner.get_untracked() {
            self.pending.set(read(&owner, "queue").unwrap_or_default());
            self.conflicts
                .set(read(&owner, "conflicts").unwrap_or_default());
        }
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
        self.load();
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
        self.loaded.set(true);
    }

    /// Send the queued changes in order. Stops at the first one the network refuses
    /// (it is tried again later); a change the server refuses becomes a conflict.
    /// Returns how many were saved. With nothing queued (or no one signed in), the
    /// account pages only load again (they may be showing the device's copy).
    pub async fn sync(self) -> usize {
        let nothing_queued =
            self.loaded.get_untracked() && self.pending.with_untracked(Vec::is_empty);
        if nothing_queued || self.owner.with_untracked(Option::is_none) {
            self.synced.update(|n| *n += 1);
            return 0;
        }
        replay(self).await
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

/// [`OfflineQueue::sync`]'s work, in a wasm chunk of its own (`#[lazy]`): it calls five
/// server functions, and most visits never queue a change, so no page's first download
/// carries it; it loads the first time there is something to send.
#[leptos::lazy]
async fn replay(queue: OfflineQueue) -> usize {
    if queue.syncing.get_untracked() {
        return 0;
    }
    queue.load();
    queue.syncing.set(true);
    let mut sent = 0;
    while let Some(next) = queue.pending.with_untracked(|q| q.first().cloned()) {
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
        queue.pending.update(|q| {
            q.retain(|p| p.seq != next.seq);
        });
        match problem {
            None => sent += 1,
            Some(problem) => queue.conflicts.update(|c| {
                c.push(Conflict {
                    pending: next,
                    problem,
                })
            }),
        }
        queue.persist();
    }
    queue.syncing.set(false);
    queue.synced.update(|n| *n += 1);
    if let (true, Some(toasts)) = (sent > 0, queue.toasts) {
        toasts.push(
            crate::ui::ToastKind::Success,
            label(Key::SyncedChanges).to_string(),
        );
    }
    sent
}

impl Default for OfflineQueue {
    fn default() -> Self {
        Self::new()
    }
}

/// The offline queue provided by the storefront layout, with the signed-in shopper's
/// queue and conflicts read from the device (the account pages' use).
pub fn use_offline() -> OfflineQueue {
    let queue = use_context::<OfflineQueue>().unwrap_or_default();
    queue.load();
    queue
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
