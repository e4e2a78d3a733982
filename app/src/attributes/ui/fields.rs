//! Custom attributes in a form (the admin's customer form, the storefront's registration
//! and account information): one control per attribute, by input type, in sort order,
//! each re-checked when it loses focus with the rules the server runs.
//!
//! The controls post as `custom[<code>]` so a form sent before the page's script loaded
//! carries them too (another name than `custom` where one form holds two entities'
//! attributes); a Multiple Select's boxes post `custom[<code>:<option id>]` and a
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
    /// What the controls post as: `<post_as>[<code>]`.
    #[prop(default = "custom")]
    post_as: &'static str,
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
        .map(|field| view! { <CustomField errors check prefix post_as field value set /> })
        .collect_view()
}

#[component]
fn CustomField(
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    prefix: &'static str,
    post_as: &'static str,
    field: FieldDef,
    value: Callback<String, String>,
    set: Callback<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = field.code.clone();
    let key = field_key(&code);
    let id = format!("{prefix}-custom-{code}");
    let error_id = format!("{id}-error");
    let name = format!("{post_as}[{code}]");
    let value = {
        let code = code.clone();
        move || value.run(code.clone())
    };
    let set = {
        let code = code.clone();
        move |v: String| set.run((code.clone(), v))
    };
    // Text typed, or a choice made, before the page went live is kept.
    if let Some(typed) = crate::ui::typed::typed(&id) {
        set(typed);
    }
    let initial = value();
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
                        let set_line = {
                            let (set, value) = (set.clone(), value.clone());
                            move |line: String| {
                                let mut all: Vec<String> = value().split('\n').map(str::to_string).collect();
                                all.resize(all.len().max(n + 1), String::new());
                                all[n] = line.replace('\n', " ");
                                set(all.join("\n"));
                            }
                        };
                        let line_id = format!("{id}-{n}");
                        // A line typed before the page went live is kept.
                        if let Some(typed) = crate::ui::typed::typed(&line_id) {
                            set_line(typed);
                        }
                        let blur = blur.clone();
                        let line_label = format!("{label} {}", n + 1);
                        view! {
                            <input type="text" id=line_id name=format!("{post_as}[{code}:{n}]") aria-label=line_label
                                value=line_of() prop:value=line_of.clone()
                                on:input=move |ev| set_line(event_target_value(&ev))
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
                                <input type="checkbox" name=format!("{post_as}[{code}:{option}]") value="1"
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
        InputType::File | InputType::Image => view! {
            <label for=id.clone()>{label.clone()}{star}</label>
            <FileControl field=field.clone() id=id.clone() name=name.clone() error_id=error_id.clone()
                value=Callback::new(move |()| value()) set=Callback::new(set) errors key=key.clone() />
        }
        .into_any(),
    };
    view! {
        <div class="field custom-attribute" class:field-invalid=invalid data-attribute=code.clone()>
            {control}
            <p class="field-error" id=error_id role="alert">{message}</p>
        </div>
    }
}

/// A File or Image File: the file kept (a link, and a preview of an image), a button to
/// remove it, and the browser's file picker. A chosen file is checked here (name, size),
/// sent at once, and checked again by the server (content, image size); the form then
/// carries the upload's value, which the save attaches.
#[component]
fn FileControl(
    field: FieldDef,
    id: String,
    name: String,
    error_id: String,
    value: Callback<(), String>,
    set: Callback<String>,
    errors: RwSignal<FieldErrors>,
    key: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let status: RwSignal<Option<crate::i18n::Message>> = RwSignal::new(None);
    let is_image = field.input == InputType::Image;
    let accept = crate::attributes::rules::allowed_extensions(&field)
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(",");
    let current = move || Some(value.run(())).filter(|v| !v.is_empty());
    let remove = move |_| {
        set.run(String::new());
        status.set(Some(Key::FileRemoved.into()));
    };
    let on_change = {
        let key = key.clone();
        move |ev: leptos::ev::Event| {
            let (field, key) = (field.clone(), key.clone());
            #[cfg(feature = "hydrate")]
            {
                use wasm_bindgen::JsCast;
                let Some(file) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .and_then(|input| input.files())
                    .and_then(|files| files.get(0))
                else {
                    return;
                };
                let file_name = file.name();
                if let Err(m) =
                    crate::attributes::rules::check_upload(&field, &file_name, file.size() as usize)
                {
                    errors.update(|e| {
                        e.insert(key, m);
                    });
                    status.set(None);
                    return;
                }
                errors.update(|e| {
                    e.remove(&key);
                });
                status.set(Some(
                    crate::i18n::Message::new(Key::UploadingFile).with("name", file_name.as_str()),
                ));
                let admin = window()
                    .location()
                    .pathname()
                    .is_ok_and(|p| p.starts_with("/admin"));
                leptos::task::spawn_local(async move {
                    match crate::files::client::send(&field, file, admin).await {
                        Ok(uploaded) => {
                            let shown =
                                crate::attributes::model::file_name(&uploaded.value).to_string();
                            set.run(uploaded.value);
                            status.set(Some(
                                crate::i18n::Message::new(Key::FileUploaded).with("name", shown),
                            ));
                        }
                        Err(err) => {
                            status.set(None);
                            errors.update(|e| {
                                e.insert(key, crate::files::client::refusal(err));
                            });
                        }
                    }
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (ev, field, key, errors);
        }
    };
    view! {
        {move || current().map(|v| {
            let url = crate::attributes::model::file_url(&v);
            let shown = crate::attributes::model::file_name(&v).to_string();
            view! {
                <div class="file-current">
                    {is_image.then(|| view! { <img class="file-preview" src=url.clone() alt=shown.clone() /> })}
                    <a href=url target="_blank" rel="noopener">{shown}</a>
                    <button type="button" class="button-link" on:click=remove>{t(Key::RemoveFile)}</button>
                </div>
            }
        })}
        <input type="hidden" name=name prop:value=move || value.run(()) />
        <input id=id type="file" accept=accept aria-describedby=error_id on:change=on_change />
        <p class="field-status" role="status">{move || status.get().map(|m| m.text(i18n.locale.get()))}</p>
    }
}

/// "Additional information" heading for a group of custom attributes, when any.
#[component]
pub fn CustomAttributesHeading(any: bool) -> impl IntoView {
    any.then(|| view! { <h2 class="section-title">{t(Key::AdditionalInformation)}</h2> })
}
