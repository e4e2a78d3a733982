//! Form controls bound to one field of a form signal, with the field's error shown
//! under it (and announced through `aria-describedby`). A control re-checks its field
//! when it loses focus, with the same rules the server applies.

use crate::forms::FieldErrors;
use leptos::prelude::*;

/// Re-check one field: run the form's rules and keep only that field's message.
///
/// Not while a submit button is being pressed (the field lost focus to that press): the
/// submit checks every field. A message shown at once would push the button down under
/// the pointer before it is released, and the click would be lost: Create an Account
/// with a wrong email and a short password took two clicks to show its five messages.
pub fn recheck(errors: RwSignal<FieldErrors>, check: Callback<(), FieldErrors>, name: &str) {
    if pressing_submit() {
        return;
    }
    let all = check.run(());
    errors.update(|e| match all.get(name) {
        Some(message) => {
            e.insert(name.to_string(), message.clone());
        }
        None => {
            e.remove(name);
        }
    });
}

/// Whether a submit button is held down (`:active` from the press, before its click).
fn pressing_submit() -> bool {
    document()
        .query_selector("button[type=submit]:active, input[type=submit]:active")
        .ok()
        .flatten()
        .is_some()
}

/// The message under a field (empty when the field is fine).
#[component]
pub fn FieldError(errors: RwSignal<FieldErrors>, id: String, name: &'static str) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <p class="field-error" id=id role="alert">
            {move || errors.with(|e| e.get(name).map(|m| m.text(i18n.locale.get())))}
        </p>
    }
}

/// A labelled text input.
#[component]
pub fn TextField<T: Clone + Send + Sync + 'static>(
    form: RwSignal<T>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    /// Element ids start with this (several forms can share a page).
    prefix: &'static str,
    name: &'static str,
    #[prop(into)] label: String,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
    #[prop(optional)] required: bool,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
) -> impl IntoView {
    let id = format!("{prefix}-{name}");
    let error_id = format!("{id}-error");
    // Text typed before the page went live is kept.
    if let Some(text) = crate::ui::typed::typed(&id) {
        form.update(|f| set(f, text));
    }
    // The server writes the starting text into the page too, so the form shows it (and
    // posts it) before the script has loaded; from then on the property follows the form.
    let initial = form.with_untracked(get);
    view! {
        <div class="field" class:field-invalid=move || errors.with(|e| e.contains_key(name))>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <input
                id=id
                name=name
                type=kind
                value=initial
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                aria-required=required.then_some("true")
                aria-invalid=move || errors.with(|e| e.contains_key(name)).then_some("true")
                aria-describedby=error_id.clone()
                prop:value=move || form.with(get)
                on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                on:blur=move |_| recheck(errors, check, name)
            />
            <FieldError errors id=error_id name />
        </div>
    }
}

/// A labelled select; `choices` are `(value, label)` pairs.
#[component]
pub fn SelectField<T: Clone + Send + Sync + 'static>(
    form: RwSignal<T>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    prefix: &'static str,
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(into)] choices: Signal<Vec<(String, String)>>,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
    #[prop(optional)] required: bool,
    /// The label of an empty first choice; none when empty.
    #[prop(optional)]
    placeholder: &'static str,
) -> impl IntoView {
    let id = format!("{prefix}-{name}");
    let error_id = format!("{id}-error");
    // A choice made before the page went live is kept, once the page is live: it may
    // change what the form shows (a country's regions), and hydration first needs the
    // form as the server drew it.
    if let Some(choice) = crate::ui::typed::typed(&id) {
        let mut choice = Some(choice);
        Effect::new(move |_| {
            // Only a changed choice: setting the same one again would still run the
            // setter (a country's clears its region).
            if let Some(choice) = choice.take().filter(|c| *c != form.with_untracked(get)) {
                form.update(|f| set(f, choice));
            }
        });
    }
    view! {
        <div class="field" class:field-invalid=move || errors.with(|e| e.contains_key(name))>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <select
                id=id
                name=name
                aria-required=required.then_some("true")
                aria-invalid=move || errors.with(|e| e.contains_key(name)).then_some("true")
                aria-describedby=error_id.clone()
                prop:value=move || form.with(get)
                on:change=move |ev| {
                    form.update(|f| set(f, event_target_value(&ev)));
                    recheck(errors, check, name);
                }
            >
                {(!placeholder.is_empty()).then(|| view! { <option value="">{placeholder}</option> })}
                {move || {
                    let current = form.with(get);
                    choices
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = value == current;
                            view! {
                                <option value=value selected=selected>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FieldError errors id=error_id name />
        </div>
    }
}

/// A labelled checkbox.
#[component]
pub fn CheckField<T: Clone + Send + Sync + 'static>(
    form: RwSignal<T>,
    prefix: &'static str,
    name: &'static str,
    #[prop(into)] label: String,
    get: fn(&T) -> bool,
    set: fn(&mut T, bool),
) -> impl IntoView {
    let id = format!("{prefix}-{name}");
    view! {
        <div class="field field-inline">
            <input
                id=id.clone()
                name=name
                type="checkbox"
                checked=form.with_untracked(get)
                prop:checked=move || form.with(get)
                on:change=move |ev| form.update(|f| set(f, event_target_checked(&ev)))
            />
            <label for=id>{label}</label>
        </div>
    }
}
