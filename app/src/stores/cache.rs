//! The store views kept in memory, apart from the service that reads them (which
//! needs the app state) so the app state can hold them.

use super::model::StoreViewInfo;
use std::sync::{Arc, RwLock};

/// The active store views (ordered as a switcher shows them) and the default one's id.
#[derive(Debug)]
pub struct StoreViews {
    pub views: Vec<StoreViewInfo>,
    pub default_id: Option<i64>,
}

/// The last views read, with the configuration version they were read at.
#[derive(Default)]
pub struct ViewsCache(RwLock<Option<(i64, Arc<StoreViews>)>>);

impl ViewsCache {
    pub(super) fn at(&self, version: i64) -> Option<Arc<StoreViews>> {
        let kept = self.0.read().unwrap_or_else(|e| e.into_inner());
        kept.as_ref()
            .filter(|(at, _)| *at == version)
            .map(|(_, views)| views.clone())
    }

    pub(super) fn keep(&self, version: i64, views: Arc<StoreViews>) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Some((version, views));
    }
}
