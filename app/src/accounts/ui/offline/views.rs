//! What the pages show about offline use: the banner, the queue status, the conflicts.

use super::*;

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
pub(super) fn format_time(ms: f64) -> String {
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
pub(super) fn side(title: Key, lines: Vec<String>) -> impl IntoView {
    view! {
        <div class="conflict-side">
            <h3>{label(title)}</h3>
            <address>
                {lines.into_iter().map(|l| view! { <span class="address-line">{l}</span> }).collect_view()}
            </address>
        </div>
    }
}

pub(super) fn account_lines(f: &AccountEdit) -> Vec<String> {
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
pub(super) fn ConflictPanel(conflict: Conflict) -> impl IntoView {
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
