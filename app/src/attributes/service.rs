//! Attribute rules that need the database: unique codes, code and input type fixed
//! after the first save, options kept with their customers' choices, deletes that take
//! the values along, every change in the action log; and the values of customers and
//! addresses, checked with the same rules the browser ran.

use super::grid::{AttributePage, AttributeQuery};
use super::model::{
    AttributeForm, AttributeInput, AttributeRow, EntityType, FieldDef, UsedInForm, Values,
    MAX_ATTRIBUTES,
};
use super::{repo, system};
use crate::action_log::model::{Action, Entity};
use crate::action_log::service::{self as action_log, diff, Actor, Fields, NewEntry};
use crate::error::AppError;
use crate::i18n::{Key, Locale, Message};
use crate::state::AppState;

fn not_found(id: i64) -> AppError {
    AppError::not_found(Key::AttributeNumbered, id)
}

/// A page of the attribute grid: the system attributes and the custom ones, filtered,
/// sorted and paged here (a store has at most a few hundred).
pub async fn page(
    state: &AppState,
    entity: EntityType,
    query: &AttributeQuery,
    locale: Locale,
) -> Result<AttributePage, AppError> {
    let q = query
        .validated()
        .map_err(|fields| AppError::Validation { fields })?;
    let overrides = {
        let mut conn = state.db.pool.acquire().await?;
        repo::system_overrides(&mut conn, entity).await?
    };
    let mut rows: Vec<AttributeRow> = system::rows(entity, locale, &overrides);
    rows.extend(
        repo::list(&state.db, entity)
            .await?
            .into_iter()
            .map(|a| AttributeRow {
                id: a.id,
                code: a.code,
                label: a.label,
                input: Some(a.input),
                required: a.required,
                system: false,
                visible: a.visible,
                sort_order: a.sort_order,
            }),
    );
    Ok(super::grid::page(rows, &q))
}

/// The editor: a new attribute of `entity` (`None`) or attribute `id`, with the store
/// views to label it in and how many values it holds.
pub async fn form(
    state: &AppState,
    entity: EntityType,
    id: Option<i64>,
) -> Result<AttributeForm, AppError> {
    let (attribute, values) = match id {
        Some(id) => {
            let mut conn = state.db.pool.acquire().await?;
            let a = repo::load(&mut conn, id)
                .await?
                .filter(|a| a.entity == entity)
                .ok_or_else(|| not_found(id))?;
            let values = repo::count_values(&mut conn, entity, id).await?;
            (a, values)
        }
        None => (
            AttributeInput {
                entity,
                visible: true,
                lines: 2,
                sort_order: 100,
                ..AttributeInput::default()
            },
            0,
        ),
    };
    let store_views = store_view_choices(state).await?;
    Ok(AttributeForm {
        attribute,
        store_views,
        values,
        system: None,
    })
}

fn system_not_found(code: &str) -> AppError {
    AppError::NotFound(Message::new(Key::SystemAttributeCoded).with("code", code))
}

/// `(store_id, name)` of every store view, for the editor's labels.
async fn store_view_choices(state: &AppState) -> Result<Vec<(i64, String)>, AppError> {
    Ok(crate::stores::repo::list_views(&state.db)
        .await?
        .into_iter()
        .map(|v| (v.store_id, v.name))
        .collect())
}

/// The store view ids.
async fn store_view_ids(state: &AppState) -> Result<Vec<i64>, AppError> {
    Ok(crate::stores::repo::list_views(&state.db)
        .await?
        .into_iter()
        .map(|v| v.store_id)
        .collect())
}

/// A system attribute's editor (§11.1 restricted editing): its built-in code, input and
/// rule, the labels and sort order an admin may change (the Default Label in the
/// admin's `locale` unless one was set), and what decides where it shows.
pub async fn system_form(
    state: &AppState,
    entity: EntityType,
    code: &str,
    locale: Locale,
) -> Result<AttributeForm, AppError> {
    let (label, input, required, sort_order) =
        system::builtin(entity, code).ok_or_else(|| system_not_found(code))?;
    let changed = {
        let mut conn = state.db.pool.acquire().await?;
        repo::system_overrides(&mut conn, entity)
            .await?
            .remove(code)
            .unwrap_or_default()
    };
    let shown = system::shown(entity, code);
    let store_views = store_view_choices(state).await?;
    Ok(AttributeForm {
        attribute: AttributeInput {
            entity,
            code: code.to_string(),
            input,
            required,
            label: changed
                .label
                .unwrap_or_else(|| crate::i18n::tr(locale, label).to_string()),
            sort_order: changed.sort_order.unwrap_or(sort_order),
            labels: changed.labels,
            visible: shown != super::model::SystemShown::AdminOnly,
            ..AttributeInput::default()
        },
        store_views,
        values: 0,
        system: Some(shown),
    })
}

/// Save what an admin may change of a system attribute: its Default Label, store view
/// labels and sort order; its code, input and rules stay the system's whatever the
/// request says. A Default Label that is the built-in one (in any interface language)
/// stays the built-in one, so every viewer keeps reading it in their own language.
pub async fn save_system(
    state: &AppState,
    actor: &Actor,
    input: &AttributeInput,
) -> Result<(), AppError> {
    let entity = input.entity;
    let code = input.code.as_str();
    let (builtin_label, ..) =
        system::builtin(entity, code).ok_or_else(|| system_not_found(code))?;
    let mut errors = input.validate_labels_and_order();
    let views = store_view_ids(state).await?;
    if input
        .labels
        .iter()
        .any(|(store, label)| !label.trim().is_empty() && !views.contains(store))
    {
        errors.insert("labels".into(), Key::ErrNoSuchStoreView.into());
    }
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let label = input.label.trim();
    let label = (!Locale::ALL
        .iter()
        .any(|&l| crate::i18n::tr(l, builtin_label) == label))
    .then_some(label);
    let mut tx = state.db.begin().await?;
    let before = repo::system_overrides(&mut tx, entity)
        .await?
        .remove(code)
        .unwrap_or_default();
    repo::save_system(
        &mut tx,
        entity,
        code,
        label,
        input.sort_order,
        &input.labels,
    )
    .await?;
    let fields = |label: Option<&str>,
                  sort: Option<i64>,
                  labels: &std::collections::BTreeMap<i64, String>|
     -> Fields {
        vec![
            ("frontend_label", label.unwrap_or_default().to_string()),
            (
                "sort_order",
                sort.map(|s| s.to_string()).unwrap_or_default(),
            ),
            (
                "store_labels",
                labels
                    .iter()
                    .filter(|(_, l)| !l.trim().is_empty())
                    .map(|(store, l)| format!("{store}: {}", l.trim()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]
    };
    let changes = diff(
        &fields(before.label.as_deref(), before.sort_order, &before.labels),
        &fields(label, Some(input.sort_order), &input.labels),
    );
    let entry = NewEntry {
        entity: Entity::Attribute,
        entity_id: &format!("{}/{code}", entity.code()),
        item: code,
        action: Action::Update,
        customer_id: None,
        changes: &changes,
    };
    action_log::record(&mut tx, actor, entry, state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Check and save an attribute; its id. An existing attribute keeps its entity, code
/// and input type whatever the request says.
pub async fn save(
    state: &AppState,
    actor: &Actor,
    input: &AttributeInput,
) -> Result<i64, AppError> {
    let mut tx = state.db.begin().await?;
    let stored = match input.id {
        Some(id) => Some(
            repo::load(&mut tx, id)
                .await?
                .filter(|a| a.entity == input.entity)
                .ok_or_else(|| not_found(id))?,
        ),
        None => None,
    };
    let input = match &stored {
        Some(s) => AttributeInput {
            code: s.code.clone(),
            input: s.input,
            forms: input.chosen_forms(),
            ..input.clone()
        },
        None => AttributeInput {
            code: input.code.trim().to_string(),
            forms: input.chosen_forms(),
            ..input.clone()
        },
    };
    // A file has no default, no grid filter and no keyword: its value names an upload.
    let input = if input.input.is_file() {
        AttributeInput {
            default_value: String::new(),
            filterable: false,
            searchable: false,
            ..input
        }
    } else {
        input
    };
    let mut errors = input.validate();
    if stored.is_none() && !errors.contains_key("code") {
        if repo::code_taken(&mut tx, input.entity, &input.code).await? {
            errors.insert(
                "code".into(),
                Message::new(Key::ErrAttributeCodeTaken).with("code", input.code.as_str()),
            );
        } else if repo::count(&mut tx, input.entity).await? >= MAX_ATTRIBUTES as u64 {
            errors.insert(
                "code".into(),
                Message::new(Key::ErrTooManyAttributes).with("max", MAX_ATTRIBUTES),
            );
        }
    }
    if let Some(id) = input.id {
        let known = repo::option_ids(&mut tx, id).await?;
        for (i, option) in input.options.iter().enumerate() {
            if option.id.is_some_and(|o| !known.contains(&o)) {
                errors.insert(format!("options.{i}"), Key::ErrChooseFromList.into());
            }
        }
    }
    let views = store_view_ids(state).await?;
    let unknown_view = |labels: &std::collections::BTreeMap<i64, String>| {
        labels
            .iter()
            .any(|(store, label)| !label.trim().is_empty() && !views.contains(store))
    };
    if unknown_view(&input.labels) || input.options.iter().any(|o| unknown_view(&o.labels)) {
        errors.insert("labels".into(), Key::ErrNoSuchStoreView.into());
    }
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let id = match input.id {
        Some(id) => {
            repo::update(&mut tx, id, &input).await?;
            id
        }
        None => repo::insert(&mut tx, &input).await.map_err(|e| {
            AppError::unique_as_field(
                e,
                "code",
                Message::new(Key::ErrAttributeCodeTaken).with("code", input.code.as_str()),
            )
        })?,
    };
    // Keyword search reads the words of what changed from the grid rows: they catch up
    // once this commits (a new attribute has no values to find).
    let search_changed = input.entity == EntityType::Customer
        && stored
            .as_ref()
            .is_some_and(|s| searched(s) != searched(&input))
        && repo::has_values(&mut tx, input.entity, id).await?;
    repo::set_labels_and_forms(&mut tx, id, &input.labels, &input.forms).await?;
    if input.input.has_options() {
        repo::save_options(&mut tx, id, &input.options).await?;
    }
    if search_changed {
        crate::customers::grid::words::request(&mut tx).await?;
    }
    let changes = diff(
        &stored.as_ref().map(audit_fields).unwrap_or_default(),
        &audit_fields(&input),
    );
    let action = if stored.is_some() {
        Action::Update
    } else {
        Action::Create
    };
    record(&mut tx, actor, id, &input.code, action, &changes, state).await?;
    // Every server's kept definitions ([`super::cache`]) are read again.
    crate::config::repo::bump_version(&mut tx).await?;
    tx.commit().await?;
    state.config.invalidate();
    if search_changed {
        crate::customers::grid::words::wake();
    }
    Ok(id)
}

/// A saved option as keyword search reads it: id, Admin label, store view labels.
type SearchedOption = (i64, String, Vec<(i64, String)>);

/// What of attribute `a` keyword search reads, `None` when it reads nothing: whether it
/// does, and the labels of its saved options (an option added now has no customers).
fn searched(a: &AttributeInput) -> Option<Vec<SearchedOption>> {
    (a.searchable && a.input.is_searchable()).then(|| {
        a.options
            .iter()
            .filter_map(|o| {
                let labels = o
                    .labels
                    .iter()
                    .filter(|(_, l)| !l.trim().is_empty())
                    .map(|(store, l)| (*store, l.trim().to_string()))
                    .collect();
                Some((o.id?, o.admin_label.trim().to_string(), labels))
            })
            .collect()
    })
}

/// Delete attribute `id` of `entity` with every value of it; how many customers (or
/// addresses) had one.
pub async fn delete(
    state: &AppState,
    actor: &Actor,
    entity: EntityType,
    id: i64,
) -> Result<u64, AppError> {
    let mut tx = state.db.begin().await?;
    let stored = repo::load(&mut tx, id)
        .await?
        .filter(|a| a.entity == entity)
        .ok_or_else(|| not_found(id))?;
    let values = repo::count_values(&mut tx, entity, id).await?;
    repo::delete(&mut tx, id).await?;
    // The deleted values' words leave keyword search once the rows catch up.
    let search_changed =
        entity == EntityType::Customer && values > 0 && searched(&stored).is_some();
    if search_changed {
        crate::customers::grid::words::request(&mut tx).await?;
    }
    let changes = diff(&audit_fields(&stored), &[]);
    record(
        &mut tx,
        actor,
        id,
        &stored.code,
        Action::Delete,
        &changes,
        state,
    )
    .await?;
    // Every server's kept definitions ([`super::cache`]) are read again.
    crate::config::repo::bump_version(&mut tx).await?;
    tx.commit().await?;
    state.config.invalidate();
    if search_changed {
        crate::customers::grid::words::wake();
    }
    Ok(values)
}

/// What the action log records of an attribute.
fn audit_fields(a: &AttributeInput) -> Fields {
    let flag = |b: bool| if b { "1" } else { "0" }.to_string();
    vec![
        ("attribute_code", a.code.clone()),
        ("frontend_input", a.input.code().to_string()),
        ("frontend_label", a.label.trim().to_string()),
        ("is_required", flag(a.required)),
        ("default_value", a.default_value.trim().to_string()),
        ("validation", format!("{:?}", a.validation)),
        ("is_visible", flag(a.visible)),
        ("sort_order", a.sort_order.to_string()),
        ("is_used_in_grid", flag(a.in_grid)),
        ("is_filterable_in_grid", flag(a.filterable)),
        ("is_searchable_in_grid", flag(a.searchable)),
        (
            "max_file_size",
            a.file.max_kb.map(|kb| kb.to_string()).unwrap_or_default(),
        ),
        ("file_extensions", a.file.extensions.trim().to_string()),
        (
            "used_in_forms",
            a.forms
                .iter()
                .map(|f| f.code())
                .collect::<Vec<_>>()
                .join(","),
        ),
        (
            "options",
            a.options
                .iter()
                .map(|o| o.admin_label.trim())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ]
}

async fn record(
    tx: &mut crate::db::Tx<'_>,
    actor: &Actor,
    id: i64,
    code: &str,
    action: Action,
    changes: &[crate::action_log::model::Change],
    state: &AppState,
) -> Result<(), AppError> {
    let entry = NewEntry {
        entity: Entity::Attribute,
        entity_id: &id.to_string(),
        item: code,
        action,
        customer_id: None,
        changes,
    };
    action_log::record(tx, actor, entry, state.clock.now()).await
}

/// The custom attributes a form shows: every attribute of `entity` in the admin's forms
/// (`form` None, Admin labels), else the storefront's of `form` in store view `store`.
pub async fn fields(
    state: &AppState,
    entity: EntityType,
    form: Option<UsedInForm>,
    store: Option<i64>,
) -> Result<Vec<FieldDef>, AppError> {
    Ok(super::defs::fields(state, entity, form, store)
        .await?
        .as_ref()
        .clone())
}

/// Check `values` against `fields` (errors keyed `custom.<code>`), as stored.
pub fn check(fields: &[FieldDef], values: &Values) -> Result<Values, AppError> {
    super::rules::check_values(fields, values).map_err(|fields| AppError::Validation { fields })
}

/// Write the checked values of customer (or address) `id` in the caller's transaction.
/// An option or attribute deleted since the form was read is refused as a conflict (the
/// form is read again). New files among them must be `uploader`'s uploads; the files
/// they replace are deleted (see [`crate::files::service::attach_all`]).
pub async fn write(
    tx: &mut crate::db::Tx<'_>,
    state: &AppState,
    uploader: &crate::files::service::Uploader,
    entity: EntityType,
    id: i64,
    fields: &[FieldDef],
    values: &Values,
) -> Result<(), AppError> {
    crate::files::service::attach_all(tx, state, uploader, entity, id, fields, values).await?;
    repo::save_values(tx, entity, id, fields, values)
        .await
        .map_err(|e| {
            if crate::db::is_foreign_key_violation(&e) {
                AppError::Conflict
            } else {
                AppError::from(e)
            }
        })
}

/// Fill each address's custom values (a page of them: three statements).
pub async fn fill_addresses(
    conn: &mut sqlx::AnyConnection,
    fields: &[FieldDef],
    addresses: &mut [&mut crate::customers::address::model::AddressInput],
) -> Result<(), AppError> {
    Ok(repo::fill_addresses(conn, fields, addresses).await?)
}

/// The values customer (or address) `id` holds of `fields`.
pub async fn read(
    conn: &mut sqlx::AnyConnection,
    entity: EntityType,
    id: i64,
    fields: &[FieldDef],
) -> Result<Values, AppError> {
    Ok(repo::load_values(conn, entity, id, fields).await?)
}
