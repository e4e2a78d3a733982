//! Add New Customer Group / edit a group (§14.3): Group Name, Tax Class (with the
//! customer tax classes added and renamed in place), Excluded Website(s); Back, Reset,
//! Delete Customer Group (confirmed with the customers it moves) and Save Customer Group.

use super::api::{
    customer_group_form, delete_customer_groups, save_customer_group, save_tax_class,
};
use super::model::{GroupForm, GroupInput, NOT_LOGGED_IN};
use crate::error::{error_text, AppError};
use crate::forms::FieldErrors;
use crate::i18n::{t, text, use_i18n, Key};
use crate::ui::dialog::use_confirm;
use crate::ui::fields::{SelectField, TextField};
use crate::ui::{use_toasts, ErrorPanel, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

const P: &str = "group";

/// The group page: `/admin/customer-groups/new` or `/admin/customer-groups/:id/edit`.
#[component]
pub fn CustomerGroupPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let data = Resource::new(
        move || id.get(),
        |id| crate::ui::page_data(customer_group_form(id)),
    );
    view! {
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(loaded) => view! { <GroupEditor loaded /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn GroupEditor(loaded: GroupForm) -> impl IntoView {
    let toasts = use_toasts();
    let i18n = use_i18n();
    let confirm = use_confirm();
    let navigate = use_navigate();
    let original = StoredValue::new(loaded.group.clone());
    let form = RwSignal::new(loaded.group.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let pending = RwSignal::new(false);
    let tax_classes = RwSignal::new(loaded.tax_classes.clone());
    let id = loaded.group.id;
    let title = match id {
        Some(_) => loaded.group.code.clone(),
        None => text(Key::NewCustomerGroup).to_string(),
    };
    let check = Callback::new(move |()| form.with_untracked(GroupInput::validate));
    let choices = Signal::derive(move || {
        tax_classes.with(|c| {
            c.iter()
                .map(|(id, name)| (id.to_string(), name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let save = crate::ui::form::admin_save(
        form,
        errors,
        pending,
        check,
        save_customer_group,
        Key::GroupSaved,
        "/admin/customer-groups",
    );
    let delete = {
        let navigate = navigate.clone();
        let code = loaded.group.code.clone();
        let customers = loaded.customers;
        move |_| {
            let Some(id) = id else { return };
            let question = t(Key::ConfirmDeleteGroup)()
                .replace("{name}", &code)
                .replace("{count}", &customers.to_string());
            let navigate = navigate.clone();
            confirm.ask_danger(question, Key::Delete, move || {
                let navigate = navigate.clone();
                spawn_local(async move {
                    match delete_customer_groups(vec![id]).await {
                        Ok(_) => {
                            toasts.push(ToastKind::Success, t(Key::GroupDeleted)());
                            navigate("/admin/customer-groups", Default::default());
                        }
                        Err(AppError::Validation { fields }) => {
                            let locale = i18n.locale.get_untracked();
                            let message = fields.values().next().map(|m| m.text(locale));
                            toasts.push(ToastKind::Error, message.unwrap_or_default());
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
    let is_guest_group = id == Some(NOT_LOGGED_IN);
    let websites = loaded.websites.clone();
    view! {
        <Title text=title.clone() />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <a href="/admin/customer-groups">{t(Key::CustomerGroups)}</a>
            " / "
            <span>{title.clone()}</span>
        </nav>
        <h1>{title}</h1>
        <form class="group-form" on:submit=save novalidate>
            <div class="page-actions">
                <a class="button-secondary" href="/admin/customer-groups">{t(Key::Back)}</a>
                <button type="button" class="button-secondary" on:click=reset>{t(Key::Reset)}</button>
                {(id.is_some() && !is_guest_group).then(|| view! {
                    <button type="button" class="button-secondary" on:click=delete>{t(Key::DeleteCustomerGroup)}</button>
                })}
                <button type="submit" class="button-primary" disabled=move || pending.get()>
                    {t(Key::SaveCustomerGroup)}
                </button>
            </div>
            <fieldset class="panel form form-grid">
                <legend>{t(Key::GroupInformation)}</legend>
                {id.map(|_| view! {
                    <p class="group-customers">
                        {move || t(Key::GroupCustomers)().replace("{count}", &crate::i18n::format_number(i18n.locale.get(), loaded.customers as i64))}
                    </p>
                })}
                {if is_guest_group {
                    view! {
                        <div class="field">
                            <span class="field-label">{t(Key::GroupName)}</span>
                            <p class="field-readonly">{move || form.with(|f| f.code.clone())}</p>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <TextField form errors check prefix=P name="code" label=text(Key::GroupName) required=true
                            get=|f: &GroupInput| f.code.clone() set=|f, v| f.code = v />
                    }.into_any()
                }}
                <SelectField form errors check prefix=P name="tax_class_id" label=text(Key::TaxClass) required=true
                    choices
                    get=|f: &GroupInput| f.tax_class_id.to_string()
                    set=|f, v| f.tax_class_id = v.parse().unwrap_or(0) />
                <TaxClasses tax_classes form />
                {(!is_guest_group).then(|| view! {
                    <fieldset class="field excluded-websites" class:field-invalid=move || errors.with(|e| e.contains_key("excluded_websites"))>
                        <legend>{t(Key::ExcludedWebsites)}</legend>
                        <p class="field-help">{t(Key::ExcludedWebsitesHelp)}</p>
                        {websites
                            .into_iter()
                            .map(|(website, name)| {
                                let checked = move || form.with(|f| f.excluded_websites.contains(&website));
                                view! {
                                    <label class="check">
                                        <input type="checkbox" name="excluded_websites" value=website.to_string()
                                            checked=checked() prop:checked=checked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                form.update(|f| {
                                                    f.excluded_websites.retain(|w| *w != website);
                                                    if on {
                                                        f.excluded_websites.push(website);
                                                    }
                                                });
                                            } />
                                        {name}
                                    </label>
                                }
                            })
                            .collect_view()}
                        <p class="field-error" role="alert">
                            {move || errors.with(|e| e.get("excluded_websites").map(|m| m.text(i18n.locale.get())))}
                        </p>
                    </fieldset>
                })}
            </fieldset>
        </form>
    }
}

/// The customer tax classes: rename one in place, or add one (chosen for the group).
#[component]
fn TaxClasses(
    tax_classes: RwSignal<Vec<(i64, String)>>,
    form: RwSignal<GroupInput>,
) -> impl IntoView {
    let toasts = use_toasts();
    let i18n = use_i18n();
    let new_name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let run = move |id: Option<i64>, name: String| {
        spawn_local(async move {
            match save_tax_class(id, name.clone()).await {
                Ok(saved) => {
                    error.set(None);
                    tax_classes.update(|c| match c.iter_mut().find(|(i, _)| *i == saved) {
                        Some(class) => class.1 = name.trim().to_string(),
                        None => c.push((saved, name.trim().to_string())),
                    });
                    if id.is_none() {
                        new_name.set(String::new());
                        form.update(|f| f.tax_class_id = saved);
                    }
                    toasts.push(ToastKind::Success, t(Key::TaxClassSaved)());
                }
                Err(AppError::Validation { fields }) => {
                    let locale = i18n.locale.get_untracked();
                    error.set(fields.values().next().map(|m| m.text(locale)));
                }
                Err(e) => error.set(Some(error_text(i18n.locale.get_untracked(), &e))),
            }
        });
    };
    view! {
        <details class="tax-classes">
            <summary>{t(Key::ManageTaxClasses)}</summary>
            <ul class="tax-class-list">
                <For each=move || tax_classes.get() key=|c| c.clone() let:class>
                    {
                        let (id, name) = class;
                        let value = RwSignal::new(name.clone());
                        let label = format!("{} ({name})", text(Key::TaxClassName));
                        view! {
                            <li>
                                <input type="text" aria-label=label prop:value=move || value.get()
                                    value=name on:input=move |ev| value.set(event_target_value(&ev)) />
                                <button type="button" class="button-secondary"
                                    on:click=move |_| run(Some(id), value.get_untracked())>
                                    {t(Key::RenameTaxClass)}
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="tax-class-add">
                <label for="tax-class-new">{t(Key::TaxClassName)}</label>
                <input id="tax-class-new" type="text" prop:value=move || new_name.get()
                    on:input=move |ev| new_name.set(event_target_value(&ev)) />
                <button type="button" class="button-secondary" on:click=move |_| run(None, new_name.get_untracked())>
                    {t(Key::AddTaxClass)}
                </button>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </details>
    }
}
