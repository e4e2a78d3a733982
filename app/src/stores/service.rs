//! The store views every storefront request needs, kept in memory.
//!
//! Websites, groups and views change only when a store is set up (the demo seed, a
//! test), and every such change bumps the configuration's version stamp in its
//! transaction ([`super::repo::insert_website`] and its siblings do it themselves). So
//! the views are kept with the version they were read at and read again only when the
//! configuration cache ([`crate::config::service::ConfigService::snapshot`]) sees a new
//! version: on the hot path, no query at all; across several servers on one database,
//! a change is seen within the configuration's own re-check interval.

use super::cache::StoreViews;
use crate::state::AppState;
use std::sync::Arc;

/// The active store views and the default one's id: from memory while the
/// configuration's version stamp has not moved, else read (after the stamp, so what is
/// kept is at least as new as the version it is kept under).
pub async fn views(state: &AppState) -> Result<Arc<StoreViews>, sqlx::Error> {
    let version = state.config.snapshot().await?.version();
    if let Some(views) = state.store_views.at(version) {
        return Ok(views);
    }
    let (views, default_id) = super::repo::views_and_default(&state.db).await?;
    let views = Arc::new(StoreViews { views, default_id });
    state.store_views.keep(version, views.clone());
    Ok(views)
}
