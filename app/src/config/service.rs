//! The configuration service: typed reads with scope fallback, validated writes, and a
//! cache that every server process invalidates through the version stamp in the DB.
//!
//! A read resolves store view → website → default → built-in default, but only
//! through the scopes the option allows (a `G` option ignores website values even if
//! some were stored by hand).

use super::editor::{check_change, ConfigChange};
use super::model::{ConfigValue, OptionDef, Scope, ScopeKind, Setting, ValueKind};
use super::{registry, repo};
use crate::db::Db;
use crate::error::AppError;
use crate::forms::FieldErrors;
use crate::i18n::{Arg, Key, Message};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a process trusts its cached configuration before asking the database
/// whether the version stamp moved. Writes made by this process invalidate at once.
const RECHECK_AFTER: Duration = Duration::from_secs(1);

/// Where a value is being read for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct At {
    pub website: Option<i64>,
    pub store: Option<i64>,
}

impl At {
    /// Default scope only.
    pub fn default_scope() -> Self {
        At::default()
    }
    /// A website (and no particular store view).
    pub fn website(website: i64) -> Self {
        At {
            website: Some(website),
            store: None,
        }
    }
    /// A store view of a website.
    pub fn store(website: i64, store: i64) -> Self {
        At {
            website: Some(website),
            store: Some(store),
        }
    }
}

/// Switching "Share Customer Accounts" to Global while an email has accounts on two
/// websites (Magento's wording).
pub const SHARE_GLOBALLY_REFUSED: &str = "We can't share customer accounts globally when the \
     accounts share identical email addresses on more than one website.";

/// Why a write was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("unknown configuration path {0:?}")]
    UnknownPath(String),
    #[error("{path} can only be set at {allowed} scope")]
    ScopeNotAllowed { path: String, allowed: &'static str },
    #[error("{0}")]
    InvalidValue(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// An immutable copy of every stored value.
#[derive(Debug, Default)]
pub struct Snapshot {
    version: i64,
    values: HashMap<(Scope, &'static str), String>,
}

impl Snapshot {
    /// The stored text for `path` exactly at `scope`, if any.
    pub fn stored(&self, path: &str, scope: Scope) -> Option<&str> {
        let def = registry::find(path)?;
        self.values.get(&(scope, def.path)).map(String::as_str)
    }

    /// The effective text for `def` at `at`, and the scope it came from
    /// (`None` = built-in default).
    pub fn resolve(&self, def: &OptionDef, at: At) -> (&str, Option<Scope>) {
        let mut chain = Vec::with_capacity(3);
        if def.scope == ScopeKind::StoreView {
            if let Some(store) = at.store {
                chain.push(Scope::StoreView(store));
            }
        }
        if def.scope != ScopeKind::Global {
            if let Some(website) = at.website {
                chain.push(Scope::Website(website));
            }
        }
        chain.push(Scope::Default);
        for scope in chain {
            if let Some(value) = self.values.get(&(scope, def.path)) {
                return (value, Some(scope));
            }
        }
        (def.default, None)
    }

    /// The typed value of `key` at `at`. A stored value that no longer parses (for
    /// example edited by hand) falls back to the built-in default.
    pub fn get<T: ConfigValue>(&self, key: Setting<T>, at: At) -> T {
        let def = registry::find(key.path).unwrap_or_else(|| {
            // Unreachable in practice: the registry test checks every key.
            panic!("configuration key {} is not in the registry", key.path)
        });
        let (raw, _) = self.resolve(def, at);
        T::parse_config(raw)
            .or_else(|| T::parse_config(def.default))
            .unwrap_or_else(|| panic!("built-in default of {} does not parse", key.path))
    }

    /// The version stamp this snapshot was read at.
    pub fn version(&self) -> i64 {
        self.version
    }
}

struct Cached {
    snapshot: Arc<Snapshot>,
    checked: Instant,
}

/// Shared, cached access to the store configuration. Cheap to clone.
#[derive(Clone)]
pub struct ConfigService {
    db: Db,
    cache: Arc<RwLock<Option<Cached>>>,
}

impl ConfigService {
    pub fn new(db: Db) -> Self {
        ConfigService {
            db,
            cache: Arc::new(RwLock::new(None)),
        }
    }

    /// The current configuration. Costs nothing while the cache is fresh, one tiny
    /// query when it is due for a re-check, and a reload only if another process (or
    /// this one) changed something.
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, sqlx::Error> {
        let cached_version = {
            let guard = self.cache.read().unwrap_or_else(|e| e.into_inner());
            match guard.as_ref() {
                Some(c) if c.checked.elapsed() < RECHECK_AFTER => return Ok(c.snapshot.clone()),
                Some(c) => Some(c.snapshot.version),
                None => None,
            }
        };
        if let Some(cached) = cached_version {
            if repo::version(&self.db).await? == cached {
                let mut guard = self.cache.write().unwrap_or_else(|e| e.into_inner());
                if let Some(c) = guard.as_mut() {
                    c.checked = Instant::now();
                    return Ok(c.snapshot.clone());
                }
            }
        }
        let snapshot = Arc::new(self.load().await?);
        *self.cache.write().unwrap_or_else(|e| e.into_inner()) = Some(Cached {
            snapshot: snapshot.clone(),
            checked: Instant::now(),
        });
        Ok(snapshot)
    }

    /// Shorthand for one typed read.
    pub async fn get<T: ConfigValue>(&self, key: Setting<T>, at: At) -> Result<T, sqlx::Error> {
        Ok(self.snapshot().await?.get(key, at))
    }

    async fn load(&self) -> Result<Snapshot, sqlx::Error> {
        let (version, rows) = repo::load_all(&self.db).await?;
        Ok(Snapshot::of(version, rows))
    }

    /// The configuration as transaction `tx` sees it, not the cache: for a write that
    /// decides on a value (the default groups a delete must keep) which must not change
    /// under it. Other writers of those values lock what they name (see
    /// [`repo::group_exists`]).
    pub async fn snapshot_in(tx: &mut crate::db::Tx<'_>) -> Result<Snapshot, sqlx::Error> {
        Ok(Snapshot::of(0, repo::rows_in(tx).await?))
    }
}

impl Snapshot {
    fn of(version: i64, rows: Vec<repo::ConfigRow>) -> Snapshot {
        let mut values = HashMap::with_capacity(rows.len());
        for row in rows {
            // Unknown paths (from a newer release, or typed by hand) are ignored.
            let (Some(def), Some(scope)) = (
                registry::find(&row.path),
                Scope::from_db(&row.scope, row.scope_id),
            ) else {
                continue;
            };
            values.insert((scope, def.path), row.value);
        }
        Snapshot { version, values }
    }
}

impl ConfigService {
    /// Validate and store a value at `scope`, bumping the version stamp in the same
    /// transaction.
    pub async fn set(
        &self,
        path: &str,
        value: &str,
        scope: Scope,
        now: i64,
    ) -> Result<(), ConfigError> {
        let def = check_scope(path, scope)?;
        def.validate(value).map_err(ConfigError::InvalidValue)?;
        let (scope_name, scope_id) = scope.as_db();
        let mut tx = self.db.begin().await?;
        if sharing_refused(&mut tx, def, value).await? {
            return Err(ConfigError::InvalidValue(SHARE_GLOBALLY_REFUSED.into()));
        }
        if let Some(message) = template_refused(&mut tx, def, value).await? {
            return Err(ConfigError::InvalidValue(format!(
                "{}: {}",
                def.path,
                message.text(crate::i18n::Locale::En)
            )));
        }
        repo::upsert(&mut tx, scope_name, scope_id, def.path, value, now).await?;
        repo::bump_version(&mut tx).await?;
        tx.commit().await?;
        self.invalidate();
        Ok(())
    }

    /// Remove the value stored at `scope` ("Use system value" / "Use Website").
    pub async fn unset(&self, path: &str, scope: Scope) -> Result<bool, ConfigError> {
        let def = check_scope(path, scope)?;
        let (scope_name, scope_id) = scope.as_db();
        let mut tx = self.db.begin().await?;
        let removed = repo::delete(&mut tx, scope_name, scope_id, def.path).await?;
        repo::bump_version(&mut tx).await?;
        tx.commit().await?;
        self.invalidate();
        Ok(removed)
    }

    /// Save an admin's changes to one scope, all or nothing: each value checked with its
    /// option's rules, each field compared with what the admin loaded (a field another
    /// admin saved meanwhile is a conflict, named with the value now stored), each change
    /// logged with the admin, old and new value, and the version stamp bumped, in one
    /// transaction.
    pub async fn apply(
        &self,
        scope: Scope,
        changes: &[ConfigChange],
        actor: &crate::action_log::actor::Actor,
        now: i64,
    ) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        for change in changes {
            let allowed = registry::find(&change.path).is_some_and(|d| d.allows(scope));
            if !allowed {
                return Err(AppError::BadRequest(format!(
                    "{} cannot be set at this scope",
                    change.path
                )));
            }
            if let Err(message) = check_change(change) {
                errors.insert(change.path.clone(), message);
            }
        }
        // Checks that read the database add their refusals to the ones above, so the
        // admin sees every wrong field at once.
        let (scope_name, scope_id) = scope.as_db();
        let mut tx = self.db.begin().await?;
        for change in changes {
            let current = repo::stored(&mut tx, scope_name, scope_id, &change.path).await?;
            if current != change.before {
                let now_stored = match current {
                    Some(value) => Arg::Text(value),
                    None => Arg::Label(Key::CfgInheritedValue),
                };
                let message = Message::new(Key::CfgErrChangedMeanwhile).with("value", now_stored);
                errors.insert(change.path.clone(), message);
                continue;
            }
            let def = registry::find(&change.path).ok_or(AppError::Internal)?;
            let Some(value) = change.after.as_deref() else {
                continue;
            };
            if errors.contains_key(&change.path) {
                continue;
            }
            if def.kind == ValueKind::CustomerGroup
                && !value.is_empty()
                && !repo::group_exists(&mut tx, value.trim().parse().unwrap_or(-1), self.db.backend)
                    .await?
            {
                let message = Message::new(Key::CfgErrUnknownGroup).with("label", def.label);
                errors.insert(change.path.clone(), message);
            }
            if let Some(message) = template_refused(&mut tx, def, value).await? {
                errors.insert(change.path.clone(), message);
            }
            if sharing_refused(&mut tx, def, value).await? {
                errors.insert(change.path.clone(), Message::new(Key::CfgErrShareGlobally));
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation { fields: errors });
        }
        let mut logged = Vec::new();
        for change in changes.iter().filter(|c| c.before != c.after) {
            match &change.after {
                Some(value) => {
                    repo::upsert(&mut tx, scope_name, scope_id, &change.path, value, now).await?
                }
                None => {
                    repo::delete(&mut tx, scope_name, scope_id, &change.path).await?;
                }
            }
            logged.push(crate::action_log::model::Change {
                field: change.path.clone(),
                before: change.before.clone(),
                after: change.after.clone(),
            });
            let entry = repo::LoggedChange {
                admin_id: actor.admin_id,
                admin_username: &actor.name,
                scope: scope_name,
                scope_id,
                path: &change.path,
                old_value: change.before.as_deref(),
                new_value: change.after.as_deref(),
                at: now,
            };
            repo::log_change(&mut tx, entry).await?;
        }
        if !logged.is_empty() {
            let scope_code = scope.code();
            let entry = crate::action_log::repo::NewEntry {
                entity: crate::action_log::model::Entity::Config,
                entity_id: &scope_code,
                item: &scope_code,
                action: crate::action_log::model::Action::Update,
                customer_id: None,
                changes: &logged,
            };
            crate::action_log::repo::insert(&mut tx, actor, &entry, now).await?;
        }
        repo::bump_version(&mut tx).await?;
        tx.commit().await?;
        self.invalidate();
        Ok(())
    }

    /// Forget the cached copy (the next read reloads).
    pub fn invalidate(&self) {
        *self.cache.write().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// An email template option may only name a template made from its own email, and an
/// address template may only name the address variables and the custom address
/// attributes that exist: the message when `value` does otherwise.
async fn template_refused(
    tx: &mut crate::db::Tx<'_>,
    def: &OptionDef,
    value: &str,
) -> Result<Option<Message>, sqlx::Error> {
    match def.kind {
        ValueKind::EmailTemplate(code) => {
            let Ok(id) = value.trim().parse::<i64>() else {
                return Ok(None);
            };
            if repo::email_template_fits(tx, id, code).await? {
                Ok(None)
            } else {
                Ok(Some(
                    Message::new(Key::CfgErrChoice).with("label", def.label),
                ))
            }
        }
        ValueKind::AddressTemplate(_) => {
            use crate::address_format::template::{error_message, Template};
            let codes =
                crate::attributes::repo::codes(tx, crate::attributes::model::EntityType::Address)
                    .await?;
            Ok(
                Template::parse(value, &|name| codes.iter().any(|c| c == name))
                    .err()
                    .map(|e| error_message(&e)),
            )
        }
        _ => Ok(None),
    }
}

/// Account sharing: accounts can only be shared globally while no email has an account
/// on two websites (checked in the transaction that writes the value).
async fn sharing_refused(
    tx: &mut crate::db::Tx<'_>,
    def: &OptionDef,
    value: &str,
) -> Result<bool, sqlx::Error> {
    Ok(def.path == registry::ACCOUNT_SHARE_SCOPE.path
        && value.trim() == "0"
        && repo::email_on_several_websites(tx).await?)
}

fn check_scope(path: &str, scope: Scope) -> Result<&'static OptionDef, ConfigError> {
    let def = registry::find(path).ok_or_else(|| ConfigError::UnknownPath(path.to_string()))?;
    if !def.allows(scope) {
        let allowed = match def.scope {
            ScopeKind::Global => "default",
            ScopeKind::Website => "default or website",
            ScopeKind::StoreView => "default, website or store view",
        };
        return Err(ConfigError::ScopeNotAllowed {
            path: path.to_string(),
            allowed,
        });
    }
    Ok(def)
}
