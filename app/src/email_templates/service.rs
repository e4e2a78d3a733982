//! Email templates: saving and deleting an admin's template, the built-in texts to
//! start from, the test email, and what every account email goes through before it is
//! sent ([`personalize`]): the template and the sender identity the configuration
//! chooses for the store view it is sent from.

use super::model::{builtin, fill, DefaultText, TemplateInput, TemplateRow, BUILTINS};
use super::repo;
use crate::action_log::model::{Action, Entity};
use crate::action_log::service::{self as action_log, diff, Actor, Fields, NewEntry};
use crate::auth::service::AdminPrincipal;
use crate::config::registry;
use crate::config::service::{At, Snapshot};
use crate::error::AppError;
use crate::i18n::{Arg, Key, Locale, Message};
use crate::mail::{Email, Sender};
use crate::state::AppState;

/// Every template, by name.
pub async fn list(state: &AppState) -> Result<Vec<TemplateRow>, AppError> {
    Ok(repo::list(&state.db).await?)
}

/// Template `id` as the form edits it (`NotFound` when there is none).
pub async fn load(state: &AppState, id: i64) -> Result<TemplateInput, AppError> {
    repo::load(&state.db.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found(Key::EmailTemplateNumbered, id))
}

/// The built-in text of email `code` in `locale` ("Load Default Template").
pub fn default_text(code: &str, locale: &str) -> Result<DefaultText, AppError> {
    let locale = Locale::from_code(locale);
    let (subject, body) = crate::mail::templates::default_text(code, locale)
        .ok_or_else(|| AppError::field("orig_code", Key::ErrEmailTemplateOrig))?;
    Ok(DefaultText { subject, body })
}

/// Save a template (new when `input.id` is `None`); returns its id. The name must be
/// unique; a saved template keeps the email it was made from.
pub async fn save(state: &AppState, actor: &Actor, input: &TemplateInput) -> Result<i64, AppError> {
    input
        .validate()
        .map_err(|fields| AppError::Validation { fields })?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if repo::name_taken(&mut tx, input.name.trim(), input.id).await? {
        return Err(AppError::field("name", Key::ErrEmailTemplateNameTaken));
    }
    let before = match input.id {
        Some(id) => repo::load(&mut *tx, id).await?,
        None => None,
    };
    let id = match input.id {
        None => repo::insert(&mut tx, input, now).await?,
        Some(id) => {
            match repo::orig_of(&mut tx, id).await? {
                None => return Err(AppError::not_found(Key::EmailTemplateNumbered, id)),
                Some(orig) if orig != input.orig_code => {
                    return Err(AppError::field("orig_code", Key::ErrEmailTemplateOrigFixed))
                }
                Some(_) => {}
            }
            repo::update(&mut tx, id, input, now).await?;
            id
        }
    };
    let changes = diff(
        &before.as_ref().map(audit_fields).unwrap_or_default(),
        &audit_fields(input),
    );
    let action = if input.id.is_some() {
        Action::Update
    } else {
        Action::Create
    };
    record(&mut tx, actor, id, input.name.trim(), action, &changes, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// What the action log records of a template.
fn audit_fields(t: &TemplateInput) -> Fields {
    vec![
        ("name", t.name.trim().to_string()),
        ("subject", t.subject.clone()),
        ("body", t.body.clone()),
    ]
}

/// Write the entry of a template change.
async fn record(
    tx: &mut crate::db::Tx<'_>,
    actor: &Actor,
    id: i64,
    name: &str,
    action: Action,
    changes: &[crate::action_log::model::Change],
    now: i64,
) -> Result<(), AppError> {
    let entry = NewEntry {
        entity: Entity::EmailTemplate,
        entity_id: &id.to_string(),
        item: name,
        action,
        customer_id: None,
        changes,
    };
    action_log::record(tx, actor, entry, now).await
}

/// Delete template `id`, unless the configuration still chooses it somewhere (the
/// message names where).
pub async fn delete(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    let paths: Vec<&str> = BUILTINS.iter().map(|b| b.setting.path).collect();
    let mut tx = state.db.begin().await?;
    let used = repo::used_by(&mut tx, id, &paths).await?;
    if let Some((scope, scope_id, path)) = used.first() {
        let option = registry::find(path).map_or(Key::EmailTemplates, |d| d.label);
        let place = scope_name(state, scope, *scope_id).await?;
        return Err(AppError::field(
            "template",
            Message::new(Key::ErrEmailTemplateInUse)
                .with("option", option)
                .with("scope", place),
        ));
    }
    let before = repo::load(&mut *tx, id).await?;
    if !repo::delete(&mut tx, id).await? {
        return Err(AppError::not_found(Key::EmailTemplateNumbered, id));
    }
    let before = before.ok_or_else(|| AppError::not_found(Key::EmailTemplateNumbered, id))?;
    let changes = diff(&audit_fields(&before), &[]);
    let now = state.clock.now();
    record(
        &mut tx,
        actor,
        id,
        &before.name,
        Action::Delete,
        &changes,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// "Default Config" (in the reader's language), a website's name or a store view's name.
async fn scope_name(state: &AppState, scope: &str, id: i64) -> Result<Arg, AppError> {
    let name = match scope {
        "websites" => crate::stores::repo::list_websites(&state.db)
            .await?
            .into_iter()
            .find(|(w, _)| *w == id)
            .map(|(_, name)| name),
        "stores" => crate::stores::repo::list_views(&state.db)
            .await?
            .into_iter()
            .find(|v| v.store_id == id)
            .map(|v| v.name),
        _ => None,
    };
    Ok(name.map_or(Arg::Label(Key::CfgDefaultConfig), Arg::Text))
}

/// The sender identity `identity` (`general`, `support`…) configured `at`.
fn sender(config: &Snapshot, identity: &str, at: At) -> Sender {
    use registry::*;
    let (name, email) = match identity {
        "sales" => (IDENT_SALES_NAME, IDENT_SALES_EMAIL),
        "support" => (IDENT_SUPPORT_NAME, IDENT_SUPPORT_EMAIL),
        "custom1" => (IDENT_CUSTOM1_NAME, IDENT_CUSTOM1_EMAIL),
        "custom2" => (IDENT_CUSTOM2_NAME, IDENT_CUSTOM2_EMAIL),
        _ => (IDENT_GENERAL_NAME, IDENT_GENERAL_EMAIL),
    };
    Sender {
        name: config.get(name, at),
        email: config.get(email, at),
    }
}

/// An account email as the store view it is sent from has it: the admin's template
/// the configuration chooses there (filled with the email's own values), and the
/// configured sender identity. An email no template applies to is left as built.
pub async fn personalize(state: &AppState, mut email: Email, at: At) -> Result<Email, AppError> {
    let Some(kind) = builtin(email.template) else {
        return Ok(email);
    };
    let config = state.config.snapshot().await?;
    if let Ok(id) = config.get(kind.setting, at).trim().parse::<i64>() {
        if let Some((subject, body)) = repo::text_of(&state.db, id, kind.code).await? {
            email.subject = fill(&subject, &email.vars);
            email.body = fill(&body, &email.vars);
        }
    }
    email.from = Some(sender(&config, &config.get(kind.identity, at), at));
    Ok(email)
}

/// Send the template being edited, filled with sample values, to the admin's own
/// address, from the identity configured for store view `store_id`; returns that
/// address.
pub async fn send_test(
    state: &AppState,
    admin: &AdminPrincipal,
    input: &TemplateInput,
    store_id: i64,
) -> Result<String, AppError> {
    input
        .validate()
        .map_err(|fields| AppError::Validation { fields })?;
    let kind = builtin(&input.orig_code)
        .ok_or_else(|| AppError::field("orig_code", Key::ErrEmailTemplateOrig))?;
    let view = crate::stores::repo::list_views(&state.db)
        .await?
        .into_iter()
        .find(|v| v.store_id == store_id)
        .ok_or_else(|| AppError::field("store", Key::ErrUnknownStoreView))?;
    let at = At::store(view.website_id, view.store_id);
    let sample = kind.sample(&view.name, state.settings.base_url());
    let to = admin.view.email.clone();
    let config = state.config.snapshot().await?;
    let email = Email {
        to_email: to.clone(),
        to_name: admin.view.name.clone(),
        subject: fill(input.subject.trim(), &sample),
        body: fill(&input.body, &sample),
        template: "test",
        vars: Vec::new(),
        from: Some(sender(&config, &config.get(kind.identity, at), at)),
    };
    crate::mail::send(state, email).await?;
    Ok(to)
}
