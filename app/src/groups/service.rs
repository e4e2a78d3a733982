//! Customer group rules (§14): a unique name of at most 32 characters, NOT LOGGED IN
//! kept, a default group kept, customers moved to their website's default group when
//! their group is deleted, and the customer tax classes groups choose from.

use super::model::{GroupForm, GroupInput, GroupPage, GroupQuery, NOT_LOGGED_IN};
use super::repo;
use crate::action_log::model::{Action, Entity};
use crate::action_log::service::{self as action_log, diff, Actor, Fields, NewEntry};
use crate::config::registry::CREATE_ACCOUNT_DEFAULT_GROUP;
use crate::config::service::At;
use crate::error::AppError;
use crate::i18n::{Key, Message};
use crate::state::AppState;

/// Groups one delete may name (a grid page at its largest).
const MAX_DELETE: usize = crate::ui::grid::state::MAX_PAGE_SIZE as usize;

fn not_found(id: i64) -> AppError {
    AppError::not_found(Key::CustomerGroupNumbered, id)
}

/// A page of the grid.
pub async fn page(state: &AppState, query: &GroupQuery) -> Result<GroupPage, AppError> {
    let q = query
        .validated()
        .map_err(|fields| AppError::Validation { fields })?;
    Ok(GroupPage {
        rows: repo::page(&state.db, &q).await?,
        total: repo::count(&state.db, &q).await?,
        page: q.page,
        tax_classes: repo::tax_classes(&state.db).await?,
    })
}

/// The group form: a new group (`None`) or group `id`.
pub async fn form(state: &AppState, id: Option<i64>) -> Result<GroupForm, AppError> {
    let tax_classes = repo::tax_classes(&state.db).await?;
    let group = match id {
        Some(id) => repo::load(&mut *state.db.pool.acquire().await?, id)
            .await?
            .ok_or_else(|| not_found(id))?,
        None => GroupInput {
            tax_class_id: tax_classes.first().map_or(0, |c| c.0),
            ..GroupInput::default()
        },
    };
    let (customers, undeletable) = match id {
        Some(id) => (
            repo::customers_in(&state.db, id).await?,
            refusal(
                &default_groups(state, &*state.config.snapshot().await?).await?,
                id,
                &group.code,
            ),
        ),
        None => (0, None),
    };
    Ok(GroupForm {
        group,
        tax_classes,
        websites: crate::stores::repo::list_websites(&state.db).await?,
        customers,
        undeletable,
    })
}

/// Every website with the default group its new accounts get, read for each of its store
/// views too (the option is set per store view).
async fn default_groups(
    state: &AppState,
    config: &crate::config::service::Snapshot,
) -> Result<Vec<(i64, String, Vec<i64>)>, AppError> {
    let views = crate::stores::repo::list_views(&state.db).await?;
    let mut out = Vec::new();
    for (website, name) in crate::stores::repo::list_websites(&state.db).await? {
        let mut groups = vec![config.get(CREATE_ACCOUNT_DEFAULT_GROUP, At::website(website))];
        for view in views.iter().filter(|v| v.website_id == website) {
            groups.push(config.get(
                CREATE_ACCOUNT_DEFAULT_GROUP,
                At::store(website, view.store_id),
            ));
        }
        out.push((website, name, groups));
    }
    Ok(out)
}

/// Why group `id` cannot be deleted, if it cannot: NOT LOGGED IN, or the default group
/// of new accounts on some website (named).
fn refusal(defaults: &[(i64, String, Vec<i64>)], id: i64, code: &str) -> Option<Message> {
    if id == NOT_LOGGED_IN {
        return Some(Message::new(Key::ErrGroupCantDelete).with("name", code));
    }
    let (_, website, _) = defaults
        .iter()
        .find(|(_, _, groups)| groups.contains(&id))?;
    Some(
        Message::new(Key::ErrGroupDefaultFor)
            .with("name", code)
            .with("website", website.as_str()),
    )
}

/// Check and save a group; its id.
pub async fn save(state: &AppState, actor: &Actor, input: &GroupInput) -> Result<i64, AppError> {
    let mut errors = input.validate();
    let mut tx = state.db.begin().await?;
    let code = input.code.trim();
    if let Some(id) = input.id {
        let stored = repo::code_of(&mut tx, id)
            .await?
            .ok_or_else(|| not_found(id))?;
        // NOT LOGGED IN keeps its name; only its tax class changes.
        if id == NOT_LOGGED_IN && stored != code {
            errors.insert("code".into(), Message::new(Key::ErrGroupNotLoggedInRename));
        }
    }
    if !errors.contains_key("code") && repo::code_taken(&mut tx, code, input.id).await? {
        errors.insert(
            "code".into(),
            Message::new(Key::ErrGroupCodeTaken).with("name", code),
        );
    }
    if input.tax_class_id > 0 && !repo::is_customer_tax_class(&mut tx, input.tax_class_id).await? {
        errors.insert("tax_class_id".into(), Message::new(Key::ErrUnknownTaxClass));
    }
    let websites: Vec<i64> = crate::stores::repo::list_websites(&state.db)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut excluded = input.excluded_websites.clone();
    excluded.sort_unstable();
    excluded.dedup();
    if excluded.iter().any(|w| !websites.contains(w)) {
        errors.insert(
            "excluded_websites".into(),
            Message::new(Key::ErrUnknownWebsite),
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let before = match input.id {
        Some(id) => repo::load(&mut tx, id).await?,
        None => None,
    };
    let id = match input.id {
        Some(id) => {
            repo::update(&mut tx, id, input).await?;
            id
        }
        None => repo::insert(&mut tx, input).await?,
    };
    repo::set_excluded(&mut tx, id, &excluded).await?;
    let after = GroupInput {
        code: code.to_string(),
        excluded_websites: excluded,
        ..input.clone()
    };
    let changes = diff(
        &before.as_ref().map(audit_fields).unwrap_or_default(),
        &audit_fields(&after),
    );
    let action = if input.id.is_some() {
        Action::Update
    } else {
        Action::Create
    };
    record(
        &mut tx,
        actor,
        Entity::CustomerGroup,
        id,
        code,
        action,
        &changes,
        state,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What the action log records of a group.
fn audit_fields(g: &GroupInput) -> Fields {
    let mut excluded = g.excluded_websites.clone();
    excluded.sort_unstable();
    vec![
        ("code", g.code.trim().to_string()),
        ("tax_class_id", g.tax_class_id.to_string()),
        (
            "excluded_websites",
            excluded
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .join(","),
        ),
    ]
}

/// Write the entry of a group or tax class change.
#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut crate::db::Tx<'_>,
    actor: &Actor,
    entity: Entity,
    id: i64,
    item: &str,
    action: Action,
    changes: &[crate::action_log::model::Change],
    state: &AppState,
) -> Result<(), AppError> {
    let entry = NewEntry {
        entity,
        entity_id: &id.to_string(),
        item,
        action,
        customer_id: None,
        changes,
    };
    action_log::record(tx, actor, entry, state.clock.now()).await
}

/// Delete groups, all or none: each deletable (not NOT LOGGED IN, not a website's
/// default group for new accounts), its customers moved to their website's default
/// group, the grid index updated, in one transaction. Answers how many customers moved.
pub async fn delete(state: &AppState, actor: &Actor, ids: &[i64]) -> Result<u64, AppError> {
    if ids.is_empty() || ids.len() > MAX_DELETE {
        return Err(AppError::BadRequest(format!(
            "delete 1 to {MAX_DELETE} customer groups at a time"
        )));
    }
    let mut tx = state.db.begin().await?;
    // The groups are locked first (PostgreSQL; SQLite's write transactions already run
    // one at a time): a customer being saved into one, or a configuration save making
    // one a default, finishes before this reads, or waits for it and then finds the
    // group gone. The default groups are read in this transaction for the same reason.
    for &id in ids {
        repo::lock(&mut tx, id, state.db.backend).await?;
    }
    let config = crate::config::service::ConfigService::snapshot_in(&mut tx).await?;
    let defaults = default_groups(state, &config).await?;
    let mut moved = 0;
    for &id in ids {
        let code = repo::code_of(&mut tx, id)
            .await?
            .ok_or_else(|| not_found(id))?;
        if let Some(refusal) = refusal(&defaults, id, &code) {
            return Err(AppError::field("group", refusal));
        }
        for website in repo::websites_with_customers_in(&mut tx, id).await? {
            let target = defaults
                .iter()
                .find(|(w, _, _)| *w == website)
                .map_or(1, |(_, _, groups)| groups[0]);
            // A target deleted in this same request would lose them: refuse instead.
            if ids.contains(&target) {
                let refusal = Message::new(Key::ErrGroupCantDelete).with("name", code.as_str());
                return Err(AppError::field("group", refusal));
            }
            moved += repo::move_customers(&mut tx, id, website, target).await?;
        }
        let before = repo::load(&mut tx, id).await?;
        repo::delete(&mut tx, id).await?;
        let changes = diff(&before.as_ref().map(audit_fields).unwrap_or_default(), &[]);
        record(
            &mut tx,
            actor,
            Entity::CustomerGroup,
            id,
            &code,
            Action::Delete,
            &changes,
            state,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(moved)
}

/// Add (`id` None) or rename a customer tax class; its id.
pub async fn save_tax_class(
    state: &AppState,
    actor: &Actor,
    id: Option<i64>,
    name: &str,
) -> Result<i64, AppError> {
    use super::model::MAX_TAX_CLASS_LEN;
    let name = name.trim();
    let field = |m: Message| AppError::field("tax_class_name", m);
    if name.is_empty() {
        return Err(field(Message::required(Key::TaxClassName)));
    }
    if name.chars().count() > MAX_TAX_CLASS_LEN {
        return Err(field(Message::too_long(
            Key::TaxClassName,
            MAX_TAX_CLASS_LEN,
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(field(Message::not_valid(Key::TaxClassName)));
    }
    let mut tx = state.db.begin().await?;
    if repo::tax_class_taken(&mut tx, name, id).await? {
        return Err(field(
            Message::new(Key::ErrTaxClassTaken).with("name", name),
        ));
    }
    let before = match id {
        Some(id) => repo::tax_class_name(&mut tx, id).await?,
        None => None,
    };
    let saved = match id {
        Some(id) => {
            if !repo::rename_tax_class(&mut tx, id, name).await? {
                return Err(field(Message::new(Key::ErrUnknownTaxClass)));
            }
            id
        }
        None => repo::insert_tax_class(&mut tx, name).await?,
    };
    let changes = diff(
        &before.map(|n| vec![("class_name", n)]).unwrap_or_default(),
        &[("class_name", name.to_string())],
    );
    let action = if id.is_some() {
        Action::Update
    } else {
        Action::Create
    };
    record(
        &mut tx,
        actor,
        Entity::TaxClass,
        saved,
        name,
        action,
        &changes,
        state,
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}
