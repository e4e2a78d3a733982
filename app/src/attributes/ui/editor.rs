//! The attribute editor (§11.2–§11.4): Attribute Properties, Storefront Properties and
//! Manage Labels/Options, with Back, Reset, Delete Attribute (confirmed with the number
//! of values it deletes) and Save Attribute. The code and the input type are fixed once
//! saved. A system attribute opens the same editor restricted to what an admin may change
//! of it (§11.1): its Default Label, store view labels and sort order.

use crate::attributes::api::{
    delete_attribute, load_attribute_form, load_system_attribute_form, save_attribute,
    save_system_attribute,
};
use crate::attributes::model::{
    AttributeForm, AttributeInput, EntityType, InputType, MatchType, OptionInput, OutputFilter,
    SystemShown, Validation,
};
use crate::attributes::rules::default_extensions;
use crate::error::error_text;
use crate::forms::FieldErrors;
use crate::i18n::{t, text, tr, use_i18n, Key};
use crate::ui::dialog::use_confirm;
use crate::ui::fields::{CheckField, SelectField, TextField};
use crate::ui::{use_toasts, ErrorPanel, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

const P: &str = "attribute";

/// `/admin/attributes/{customer|address}/new`, `…/:id/edit` and, for a system
/// attribute, `…/system/:code`.
#[component]
pub fn AttributePage(entity: EntityType) -> impl IntoView {
    let params = use_params_map();
    let which = Memo::new(move |_| {
        params.with(|p| {
            (
                p.get("id").and_then(|v| v.parse::<i64>().ok()),
                p.get("code"),
            )
        })
    });
    let data = Resource::new(
        move || which.get(),
        move |(id, code)| async move {
            match code {
                Some(code) => crate::ui::page_data(load_system_attribute_form(entity, code)).await,
                None => crate::ui::page_data(load_attribute_form(entity, id)).await,
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(loaded) => view! { <Editor loaded /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Properties,
    Storefront,
    Labels,
}

impl Tab {
    fn code(self) -> &'static str {
        match self {
            Tab::Properties => "properties",
            Tab::Storefront => "storefront",
            Tab::Labels => "labels",
        }
    }
    fn key(self) -> Key {
        match self {
            Tab::Properties => Key::AttributeProperties,
            Tab::Storefront => Key::StorefrontProperties,
            Tab::Labels => Key::ManageLabelsOptions,
        }
    }
    /// The tab holding the field an error is keyed by.
    fn of_field(name: &str) -> Tab {
        if name == "sort_order" || name == "forms" {
            Tab::Storefront
        } else if name.starts_with("options") || name.starts_with("labels") {
            Tab::Labels
        } else {
            Tab::Properties
        }
    }
}

fn choices<T: Copy>(
    all: &[T],
    label: fn(T) -> Key,
    code: fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|&v| (code(v), text(label(v)).to_string()))
        .collect()
}

/// A property shown, not offered: its label and value.
fn fixed(label: Key, value: String) -> impl IntoView {
    view! {
        <div class="field">
            <span class="field-label">{t(label)}</span>
            <p class="field-readonly">{value}</p>
        </div>
    }
}

fn number(v: &str) -> Option<u32> {
    v.trim().parse().ok()
}

fn shown(v: Option<u32>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

#[component]
fn Editor(loaded: AttributeForm) -> impl IntoView {
    let toasts = use_toasts();
    let i18n = use_i18n();
    let confirm = use_confirm();
    let navigate = use_navigate();
    let entity = loaded.attribute.entity;
    let back = entity.path();
    let original = StoredValue::new(loaded.attribute.clone());
    let form = RwSignal::new(loaded.attribute.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let pending = RwSignal::new(false);
    let tab = RwSignal::new(Tab::Properties);
    let id = loaded.attribute.id;
    let system = loaded.system;
    let is_new = id.is_none() && system.is_none();
    let views = StoredValue::new(loaded.store_views.clone());
    let title = if is_new {
        text(Key::NewAttribute).to_string()
    } else {
        loaded.attribute.label.clone()
    };
    let check = Callback::new(move |()| {
        form.with_untracked(|f| match system {
            Some(_) => f.validate_labels_and_order(),
            None => f.validate(),
        })
    });
    // A refused save opens the tab of its first error.
    Effect::new(move |_| {
        if let Some(first) = errors.with(|e| e.keys().next().cloned()) {
            tab.set(Tab::of_field(&first));
        }
    });
    let save_custom = crate::ui::form::admin_save(
        form,
        errors,
        pending,
        check,
        save_attribute,
        Key::AttributeSaved,
        back,
    );
    let save_system = crate::ui::form::admin_save(
        form,
        errors,
        pending,
        check,
        save_system_attribute,
        Key::AttributeSaved,
        back,
    );
    let save = move |ev| match system {
        Some(_) => save_system(ev),
        None => save_custom(ev),
    };
    let delete = {
        let navigate = navigate.clone();
        let code = loaded.attribute.code.clone();
        let values = loaded.values;
        move |_| {
            let Some(id) = id else { return };
            let question = t(Key::ConfirmDeleteAttribute)()
                .replace("{code}", &code)
                .replace(
                    "{count}",
                    &crate::i18n::format_number(i18n.locale.get_untracked(), values as i64),
                );
            let navigate = navigate.clone();
            confirm.ask_danger(question, Key::DeleteAttribute, move || {
                let navigate = navigate.clone();
                spawn_local(async move {
                    match delete_attribute(entity, id).await {
                        Ok(_) => {
                            toasts.push(ToastKind::Success, t(Key::AttributeDeleted)());
                            navigate(back, Default::default());
                        }
                        Err(e) => toasts.push(
                            ToastKind::Error,
                            error_text(i18n.locale.get_untracked(), &e),
                        ),
                    }
                });
            });
        }
    };
    let reset = move |_| {
        form.set(original.get_value());
        errors.set(FieldErrors::new());
    };
    let tabs = [Tab::Properties, Tab::Storefront, Tab::Labels];
    view! {
        <Title text=title.clone() />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <a href=back>{t(entity.title())}</a>
            " / "
            <span>{title.clone()}</span>
        </nav>
        <h1>{title}</h1>
        <form class="attribute-form" on:submit=save novalidate>
            <div class="page-actions" role="toolbar" aria-label=t(Key::Actions)>
                <a class="button-secondary" href=back>{t(Key::Back)}</a>
                <button type="button" class="button-secondary" on:click=reset>{t(Key::Reset)}</button>
                {id.map(|_| view! {
                    <button type="button" class="button-secondary" on:click=delete>{t(Key::DeleteAttribute)}</button>
                })}
                <button type="submit" class="button-primary" disabled=move || pending.get()>
                    {t(Key::SaveAttribute)}
                </button>
            </div>
            <div class="tabs">
                <div class="tab-list" role="tablist" aria-orientation="vertical">
                    {tabs.into_iter().map(|which| view! {
                        <button
                            type="button"
                            role="tab"
                            id=format!("tab-{}", which.code())
                            aria-controls=format!("panel-{}", which.code())
                            aria-selected=move || (tab.get() == which).to_string()
                            class:active=move || tab.get() == which
                            class:tab-invalid=move || errors.with(|e| e.keys().any(|k| Tab::of_field(k) == which))
                            on:click=move |_| tab.set(which)
                        >
                            {t(which.key())}
                        </button>
                    }).collect_view()}
                </div>
                <div class="tab-panels">
                    <section role="tabpanel" id="panel-properties" aria-labelledby="tab-properties" hidden=move || tab.get() != Tab::Properties>
                        {match system {
                            Some(_) => view! { <SystemProperties form errors check /> }.into_any(),
                            None => view! { <Properties form errors check is_new /> }.into_any(),
                        }}
                    </section>
                    <section role="tabpanel" id="panel-storefront" aria-labelledby="tab-storefront" hidden=move || tab.get() != Tab::Storefront>
                        <Storefront form errors check entity system />
                    </section>
                    <section role="tabpanel" id="panel-labels" aria-labelledby="tab-labels" hidden=move || tab.get() != Tab::Labels>
                        <Labels form errors views with_options=system.is_none() />
                    </section>
                </div>
            </div>
        </form>
    }
}

/// Attribute Properties.
#[component]
fn Properties(
    form: RwSignal<AttributeInput>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    is_new: bool,
) -> impl IntoView {
    let input = Memo::new(move |_| form.with(|f| f.input));
    let inputs =
        Signal::derive(|| choices(&InputType::ALL, InputType::label, |i| i.code().to_string()));
    let validations =
        Signal::derive(|| choices(&Validation::ALL, Validation::label, |v| format!("{v:?}")));
    let filters = Signal::derive(|| {
        choices(&OutputFilter::ALL, OutputFilter::label, |v| {
            format!("{v:?}")
        })
    });
    let matches =
        Signal::derive(|| choices(&MatchType::ALL, MatchType::label, |v| format!("{v:?}")));
    let yes_no = Signal::derive(|| {
        vec![
            ("1".to_string(), text(Key::Yes).to_string()),
            ("0".to_string(), text(Key::No).to_string()),
        ]
    });
    view! {
        <fieldset class="panel form form-grid">
            <legend>{t(Key::AttributeProperties)}</legend>
            <TextField form errors check prefix=P name="label" label=text(Key::DefaultLabel) required=true
                get=|f: &AttributeInput| f.label.clone() set=|f, v| f.label = v />
            {if is_new {
                view! {
                    <TextField form errors check prefix=P name="code" label=text(Key::AttributeCode) required=true
                        get=|f: &AttributeInput| f.code.clone() set=|f, v| f.code = v />
                    <SelectField form errors check prefix=P name="input" label=text(Key::InputType) choices=inputs
                        get=|f: &AttributeInput| f.input.code().to_string()
                        set=|f, v| f.input = InputType::from_code(&v).unwrap_or_default() />
                }.into_any()
            } else {
                view! {
                    {fixed(Key::AttributeCode, form.with_untracked(|f| f.code.clone()))}
                    {fixed(Key::InputType, text(form.with_untracked(|f| f.input.label())).to_string())}
                }.into_any()
            }}
            <CheckField form prefix=P name="required" label=text(Key::ValuesRequired)
                get=|f: &AttributeInput| f.required set=|f, v| f.required = v />
            {move || {
                let input = input.get();
                match input {
                    InputType::Multiline => view! {
                        <TextField form errors check prefix=P name="lines" label=text(Key::LinesCount) kind="number"
                            get=|f: &AttributeInput| f.lines.to_string() set=|f, v| f.lines = number(&v).unwrap_or(0) />
                    }.into_any(),
                    _ => ().into_any(),
                }
            }}
            {move || match input.get() {
                InputType::Text | InputType::TextArea | InputType::Multiline => view! {
                    <TextField form errors check prefix=P name="default_value" label=text(Key::DefaultValue)
                        get=|f: &AttributeInput| f.default_value.clone() set=|f, v| f.default_value = v />
                    <SelectField form errors check prefix=P name="validation" label=text(Key::InputValidation) choices=validations
                        get=|f: &AttributeInput| format!("{:?}", f.validation)
                        set=|f, v| f.validation = Validation::ALL.into_iter().find(|x| format!("{x:?}") == v).unwrap_or_default() />
                    <TextField form errors check prefix=P name="min_length" label=text(Key::MinTextLength) kind="number"
                        get=|f: &AttributeInput| shown(f.min_length) set=|f, v| f.min_length = number(&v) />
                    <TextField form errors check prefix=P name="max_length" label=text(Key::MaxTextLength) kind="number"
                        get=|f: &AttributeInput| shown(f.max_length) set=|f, v| f.max_length = number(&v) />
                    <SelectField form errors check prefix=P name="filter" label=text(Key::InputOutputFilter) choices=filters
                        get=|f: &AttributeInput| format!("{:?}", f.filter)
                        set=|f, v| f.filter = OutputFilter::ALL.into_iter().find(|x| format!("{x:?}") == v).unwrap_or_default() />
                }.into_any(),
                InputType::Date => view! {
                    <TextField form errors check prefix=P name="default_value" label=text(Key::DefaultValue) kind="date"
                        get=|f: &AttributeInput| f.default_value.clone() set=|f, v| f.default_value = v />
                    <TextField form errors check prefix=P name="date_min" label=text(Key::MinimalDate) kind="date"
                        get=|f: &AttributeInput| f.date_min.clone() set=|f, v| f.date_min = v />
                    <TextField form errors check prefix=P name="date_max" label=text(Key::MaximalDate) kind="date"
                        get=|f: &AttributeInput| f.date_max.clone() set=|f, v| f.date_max = v />
                }.into_any(),
                InputType::YesNo => view! {
                    <SelectField form errors check prefix=P name="default_value" label=text(Key::DefaultValue) choices=yes_no
                        placeholder=" "
                        get=|f: &AttributeInput| f.default_value.clone() set=|f, v| f.default_value = v />
                }.into_any(),
                InputType::Dropdown | InputType::Multiselect => view! {
                    <p class="field-help">{t(Key::DefaultOptionHelp)}</p>
                }.into_any(),
                input @ (InputType::File | InputType::Image) => {
                    let usual = default_extensions(input).join(", ");
                    let i18n = use_i18n();
                    view! {
                        <TextField form errors check prefix=P name="max_file_kb" label=text(Key::MaxFileSize) kind="number"
                            get=|f: &AttributeInput| shown(f.file.max_kb) set=|f, v| f.file.max_kb = number(&v) />
                        <TextField form errors check prefix=P name="file_extensions" label=text(Key::FileExtensions)
                            get=|f: &AttributeInput| f.file.extensions.clone() set=|f, v| f.file.extensions = v />
                        <p class="field-help">{move || crate::i18n::Message::new(Key::FileExtensionsHelp)
                            .with("list", usual.as_str()).text(i18n.locale.get())}</p>
                        {(input == InputType::Image).then(|| view! {
                            <TextField form errors check prefix=P name="max_image_width" label=text(Key::MaxImageWidth) kind="number"
                                get=|f: &AttributeInput| shown(f.file.max_width) set=|f, v| f.file.max_width = number(&v) />
                            <TextField form errors check prefix=P name="max_image_height" label=text(Key::MaxImageHeight) kind="number"
                                get=|f: &AttributeInput| shown(f.file.max_height) set=|f, v| f.file.max_height = number(&v) />
                        })}
                    }.into_any()
                }
            }}
            <CheckField form prefix=P name="in_grid" label=text(Key::AddToColumnOptions)
                get=|f: &AttributeInput| f.in_grid set=|f, v| f.in_grid = v />
            {move || (!input.get().is_file()).then(|| view! {
                <CheckField form prefix=P name="filterable" label=text(Key::UseInFilterOptions)
                    get=|f: &AttributeInput| f.filterable set=|f, v| f.filterable = v />
            })}
            {move || (input.get() == InputType::Text).then(|| view! {
                <SelectField form errors check prefix=P name="match_type" label=text(Key::GridFilterCondition) choices=matches
                    get=|f: &AttributeInput| format!("{:?}", f.match_type)
                    set=|f, v| f.match_type = MatchType::ALL.into_iter().find(|x| format!("{x:?}") == v).unwrap_or_default() />
            })}
            {move || (!input.get().is_file()).then(|| view! {
                <CheckField form prefix=P name="searchable" label=text(Key::UseInSearchOptions)
                    get=|f: &AttributeInput| f.searchable set=|f, v| f.searchable = v />
            })}
            <CheckField form prefix=P name="in_segments" label=text(Key::UseInCustomerSegment)
                get=|f: &AttributeInput| f.in_segments set=|f, v| f.in_segments = v />
        </fieldset>
    }
}

/// A system attribute's Attribute Properties: the Default Label is the one thing to
/// change; the code, input type and Values Required are the system's.
#[component]
fn SystemProperties(
    form: RwSignal<AttributeInput>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
) -> impl IntoView {
    let (code, input, required) =
        form.with_untracked(|f| (f.code.clone(), f.input.label(), f.required));
    view! {
        <fieldset class="panel form form-grid">
            <legend>{t(Key::AttributeProperties)}</legend>
            <p class="field-help field-intro">{t(Key::SystemAttributeHelp)}</p>
            <TextField form errors check prefix=P name="label" label=text(Key::DefaultLabel) required=true
                get=|f: &AttributeInput| f.label.clone() set=|f, v| f.label = v />
            {fixed(Key::AttributeCode, code)}
            {fixed(Key::InputType, text(input).to_string())}
            {fixed(Key::ValuesRequired, text(if required { Key::Yes } else { Key::No }).to_string())}
        </fieldset>
    }
}

/// Storefront Properties: Show on Storefront, Sort Order, Forms to Use In. A system
/// attribute's says what decides where it shows instead of the first and the last.
#[component]
fn Storefront(
    form: RwSignal<AttributeInput>,
    errors: RwSignal<FieldErrors>,
    check: Callback<(), FieldErrors>,
    entity: EntityType,
    system: Option<SystemShown>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sort_order = view! {
        <TextField form errors check prefix=P name="sort_order" label=text(Key::SortOrder) required=true kind="number"
            get=|f: &AttributeInput| f.sort_order.to_string()
            set=|f, v| f.sort_order = v.trim().parse().unwrap_or(-1) />
    };
    if let Some(shown) = system {
        let said = match shown {
            SystemShown::Always => {
                view! { <p class="field-readonly field-sentence">{t(Key::ShownAlways)}</p> }
                    .into_any()
            }
            SystemShown::AdminOnly => {
                view! { <p class="field-readonly field-sentence">{t(Key::ShownAdminOnly)}</p> }
                    .into_any()
            }
            SystemShown::Setting(setting) => view! {
                <p class="field-readonly field-sentence">
                    {move || crate::i18n::Message::new(Key::ShownBySetting)
                        .with("setting", crate::i18n::tr(i18n.locale.get(), setting))
                        .text(i18n.locale.get())}
                    " "
                    <a href="/admin/config?section=customer">{t(Key::OpenSetting)}</a>
                </p>
            }
            .into_any(),
        };
        return view! {
            <fieldset class="panel form form-grid">
                <legend>{t(Key::StorefrontProperties)}</legend>
                <div class="field">
                    <span class="field-label">{t(Key::ShowOnStorefront)}</span>
                    {said}
                </div>
                {sort_order}
            </fieldset>
        }
        .into_any();
    }
    view! {
        <fieldset class="panel form form-grid">
            <legend>{t(Key::StorefrontProperties)}</legend>
            <CheckField form prefix=P name="visible" label=text(Key::ShowOnStorefront)
                get=|f: &AttributeInput| f.visible set=|f, v| f.visible = v />
            {sort_order}
            <fieldset class="field used-in-forms" class:field-invalid=move || errors.with(|e| e.contains_key("forms"))>
                <legend>{t(Key::FormsToUseIn)}</legend>
                {entity.forms().iter().map(|&which| {
                    let checked = move || form.with(|f| f.forms.contains(&which));
                    view! {
                        <label class="check">
                            <input type="checkbox" name="forms" value=which.code()
                                checked=checked() prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    form.update(|f| {
                                        f.forms.retain(|x| *x != which);
                                        if on {
                                            f.forms.push(which);
                                        }
                                    });
                                } />
                            {t(which.label())}
                        </label>
                    }
                }).collect_view()}
                <p class="field-help">{t(Key::AdminFormAlwaysHelp)}</p>
                <p class="field-error" role="alert">
                    {move || errors.with(|e| e.get("forms").map(|m| m.text(i18n.locale.get())))}
                </p>
            </fieldset>
        </fieldset>
    }
    .into_any()
}

/// Manage Labels/Options: a label per store view, and the options of a Dropdown or
/// Multiple Select (Admin value, a label per store view, default, order, delete).
#[component]
fn Labels(
    form: RwSignal<AttributeInput>,
    errors: RwSignal<FieldErrors>,
    views: StoredValue<Vec<(i64, String)>>,
    with_options: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_options = Memo::new(move |_| with_options && form.with(|f| f.input.has_options()));
    let error =
        move |key: String| move || errors.with(|e| e.get(&key).map(|m| m.text(i18n.locale.get())));
    view! {
        <fieldset class="panel form">
            <legend>{t(Key::ManageTitles)}</legend>
            <div class="form-grid">
                {views.get_value().into_iter().map(|(store, name)| {
                    let id = format!("{P}-label-{store}");
                    view! {
                        <div class="field">
                            <label for=id.clone()>{name}</label>
                            <input id=id type="text"
                                value=form.with_untracked(|f| f.labels.get(&store).cloned().unwrap_or_default())
                                prop:value=move || form.with(|f| f.labels.get(&store).cloned().unwrap_or_default())
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    form.update(|f| { f.labels.insert(store, v); });
                                } />
                            <p class="field-error" role="alert">{error(format!("labels.{store}"))}</p>
                        </div>
                    }
                }).collect_view()}
            </div>
            <p class="field-error" role="alert">{error("labels".into())}</p>
        </fieldset>
        {move || has_options.get().then(|| view! { <Options form errors views /> })}
    }
}

/// The options table.
#[component]
fn Options(
    form: RwSignal<AttributeInput>,
    errors: RwSignal<FieldErrors>,
    views: StoredValue<Vec<(i64, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| form.with(|f| f.options.len()));
    let multiple = Memo::new(move |_| form.with(|f| f.input == InputType::Multiselect));
    let add = move |_| {
        form.update(|f| f.options.push(OptionInput::default()));
        // Focus the new option's Admin value.
        #[cfg(feature = "hydrate")]
        request_animation_frame(move || {
            use wasm_bindgen::JsCast;
            let n = form.with_untracked(|f| f.options.len()) - 1;
            if let Some(input) = document()
                .get_element_by_id(&format!("{P}-option-{n}-admin"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = input.focus();
            }
        });
    };
    view! {
        <fieldset class="panel form attribute-options">
            <legend>{t(Key::ManageOptions)}</legend>
            <div class="table-scroll">
                <table class="options-table">
                    <thead>
                        <tr>
                            <th scope="col">{t(Key::IsDefault)}</th>
                            <th scope="col">{t(Key::AdminValue)}</th>
                            {views.get_value().into_iter().map(|(_, name)| view! { <th scope="col">{name}</th> }).collect_view()}
                            <th scope="col"><span class="visually-hidden">{t(Key::Actions)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || (0..count.get()).map(|i| view! { <OptionRow form errors views i multiple /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="field-error" role="alert">
                {move || errors.with(|e| e.get("options").map(|m| m.text(i18n.locale.get())))}
            </p>
            <button type="button" class="button-secondary" on:click=add>{t(Key::AddOption)}</button>
        </fieldset>
    }
}

/// One option: Default, Admin value, a label per store view, move up/down, delete.
#[component]
fn OptionRow(
    form: RwSignal<AttributeInput>,
    errors: RwSignal<FieldErrors>,
    views: StoredValue<Vec<(i64, String)>>,
    i: usize,
    multiple: Memo<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let get = move |f: &AttributeInput| f.options.get(i).cloned().unwrap_or_default();
    let admin_id = format!("{P}-option-{i}-admin");
    let error_id = format!("{P}-option-{i}-error");
    let key = format!("options.{i}");
    let error_key = key.clone();
    let name = move || form.with(|f| get(f).admin_label);
    let move_to = move |to: usize| {
        form.update(|f| {
            if to < f.options.len() {
                f.options.swap(i, to);
            }
        });
    };
    let last = move || form.with(|f| f.options.len()) - 1;
    view! {
        <tr class:row-invalid=move || errors.with(|e| e.contains_key(&key))>
            <td>
                <input type=move || if multiple.get() { "checkbox" } else { "radio" } name="option-default"
                    aria-label=move || format!("{} ({})", tr(i18n.locale.get(), Key::IsDefault), name())
                    prop:checked=move || form.with(|f| get(f).is_default)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        form.update(|f| {
                            if !multiple.get_untracked() {
                                for o in f.options.iter_mut() {
                                    o.is_default = false;
                                }
                            }
                            if let Some(o) = f.options.get_mut(i) {
                                o.is_default = on;
                            }
                        });
                    } />
            </td>
            <td>
                <input id=admin_id type="text" aria-label=t(Key::AdminValue) aria-describedby=error_id.clone()
                    value=form.with_untracked(|f| get(f).admin_label)
                    prop:value=move || form.with(|f| get(f).admin_label)
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| if let Some(o) = f.options.get_mut(i) { o.admin_label = v; });
                    } />
                <p class="field-error" id=error_id role="alert">
                    {move || errors.with(|e| e.get(&error_key).map(|m| m.text(i18n.locale.get())))}
                </p>
            </td>
            {views.get_value().into_iter().map(|(store, view_name)| view! {
                <td>
                    <input type="text" aria-label=move || format!("{view_name} ({})", name())
                        value=form.with_untracked(|f| get(f).labels.get(&store).cloned().unwrap_or_default())
                        prop:value=move || form.with(|f| get(f).labels.get(&store).cloned().unwrap_or_default())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|f| if let Some(o) = f.options.get_mut(i) { o.labels.insert(store, v); });
                        } />
                </td>
            }).collect_view()}
            <td class="option-actions">
                <button type="button" class="button-icon" disabled=move || i == 0
                    aria-label=move || format!("{} ({})", tr(i18n.locale.get(), Key::MoveUp), name())
                    on:click=move |_| { if i > 0 { move_to(i - 1) } }>"↑"</button>
                <button type="button" class="button-icon" disabled={move || i >= last()}
                    aria-label=move || format!("{} ({})", tr(i18n.locale.get(), Key::MoveDown), name())
                    on:click=move |_| move_to(i + 1)>"↓"</button>
                <button type="button" class="button-secondary"
                    aria-label=move || format!("{} ({})", tr(i18n.locale.get(), Key::Delete), name())
                    on:click=move |_| form.update(|f| { if i < f.options.len() { f.options.remove(i); } })>
                    {t(Key::Delete)}
                </button>
            </td>
        </tr>
    }
}
