//! Marketing → Email Templates: the list (`/admin/email-templates`) and the template
//! page (`/new`, `/:id/edit`): Load Default Template (an account email in a language),
//! Template Name, Subject and Content with the email's variables listed, a live
//! preview with sample values, Send Test Email (to the admin, from a store view's
//! sender), Save and Delete (confirmed).

use super::api::{
    default_email_text, delete_email_template, email_templates_page, load_email_template,
    save_email_template, send_test_email,
};
use super::model::{builtin, fill, EmailTemplatesPage, TemplateInput, BUILTINS};
use crate::dates::date_time;
use crate::error::{error_text, AppError};
use crate::forms::FieldErrors;
use crate::i18n::{t, text, use_i18n, Key};
use crate::ui::dialog::use_confirm;
use crate::ui::fields::{FieldError, TextField};
use crate::ui::{use_toasts, ErrorPanel, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

const P: &str = "email-template";
const LIST: &str = "/admin/email-templates";

/// The languages a built-in text can be loaded in.
const LANGUAGES: [(&str, Key); 4] = [
    ("en_US", Key::ChoLocaleEnUs),
    ("fr_FR", Key::ChoLocaleFrFr),
    ("nl_NL", Key::ChoLocaleNlNl),
    ("pt_BR", Key::ChoLocalePtBr),
];

/// The name of the account email `code` in the admin's language.
fn email_label(code: &str) -> &'static str {
    builtin(code).map_or("", |b| text(b.label))
}

/// The list of templates.
#[component]
pub fn EmailTemplatesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| crate::ui::page_data(email_templates_page()));
    let i18n = use_i18n();
    view! {
        <Title text=crate::i18n::text(Key::EmailTemplates) />
        <h1>{t(Key::EmailTemplates)}</h1>
        <div class="page-actions">
            <a class="button-primary" href=format!("{LIST}/new")>{t(Key::AddNewTemplate)}</a>
        </div>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(EmailTemplatesPage { templates, .. }) if templates.is_empty() => view! {
                        <p class="panel empty">{t(Key::NoEmailTemplates)}</p>
                    }.into_any(),
                    Ok(EmailTemplatesPage { templates, .. }) => view! {
                        <div class="table-wrap">
                            <table class="data-table email-templates">
                                <thead>
                                    <tr>
                                        <th scope="col">{t(Key::Id)}</th>
                                        <th scope="col">{t(Key::EmailTemplateName)}</th>
                                        <th scope="col">{t(Key::EmailTemplateSubject)}</th>
                                        <th scope="col">{t(Key::EmailTemplateBasedOn)}</th>
                                        <th scope="col">{t(Key::EmailTemplateUpdated)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {templates.into_iter().map(|row| view! {
                                        <tr data-id=row.id>
                                            <td>{row.id}</td>
                                            <td><a href=format!("{LIST}/{}/edit", row.id)>{row.name.clone()}</a></td>
                                            <td>{row.subject.clone()}</td>
                                            <td>{email_label(&row.orig_code)}</td>
                                            <td>{move || date_time(i18n.locale.get(), row.updated_at)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A template: `/admin/email-templates/new` or `/admin/email-templates/:id/edit`.
#[component]
pub fn EmailTemplatePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let data = Resource::new(
        move || id.get(),
        |id| {
            crate::ui::page_data(async move {
                let page = email_templates_page().await?;
                let template = match id {
                    Some(id) => load_email_template(id).await?,
                    None => TemplateInput {
                        orig_code: BUILTINS[0].code.to_string(),
                        ..TemplateInput::default()
                    },
                };
                Ok::<_, AppError>((template, page.store_views))
            })
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((template, store_views)) => view! { <TemplateEditor template store_views /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TemplateEditor(template: TemplateInput, store_views: Vec<(i64, String)>) -> impl IntoView {
    let toasts = use_toasts();
    let i18n = use_i18n();
    let confirm = use_confirm();
    let navigate = use_navigate();
    let id = template.id;
    let title = match id {
        Some(_) => template.name.clone(),
        None => text(Key::NewEmailTemplate).to_string(),
    };
    let form = RwSignal::new(template);
    let errors = RwSignal::new(FieldErrors::new());
    let pending = RwSignal::new(false);
    let check =
        Callback::new(move |()| form.with_untracked(|f| f.validate().err().unwrap_or_default()));
    let admin_language = LANGUAGES[i18n.locale.get_untracked().index()].0;
    let load_locale = RwSignal::new(admin_language.to_string());
    let test_store = RwSignal::new(store_views.first().map(|(id, _)| *id).unwrap_or(0));
    let message_of = move |e: &AppError| match e {
        AppError::Validation { fields } => {
            let locale = i18n.locale.get_untracked();
            fields
                .values()
                .next()
                .map(|m| m.text(locale))
                .unwrap_or_default()
        }
        other => error_text(i18n.locale.get_untracked(), other),
    };

    let load_default = move |_| {
        let (code, locale) = (
            form.with_untracked(|f| f.orig_code.clone()),
            load_locale.get_untracked(),
        );
        spawn_local(async move {
            match default_email_text(code, locale).await {
                Ok(text) => {
                    form.update(|f| {
                        f.subject = text.subject;
                        f.body = text.body;
                    });
                    errors.set(FieldErrors::new());
                }
                Err(e) => toasts.push(ToastKind::Error, message_of(&e)),
            }
        });
    };
    let save = crate::ui::form::admin_save(
        form,
        errors,
        pending,
        check,
        save_email_template,
        Key::EmailTemplateSaved,
        LIST,
    );
    let send_test = move |_| {
        let found = check.run(());
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        let input = form.get_untracked();
        let store = test_store.get_untracked();
        spawn_local(async move {
            match send_test_email(input, store).await {
                Ok(to) => toasts.push(
                    ToastKind::Success,
                    t(Key::TestEmailSent)().replace("{email}", &to),
                ),
                Err(e) => toasts.push(ToastKind::Error, message_of(&e)),
            }
        });
    };
    let delete = {
        let navigate = navigate.clone();
        let name = form.with_untracked(|f| f.name.clone());
        move |_| {
            let Some(id) = id else { return };
            let navigate = navigate.clone();
            let question = t(Key::ConfirmDeleteEmailTemplate)().replace("{name}", &name);
            confirm.ask_danger(question, Key::Delete, move || {
                let navigate = navigate.clone();
                spawn_local(async move {
                    match delete_email_template(id).await {
                        Ok(()) => {
                            toasts.push(ToastKind::Success, t(Key::EmailTemplateDeleted)());
                            navigate(LIST, Default::default());
                        }
                        Err(e) => toasts.push(ToastKind::Error, message_of(&e)),
                    }
                });
            });
        }
    };

    // The variables of the email the template replaces, and the live preview.
    let variables = Memo::new(move |_| {
        form.with(|f| {
            builtin(&f.orig_code)
                .map(|b| b.all_variables())
                .unwrap_or_default()
        })
    });
    let views = StoredValue::new(store_views);
    let preview = Memo::new(move |_| {
        let store = views.with_value(|v| store_name(v, test_store.get()));
        form.with(|f| {
            let sample = builtin(&f.orig_code)
                .map(|b| b.sample(&store, &origin()))
                .unwrap_or_default();
            (fill(f.subject.trim(), &sample), fill(&f.body, &sample))
        })
    });
    let body_initial = form.with_untracked(|f| f.body.clone());

    view! {
        <Title text=title.clone() />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <a href=LIST>{t(Key::EmailTemplates)}</a>
            " / "
            <span>{title.clone()}</span>
        </nav>
        <h1>{title}</h1>
        <form class="email-template-form" on:submit=save novalidate>
            <div class="page-actions">
                <a class="button-secondary" href=LIST>{t(Key::Back)}</a>
                {id.is_some().then(|| view! {
                    <button type="button" class="button-secondary" on:click=delete>{t(Key::DeleteTemplate)}</button>
                })}
                <button type="submit" class="button-primary" disabled=move || pending.get()>
                    {t(Key::SaveTemplate)}
                </button>
            </div>
            <fieldset class="panel form template-part">
                <legend>{t(Key::LoadDefaultTemplate)}</legend>
                <div class="field">
                    <label for="email-template-orig">{t(Key::EmailTemplateBasedOn)} <span class="required" aria-hidden="true">" *"</span></label>
                    <select id="email-template-orig" disabled=id.is_some()
                        aria-describedby="email-template-orig-error"
                        on:change=move |ev| {
                            let code = event_target_value(&ev);
                            form.update(|f| f.orig_code = code);
                        }
                        prop:value=move || form.with(|f| f.orig_code.clone())>
                        {BUILTINS.iter().map(|b| {
                            let selected = form.with_untracked(|f| f.orig_code == b.code);
                            view! { <option value=b.code selected=selected>{t(b.label)}</option> }
                        }).collect_view()}
                    </select>
                    <FieldError errors id="email-template-orig-error".to_string() name="orig_code" />
                </div>
                <div class="field">
                    <label for="email-template-locale">{t(Key::TemplateLanguage)}</label>
                    <select id="email-template-locale"
                        on:change=move |ev| load_locale.set(event_target_value(&ev))
                        prop:value=move || load_locale.get()>
                        {LANGUAGES.into_iter().map(|(code, label)| {
                            let selected = load_locale.get_untracked() == code;
                            view! { <option value=code selected=selected>{t(label)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field field-action">
                    <button type="button" class="button-secondary" on:click=load_default>{t(Key::LoadTemplate)}</button>
                </div>
            </fieldset>
            <fieldset class="panel form template-part">
                <legend>{t(Key::TemplateInformation)}</legend>
                <TextField form errors check prefix=P name="name" label=text(Key::EmailTemplateName) required=true
                    get=|f: &TemplateInput| f.name.clone() set=|f, v| f.name = v />
                <TextField form errors check prefix=P name="subject" label=text(Key::EmailTemplateSubject) required=true
                    get=|f: &TemplateInput| f.subject.clone() set=|f, v| f.subject = v />
                <div class="field" class:field-invalid=move || errors.with(|e| e.contains_key("body"))>
                    <label for="email-template-body">{t(Key::EmailTemplateContent)} <span class="required" aria-hidden="true">" *"</span></label>
                    <textarea id="email-template-body" name="body" rows="14" class="mono"
                        aria-required="true"
                        aria-invalid=move || errors.with(|e| e.contains_key("body")).then_some("true")
                        aria-describedby="email-template-body-error email-template-variables"
                        prop:value=move || form.with(|f| f.body.clone())
                        on:input=move |ev| form.update(|f| f.body = event_target_value(&ev))
                        on:blur=move |_| {
                            let found = check.run(());
                            errors.update(|e| match found.get("body") {
                                Some(m) => { e.insert("body".into(), m.clone()); }
                                None => { e.remove("body"); }
                            });
                        }>{body_initial}</textarea>
                    <FieldError errors id="email-template-body-error".to_string() name="body" />
                    <p class="field-help" id="email-template-variables">
                        {t(Key::EmailTemplateVariables)} " "
                        {move || variables.get().into_iter().map(|v| view! { <code>{format!("{{{v}}}")}</code> " " }).collect_view()}
                    </p>
                </div>
            </fieldset>
            <section class="panel email-preview" aria-labelledby="email-preview-title">
                <h2 id="email-preview-title">{t(Key::Preview)}</h2>
                <div class="field">
                    <label for="email-template-store">{t(Key::PreviewStoreView)}</label>
                    <select id="email-template-store"
                        on:change=move |ev| test_store.set(event_target_value(&ev).parse().unwrap_or(0))
                        prop:value=move || test_store.get().to_string()>
                        {views.get_value().into_iter().map(|(id, name)| {
                            let selected = test_store.get_untracked() == id;
                            view! { <option value=id.to_string() selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <p class="email-preview-subject"><strong>{move || preview.get().0}</strong></p>
                <pre class="email-preview-body">{move || preview.get().1}</pre>
                <button type="button" class="button-secondary" on:click=send_test>{t(Key::SendTestEmail)}</button>
            </section>
        </form>
    }
}

/// The store view `id`'s name among `views`.
fn store_name(views: &[(i64, String)], id: i64) -> String {
    views
        .iter()
        .find(|(v, _)| *v == id)
        .map(|(_, name)| name.clone())
        .unwrap_or_default()
}

/// The storefront's address as the browser sees it (the preview's sample links).
fn origin() -> String {
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::window()
            .location()
            .origin()
            .unwrap_or_default()
    }
    #[cfg(feature = "ssr")]
    {
        String::new()
    }
}
