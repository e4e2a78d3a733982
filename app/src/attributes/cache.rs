//! The custom attribute definitions kept in memory, apart from the functions that read
//! them ([`super::defs`], which need the app state) so the app state can hold them.
//!
//! Every grid page reads them (which attributes are columns, which keyword search
//! reads, how custom addresses print) and so does every form. They change only when an
//! admin saves or deletes an attribute, and each such change bumps the configuration's
//! version stamp in its transaction. So, like the store views
//! ([`crate::stores::service::views`]), they are kept with the version they were read
//! at and read again only when the configuration cache sees a new one.

use super::model::{AttributeInput, EntityType, FieldDef, UsedInForm};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Which fields: whose, for which storefront form (all, for the admin's forms), labelled
/// for which store view (the Admin labels without one).
pub(super) type FieldsKey = (EntityType, Option<UsedInForm>, Option<i64>);

/// Field lists kept at most (one per entity, form and store view in use): past it the
/// lists start over, so memory stays bounded whatever store views come and go.
const MAX_FIELD_LISTS: usize = 256;

/// What was read at one version.
#[derive(Default)]
struct Kept {
    version: i64,
    lists: HashMap<EntityType, Arc<Vec<AttributeInput>>>,
    fields: HashMap<FieldsKey, Arc<Vec<FieldDef>>>,
}

/// The attribute definitions last read, with the configuration version they were read
/// at.
#[derive(Default)]
pub struct DefsCache(RwLock<Kept>);

impl DefsCache {
    pub(super) fn list_at(
        &self,
        version: i64,
        entity: EntityType,
    ) -> Option<Arc<Vec<AttributeInput>>> {
        let kept = self.0.read().unwrap_or_else(|e| e.into_inner());
        (kept.version == version)
            .then(|| kept.lists.get(&entity).cloned())
            .flatten()
    }

    pub(super) fn fields_at(&self, version: i64, key: &FieldsKey) -> Option<Arc<Vec<FieldDef>>> {
        let kept = self.0.read().unwrap_or_else(|e| e.into_inner());
        (kept.version == version)
            .then(|| kept.fields.get(key).cloned())
            .flatten()
    }

    pub(super) fn keep_list(
        &self,
        version: i64,
        entity: EntityType,
        list: Arc<Vec<AttributeInput>>,
    ) {
        self.at_version(version, |kept| {
            kept.lists.insert(entity, list);
        });
    }

    pub(super) fn keep_fields(&self, version: i64, key: FieldsKey, fields: Arc<Vec<FieldDef>>) {
        self.at_version(version, |kept| {
            if kept.fields.len() >= MAX_FIELD_LISTS {
                kept.fields.clear();
            }
            kept.fields.insert(key, fields);
        });
    }

    /// Keep something read at `version`: what was kept at an older one goes; nothing is
    /// kept from a reader still at an older version than what is kept.
    fn at_version(&self, version: i64, keep: impl FnOnce(&mut Kept)) {
        let mut kept = self.0.write().unwrap_or_else(|e| e.into_inner());
        if version > kept.version {
            *kept = Kept {
                version,
                ..Kept::default()
            };
        }
        if version == kept.version {
            keep(&mut kept);
        }
    }
}
