//! Custom attributes in a form (the admin's customer form, the storefront's registration
//! and account information): one control per attribute, by input type, in sort order,
//! each re-checked when it loses focus with the rules the server runs.
//!
//! The controls post as `custom[<code>]` so a form sent before the page's script loaded
//! carries them too; a Multiple Select's boxes post `custom[<code>:<option id>]` and a
//! Multiple Line's lines `custom[<code>:<line>]` ([`crate::attributes::rules::fold_posted`]
//! joins them).

use crate::attributes::model::{FieldDef, InputType, Values};
use crate::attributes::rules::field_key;
use crate::forms::FieldErrors;
use crate::i18n::{t, use_i18n, Key};
use crate::ui::fields::recheck;
use leptos::prelude::*;

/// The controls of `fields`, bound to the form's custom values.
#[component]
pub fn CustomAttributeFields<T: Clone + Send + Sync + 'static>(
    form: RwSignal<T>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    /// Element ids start with this.
    prefix: &'static str,
    fields: Vec<FieldDef>,
    read: fn(&T) -> &Values,
    write: fn(&mut T) -> &mut Values,
) -> impl IntoView {
    // Everything below is the same code for every form (one copy in the bundle): the
    // form is reached through these two.
    let value = Callback::new(move |code: String| {
        form.with(|f| read(f).get(&code).cloned().unwrap_or_default())
    });
    let set = Callback::new(move |(code, v): (String, String)| {
        form.update(|f| {
            write(f).insert(code, v);
        })
    });
    fields
        .into_iter()
        .map(|field| view! { <CustomField errors check prefix field value set /> })
        .collect_view()
}

#[component]
fn CustomField(
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    prefix: &'static str,
    field: FieldDef,
    value: Callback<String, String>,
    set: Callback<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = field.code.clone();
    let key = field_key(&code);
    let id = format!("{prefix}-custom-{code}");
    let error_id = format!("{id}-error");
    let name = format!("custom[{code}]");
    let value = {
        let code = code.clone();
        move || value.run(code.clone())
    };
    let initial = value();
    let set = {
        let code = code.clone();
        move |v: String| set.run((code.clone(), v))
    };
    let blur = {
        let key = key.clone();
        move || recheck(errors, check, &key)
    };
    let invalid = {
        let key = key.clone();
        move || errors.with(|e| e.contains_key(&key))
    };
    let message = {
        let key = key.clone();
        move || errors.with(|e| e.get(&key).map(|m| m.text(i18n.locale.get())))
    };
    let required = field.required;
    let star =
        move || required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> });
    let label = field.label.clone();
    let control = match field.input {
        InputType::Text | InputType::Date => {
            let kind = if field.input == InputType::Date {
                "date"
            } else {
                "text"
            };
            let (set, blur, invalid) = (set.clone(), blur.clone(), invalid.clone());
            view! {
                <label for=id.clone()>{label.clone()}{star}</label>
                <input id=id.clone() name=name.clone() type=kind value=initial.clone()
                    min=(!field.date_min.is_empty()).then(|| field.date_min.clone())
                    max=(!field.date_max.is_empty()).then(|| field.date_max.clone())
                    maxlength=field.max_length.filter(|_| field.input == InputType::Text)
                    aria-required=required.then_some("true")
                    aria-invalid=move || invalid().then_some("true")
                    aria-describedby=error_id.clone()
                    prop:value=value.clone()
                    on:input=move |ev| set(event_target_value(&ev))
                    on:blur=move |_| blur() />
            }
            .into_any()
        }
        InputType::TextArea => {
            let (set, blur, invalid) = (set.clone(), blur.clone(), invalid.clone());
            view! {
                <label for=id.clone()>{label.clone()}{star}</label>
                <textarea id=id.clone() name=name.clone() rows="3"
                    aria-required=required.then_some("true")
                    aria-invalid=move || invalid().then_some("true")
                    aria-describedby=error_id.clone()
                    prop:value=value.clone()
                    on:input=move |ev| set(event_target_value(&ev))
                    on:blur=move |_| blur()>{initial.clone()}</textarea>
            }
            .into_any()
        }
        InputType::Multiline => {
            let lines = field.lines.max(1) as usize;
            view! {
                <fieldset class="field-lines" aria-describedby=error_id.clone()>
                    <legend>{label.clone()}{star}</legend>
                    {(0..lines).map(|n| {
                        let line_of = {
                            let value = value.clone();
                            move || value().split('\n').nth(n).unwrap_or("").to_string()
                        };
                        let set = set.clone();
                        let value = value.clone();
                        let blur = blur.clone();
                        let line_label = format!("{label} {}", n + 1);
                        view! {
                            <input type="text" name=format!("custom[{code}:{n}]") aria-label=line_label
                                value=line_of() prop:value=line_of.clone()
                                on:input=move |ev| {
                                    let mut all: Vec<String> = value().split('\n').map(str::to_string).collect();
                                    all.resize(all.len().max(n + 1), String::new());
                                    all[n] = event_target_value(&ev).replace('\n', " ");
                                    set(all.join("\n"));
                                }
                                on:blur=move |_| blur() />
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        InputType::YesNo | InputType::Dropdown => {
            let choices: Vec<(String, String)> = if field.input == InputType::YesNo {
                vec![
                    ("1".into(), crate::i18n::text(Key::Yes).into()),
                    ("0".into(), crate::i18n::text(Key::No).into()),
                ]
            } else {
                field
                    .options
                    .iter()
                    .map(|(id, label)| (id.to_string(), label.clone()))
                    .collect()
            };
            let (set, invalid) = (set.clone(), invalid.clone());
            let blur = blur.clone();
            view! {
                <label for=id.clone()>{label.clone()}{star}</label>
                <select id=id.clone() name=name.clone()
                    aria-required=required.then_some("true")
                    aria-invalid=move || invalid().then_some("true")
                    aria-describedby=error_id.clone()
                    prop:value=value.clone()
                    on:change=move |ev| {
                        set(event_target_value(&ev));
                        blur();
                    }>
                    <option value="">" "</option>
                    {choices.into_iter().map(|(v, text)| {
                        let selected = v == initial;
                        view! { <option value=v selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        InputType::Multiselect => {
            view! {
                <fieldset class="field-choices" aria-describedby=error_id.clone()>
                    <legend>{label.clone()}{star}</legend>
                    // Posted even with every box unticked, so that clears the choice.
                    <input type="hidden" name=name.clone() value="" />
                    {field.options.iter().map(|(option, text)| {
                        let option = *option;
                        let chosen = {
                            let value = value.clone();
                            move || value().split(',').any(|v| v.trim() == option.to_string())
                        };
                        let (set, value, blur) = (set.clone(), value.clone(), blur.clone());
                        view! {
                            <label class="check">
                                <input type="checkbox" name=format!("custom[{code}:{option}]") value="1"
                                    checked=chosen() prop:checked=chosen.clone()
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let mut ids: Vec<String> = value().split(',').map(|v| v.trim().to_string())
                                            .filter(|v| !v.is_empty() && *v != option.to_string()).collect();
                                        if on {
                                            ids.push(option.to_string());
                                        }
                                        set(ids.join(","));
                                        blur();
                                    } />
                                {text.clone()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
    };
    view! {
        <div class="field custom-attribute" class:field-invalid=invalid data-attribute=code.clone()>
            {control}
            <p class="field-error" id=error_id role="alert">{message}</p>
        </div>
    }
}

/// "Additional information" heading for a group of custom attributes, when any.
#[component]
pub fn CustomAttributesHeading(any: bool) -> impl IntoView {
    any.then(|| view! { <h2 class="section-title">{t(Key::AdditionalInformation)}</h2> })
}
