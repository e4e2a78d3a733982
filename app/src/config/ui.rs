//! Stores → Configuration: Magento's sections (Customer Configuration, Login as Customer…)
//! at the scope picked in the switcher. Each field shows the value stored at that scope
//! or, with "Use Default Value" / "Use Website" ticked, the value it inherits; a field
//! whose parent does not enable it is hidden. Edits are kept per scope and field while
//! the admin moves between sections; Save sends the open section's.

use super::api::{load_config_screen, save_config};
use super::editor::{is_shown, ConfigChange, ConfigScreen, Control, FieldView};
use super::model::{Scope, ScopeKind, Section};
use super::registry;
use crate::error::{error_text, AppError};
use crate::forms::FieldErrors;
use crate::i18n::{t, text, use_i18n, Key};
use crate::ui::url::use_change_query;
use crate::ui::{use_toasts, ErrorPanel, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::collections::HashMap;

/// The admin's unsaved edits: `(scope code, path)` → the value to store, or `None` to
/// inherit again.
type Edits = HashMap<(String, String), Option<String>>;

/// The page's state shared by its fields.
#[derive(Clone, Copy)]
struct Editor {
    screen: StoredValue<ConfigScreen>,
    scope: Scope,
    edits: RwSignal<Edits>,
    errors: RwSignal<FieldErrors>,
}

impl Editor {
    fn key(&self, path: &str) -> (String, String) {
        (self.scope.code(), path.to_string())
    }

    fn field(&self, path: &str) -> Option<FieldView> {
        self.screen.with_value(|s| {
            s.groups
                .iter()
                .flat_map(|g| &g.fields)
                .find(|f| f.path == path)
                .cloned()
        })
    }

    /// Whether the field inherits (nothing stored at this scope once saved).
    fn inherits(&self, field: &FieldView) -> bool {
        let key = self.key(&field.path);
        self.edits.with(|e| match e.get(&key) {
            Some(edit) => edit.is_none(),
            None => field.stored.is_none(),
        })
    }

    /// The value the field shows (and would save).
    fn value(&self, field: &FieldView) -> String {
        let key = self.key(&field.path);
        let value = self.edits.with(|e| match e.get(&key) {
            Some(Some(value)) => value.clone(),
            Some(None) => field.inherited.clone(),
            None => field
                .stored
                .clone()
                .unwrap_or_else(|| field.inherited.clone()),
        });
        // An unset Yes/No reads as No.
        if field.control == Control::YesNo && value.is_empty() {
            "0".into()
        } else {
            value
        }
    }

    fn set(&self, path: &str, value: Option<String>) {
        let key = self.key(path);
        self.edits.update(|e| {
            e.insert(key, value);
        });
    }

    /// Check one field with its option's rules, as the server will.
    fn check(&self, field: &FieldView) {
        let value = (!self.inherits(field)).then(|| self.value(field));
        let result = match (registry::find(&field.path), value) {
            (Some(def), Some(value)) => def.check(&value),
            _ => Ok(()),
        };
        self.errors.update(|errors| match result {
            Ok(()) => {
                errors.remove(&field.path);
            }
            Err(message) => {
                errors.insert(field.path.clone(), message);
            }
        });
    }

    /// The open section's changes at this scope.
    fn changes(&self) -> Vec<ConfigChange> {
        let scope = self.scope.code();
        self.screen.with_value(|s| {
            self.edits.with_untracked(|edits| {
                s.groups
                    .iter()
                    .flat_map(|g| &g.fields)
                    .filter_map(|f| {
                        let after = edits.get(&(scope.clone(), f.path.clone()))?.clone();
                        (after != f.stored).then(|| ConfigChange {
                            path: f.path.clone(),
                            before: f.stored.clone(),
                            after,
                        })
                    })
                    .collect()
            })
        })
    }

    /// Forget the edits of the open section at this scope (after a save).
    fn clear_section(&self) {
        let scope = self.scope.code();
        let paths: Vec<String> = self.screen.with_value(|s| {
            s.groups
                .iter()
                .flat_map(|g| g.fields.iter().map(|f| f.path.clone()))
                .collect()
        });
        self.edits
            .update(|e| e.retain(|(s, p), _| *s != scope || !paths.contains(p)));
    }
}

/// The label of a scope in the switcher and in messages.
fn scope_label(screen: &ConfigScreen, scope: Scope) -> String {
    match scope {
        Scope::Default => text(Key::CfgDefaultConfig).to_string(),
        _ => screen
            .scopes
            .iter()
            .find(|s| s.scope == scope)
            .map(|s| s.label.clone())
            .unwrap_or_default(),
    }
}

/// Stores → Configuration.
#[component]
pub fn ConfigPage() -> impl IntoView {
    let query = use_query_map();
    let scope = Memo::new(move |_| query.with(|q| q.get("scope").unwrap_or_default()));
    let section = Memo::new(move |_| {
        query.with(|q| {
            q.get("section")
                .unwrap_or_else(|| Section::Customer.code().into())
        })
    });
    let screen = Resource::new(
        move || (scope.get(), section.get()),
        |(scope, section)| crate::ui::page_data(load_config_screen(scope, section)),
    );
    // Kept while the admin moves between sections and scopes.
    let edits = RwSignal::new(Edits::new());
    let errors = RwSignal::new(FieldErrors::new());
    view! {
        <Title text=crate::i18n::text(Key::Configuration) />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <span>{t(Key::Stores)}</span>
            " / "
            <span>{t(Key::Configuration)}</span>
        </nav>
        <h1>{t(Key::Configuration)}</h1>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match screen.await {
                    Ok(data) => {
                        let editor = Editor {
                            scope: data.scope,
                            screen: StoredValue::new(data),
                            edits,
                            errors,
                        };
                        view! { <ConfigEditor editor reload=Callback::new(move |()| screen.refetch()) /> }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The scope switcher, the section tabs and the open section's groups.
#[component]
fn ConfigEditor(editor: Editor, reload: Callback<()>) -> impl IntoView {
    let change_query = use_change_query();
    let toasts = use_toasts();
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let (scopes, sections, current, scope) = editor
        .screen
        .with_value(|s| (s.scopes.clone(), s.sections.clone(), s.section, s.scope));
    let groups = editor.screen.with_value(|s| s.groups.clone());
    let pick_scope = {
        let change_query = change_query.clone();
        move |ev: leptos::ev::Event| {
            let code = event_target_value(&ev);
            change_query(&|k| k == "scope", vec![("scope".into(), code)], true);
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let changes = editor.changes();
        let invalid = editor
            .errors
            .with_untracked(|e| changes.iter().any(|c| e.contains_key(&c.path)));
        if invalid {
            toasts.push(ToastKind::Error, t(Key::ErrValidation)());
            return;
        }
        pending.set(true);
        let scope_name = editor.screen.with_value(|s| scope_label(s, scope));
        spawn_local(async move {
            let result = save_config(scope.code(), current.code().to_string(), changes).await;
            pending.set(false);
            match result {
                Ok(()) => {
                    editor.clear_section();
                    editor.errors.set(FieldErrors::new());
                    let message = t(Key::CfgSaved)().replace("{scope}", &scope_name);
                    toasts.push(ToastKind::Success, message);
                    reload.run(());
                }
                Err(AppError::Validation { fields }) => {
                    editor.errors.set(fields);
                    toasts.push(ToastKind::Error, t(Key::ErrValidation)());
                }
                Err(other) => toasts.push(
                    ToastKind::Error,
                    error_text(i18n.locale.get_untracked(), &other),
                ),
            }
        });
    };
    let scope_code = scope.code();
    view! {
        <form class="config-editor" on:submit=save novalidate>
            <div class="config-toolbar">
                <div class="field config-scope">
                    <label for="config-scope">{t(Key::CfgScope)}</label>
                    <select id="config-scope" on:change=pick_scope>
                        {scopes
                            .into_iter()
                            .map(|choice| {
                                let code = choice.scope.code();
                                let selected = code == scope_code;
                                let indent = "\u{a0}\u{a0}\u{a0}".repeat(choice.depth.saturating_sub(1) as usize);
                                let label = match choice.scope {
                                    Scope::Default => text(Key::CfgDefaultConfig).to_string(),
                                    _ => format!("{indent}{}", choice.label),
                                };
                                view! { <option value=code selected=selected>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button class="button-primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { t(Key::Saving)() } else { t(Key::CfgSaveConfig)() }}
                </button>
            </div>
            <div class="config-layout">
                <nav class="config-sections" aria-label=t(Key::CfgSections)>
                    <ul>
                        {sections
                            .into_iter()
                            .map(|section| {
                                let change_query = change_query.clone();
                                let is_current = section == current;
                                let href = format!(
                                    "/admin/config?section={}&scope={}",
                                    section.code(),
                                    scope.code()
                                );
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            aria-current=is_current.then_some("page")
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                change_query(
                                                    &|k| k == "section",
                                                    vec![("section".into(), section.code().into())],
                                                    true,
                                                );
                                            }
                                        >
                                            {t(section.label())}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
                <div class="config-groups">
                    <h2 class="config-section-title">{t(current.label())}</h2>
                    {groups
                        .into_iter()
                        .map(|group| {
                            view! {
                                <details class="panel config-group" open>
                                    <summary>
                                        <h3>{t(group.group)}</h3>
                                    </summary>
                                    <div class="config-fields">
                                        {group
                                            .fields
                                            .into_iter()
                                            .map(|field| view! { <ConfigField editor field /> })
                                            .collect_view()}
                                    </div>
                                </details>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
        </form>
    }
}

/// The `[GLOBAL]` / `[WEBSITE]` / `[STORE VIEW]` hint beside a label.
fn scope_hint(kind: ScopeKind) -> Key {
    match kind {
        ScopeKind::Global => Key::CfgHintGlobal,
        ScopeKind::Website => Key::CfgHintWebsite,
        ScopeKind::StoreView => Key::CfgHintStoreView,
    }
}

/// One field: label, control, comment, "takes effect when…", error, and the inherit box.
#[component]
fn ConfigField(editor: Editor, field: FieldView) -> impl IntoView {
    let id = format!("cfg-{}", field.path.replace('/', "-"));
    let error_id = format!("{id}-error");
    let note_id = format!("{id}-note");
    let shown = {
        let field = field.clone();
        move || {
            // A parent this scope shows follows the admin's edits; one it does not show
            // (a global switch above a store-view field) has its value at this scope.
            let value_of = |path: &str| match editor.field(path) {
                Some(parent) => Some(editor.value(&parent)),
                None => editor.screen.with_value(|s| {
                    s.parents
                        .iter()
                        .find(|(p, _)| p == path)
                        .map(|(_, v)| v.clone())
                }),
            };
            is_shown(&field, &value_of)
        }
    };
    let inherits = {
        let field = field.clone();
        move || editor.inherits(&field)
    };
    let inherit_label = match editor.scope {
        Scope::Default => Key::CfgUseSystemValue,
        Scope::Website(_) => Key::CfgUseDefaultValue,
        Scope::StoreView(_) => Key::CfgUseWebsite,
    };
    let toggle_inherit = {
        let field = field.clone();
        move |ev: leptos::ev::Event| {
            let inherit = event_target_checked(&ev);
            // Unticked: the field starts from the value it inherited.
            let value = (!inherit).then(|| editor.value(&field));
            editor.set(&field.path, value);
            editor.check(&field);
        }
    };
    let path = field.path.clone();
    let has_error = {
        let path = path.clone();
        move || editor.errors.with(|e| e.contains_key(&path))
    };
    let error_text = {
        let path = path.clone();
        let i18n = use_i18n();
        move || {
            editor
                .errors
                .with(|e| e.get(&path).map(|m| m.text(i18n.locale.get())))
        }
    };
    let described = format!("{note_id} {error_id}");
    let control = view! { <FieldControl editor field=field.clone() id=id.clone() described=described.clone() /> };
    view! {
        <div
            class="config-field"
            class:field-invalid=has_error.clone()
            data-path=field.path.clone()
            hidden=move || !shown()
        >
            <label class="config-label" for=id.clone()>
                {t(field.label)}
                " "
                <span class="config-scope-hint">{t(scope_hint(field.scope_kind))}</span>
            </label>
            <div class="config-control">
                {control}
                <div id=note_id class="config-notes">
                    {field.comment.map(|key| view! { <p class="config-comment">{t(key)}</p> })}
                    {field.pending.map(|feature| {
                        view! {
                            <p class="config-pending">
                                {move || t(Key::CfgTakesEffectWhen)().replace("{feature}", t(feature)())}
                            </p>
                        }
                    })}
                </div>
                <p class="field-error" id=error_id role="alert">{error_text}</p>
            </div>
            <label class="config-inherit">
                <input type="checkbox" prop:checked=inherits.clone() checked=inherits() on:change=toggle_inherit />
                {t(inherit_label)}
            </label>
        </div>
    }
}

/// The control for one field's kind of value; disabled while the field inherits.
#[component]
fn FieldControl(editor: Editor, field: FieldView, id: String, described: String) -> impl IntoView {
    let disabled = {
        let field = field.clone();
        move || editor.inherits(&field)
    };
    let value = {
        let field = field.clone();
        move || editor.value(&field)
    };
    let on_change = {
        let field = field.clone();
        move |ev: leptos::ev::Event| {
            editor.set(&field.path, Some(event_target_value(&ev)));
            editor.check(&field);
        }
    };
    // Typing keeps the value; leaving the field checks it.
    let on_input = {
        let path = field.path.clone();
        move |ev: leptos::ev::Event| editor.set(&path, Some(event_target_value(&ev)))
    };
    let invalid = {
        let path = field.path.clone();
        move || {
            editor
                .errors
                .with(|e| e.contains_key(&path))
                .then_some("true")
        }
    };
    let select = |choices: Vec<(String, String)>| {
        let current = value();
        view! {
            <select
                id=id.clone()
                aria-describedby=described.clone()
                aria-invalid=invalid.clone()
                disabled=disabled.clone()
                on:change=on_change.clone()
                prop:value=value.clone()
            >
                {choices
                    .into_iter()
                    .map(|(v, label)| {
                        let selected = v == current;
                        view! { <option value=v selected=selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
        }
        .into_any()
    };
    match field.control.clone() {
        Control::YesNo => select(vec![
            ("1".into(), text(Key::Yes).into()),
            ("0".into(), text(Key::No).into()),
        ]),
        Control::Select(choices) => select(
            choices
                .into_iter()
                .map(|(v, key)| (v, text(key).to_string()))
                .collect(),
        ),
        Control::Group => {
            let mut choices: Vec<(String, String)> = editor.screen.with_value(|s| {
                s.customer_groups
                    .iter()
                    .filter(|(id, _)| *id > 0)
                    .map(|(id, name)| (id.to_string(), name.clone()))
                    .collect()
            });
            // An unset group option (the VAT groups) offers "none".
            if field.inherited.is_empty() || value().is_empty() {
                choices.insert(0, (String::new(), text(Key::CfgNoGroup).into()));
            }
            select(choices)
        }
        Control::EmailTemplate(code) => {
            // The built-in email (the option's default value), then the admins'
            // templates made from it.
            let builtin = crate::config::registry::find(&field.path).map_or("", |d| d.default);
            let name = crate::email_templates::model::builtin(&code).map_or(builtin, |b| text(b.label));
            let mut choices = vec![(
                builtin.to_string(),
                text(Key::CfgDefaultTemplateOf).replace("{email}", name),
            )];
            editor.screen.with_value(|s| {
                choices.extend(
                    s.email_templates
                        .iter()
                        .filter(|(_, _, orig)| *orig == code)
                        .map(|(id, name, _)| (id.to_string(), name.clone())),
                )
            });
            select(choices)
        }
        Control::MultiSelect(choices) => view! {
            <fieldset
                class="config-multi"
                id=id.clone()
                aria-describedby=described.clone()
                disabled=disabled.clone()
            >
                <legend class="visually-hidden">{t(field.label)}</legend>
                {choices
                    .into_iter()
                    .map(|(choice, key)| {
                        let field = field.clone();
                        let checked = {
                            let (field, choice) = (field.clone(), choice.clone());
                            move || editor.value(&field).split(',').any(|p| p == choice)
                        };
                        let toggle = move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            let mut parts: Vec<String> = editor
                                .value(&field)
                                .split(',')
                                .filter(|p| !p.is_empty() && *p != choice)
                                .map(str::to_string)
                                .collect();
                            if on {
                                parts.push(choice.clone());
                            }
                            editor.set(&field.path, Some(parts.join(",")));
                            editor.check(&field);
                        };
                        view! {
                            <label class="check">
                                <input type="checkbox" checked=checked() prop:checked=checked on:change=toggle />
                                {t(key)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        }
        .into_any(),
        Control::Number { min, max } => view! {
            <input
                id=id
                type="number"
                inputmode="numeric"
                min=min
                max=max
                value=value()
                prop:value=value
                aria-describedby=described
                aria-invalid=invalid
                disabled=disabled
                on:input=on_input
                on:change=on_change
            />
        }
        .into_any(),
        Control::Text => view! {
            <input
                id=id
                type="text"
                value=value()
                prop:value=value
                aria-describedby=described
                aria-invalid=invalid
                disabled=disabled
                on:input=on_input
                on:change=on_change
            />
        }
        .into_any(),
        Control::TextArea | Control::AddressTemplate(_) => {
            // An address template is previewed with a sample address as the admin types.
            let preview = match field.control {
                Control::AddressTemplate(format) => Some(format),
                _ => None,
            }
            .map(|format| {
                let text = {
                    let value = value.clone();
                    let path = field.path.clone();
                    move || template_preview(&path, &value(), format)
                };
                let shown = if format == crate::address_format::Format::Html {
                    view! { <address inner_html=text></address> }.into_any()
                } else {
                    view! { <pre>{text}</pre> }.into_any()
                };
                view! {
                    <figure class="config-preview">
                        <figcaption>{t(Key::CfgTemplatePreview)}</figcaption>
                        {shown}
                    </figure>
                }
            });
            let rows = if preview.is_some() { "8" } else { "6" };
            view! {
                <textarea
                    id=id
                    rows=rows
                    spellcheck="false"
                    prop:value=value.clone()
                    aria-describedby=described
                    aria-invalid=invalid
                    disabled=disabled
                    on:input=on_input
                    on:change=on_change
                >
                    {value()}
                </textarea>
                {preview}
            }
            .into_any()
        }
    }
}

/// A sample address printed with `template` (as typed) for the live preview; a template
/// with an error previews as the built-in one, the error being shown under the field.
fn template_preview(path: &str, template: &str, format: crate::address_format::Format) -> String {
    use crate::customers::address::model::AddressInput;
    let sample = AddressInput {
        firstname: "Ada".into(),
        lastname: "Lovelace".into(),
        company: "Analytical Engines Ltd".into(),
        street: vec!["12 St James's Square".into(), "Floor 2".into()],
        city: "London".into(),
        postcode: "SW1Y 4LB".into(),
        country_id: "GB".into(),
        telephone: "+44 20 7946 0000".into(),
        ..Default::default()
    };
    let setting = crate::config::model::Setting::new(registry::find(path).map_or("", |o| o.path));
    let locale = use_i18n().locale.get_untracked().index();
    // Custom address attributes have no sample value: they preview as empty.
    crate::address_format::render(setting, template, &sample, format, locale, &[])
}
