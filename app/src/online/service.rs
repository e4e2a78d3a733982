//! Now Online: the grid over the online window, its CSV export, and the purge of old
//! visitor rows.

use super::model::{OnlineColumn, OnlinePage, OnlineQuery, OnlineRow};
use super::repo;
use crate::config::registry::{COOKIE_LIFETIME, ONLINE_MINUTES_INTERVAL};
use crate::config::service::At;
use crate::error::AppError;
use crate::i18n::{tr, Key, Locale};
use crate::state::AppState;
use crate::ui::grid::state::ValidQuery;

/// Online Minutes Interval (global scope; at least one minute).
pub async fn interval_minutes(state: &AppState) -> Result<i64, AppError> {
    Ok(state
        .config
        .get(ONLINE_MINUTES_INTERVAL, At::default_scope())
        .await?
        .max(1))
}

/// Where the online window starts at `now`.
async fn window_start(state: &AppState, now: i64) -> Result<i64, AppError> {
    Ok(now - interval_minutes(state).await? * 60)
}

fn checked(query: &OnlineQuery) -> Result<ValidQuery<OnlineColumn>, AppError> {
    query
        .validated()
        .map_err(|fields| AppError::Validation { fields })
}

/// One page of Now Online, read at one instant.
pub async fn page(state: &AppState, query: &OnlineQuery) -> Result<OnlinePage, AppError> {
    let q = checked(query)?;
    let now = state.clock.now();
    let interval = interval_minutes(state).await?;
    let since = now - interval * 60;
    // The rows, the count and the names are read at once, each on its own connection:
    // the page takes as long as the slowest of them (the count), not their sum.
    let (rows, total, groups, websites) = futures::try_join!(
        repo::page(&state.db, &q, since),
        repo::count(&state.db, &q, since),
        crate::groups::repo::list(&state.db),
        crate::stores::repo::list_websites(&state.db),
    )?;
    let groups = groups
        .into_iter()
        .filter(|g| g.id != crate::groups::model::NOT_LOGGED_IN)
        .map(|g| (g.id, g.code))
        .collect();
    Ok(OnlinePage {
        rows,
        total,
        page: q.page,
        interval_minutes: interval,
        now,
        websites,
        groups,
    })
}

/// How many customers and visitors are online now (the menu's count).
pub async fn count(state: &AppState) -> Result<u64, AppError> {
    let since = window_start(state, state.clock.now()).await?;
    Ok(repo::count(&state.db, &checked(&OnlineQuery::default())?, since).await?)
}

/// Is customer `id` online now (active within the window in any browser)?
pub async fn customer_online(state: &AppState, id: i64) -> Result<bool, AppError> {
    let since = window_start(state, state.clock.now()).await?;
    Ok(repo::customer_active_since(&state.db, id, since).await?)
}

/// Customers online now, each counted once (the dashboard's figure).
pub async fn customers_online(state: &AppState) -> Result<u64, AppError> {
    let since = window_start(state, state.clock.now()).await?;
    Ok(repo::customers_active_since(&state.db, since).await?)
}

/// Delete visitor rows older than a day past the session lifetime (Magento keeps them
/// 24 hours plus the cookie lifetime); how many.
pub async fn purge(state: &AppState) -> Result<u64, AppError> {
    let lifetime = state
        .config
        .get(COOKIE_LIFETIME, At::default())
        .await?
        .max(0);
    let before = state.clock.now() - 86_400 - lifetime;
    Ok(repo::purge(&state.db, before).await?)
}

/// The text of one cell, in `locale` (dates as the grid shows them).
pub fn cell(row: &OnlineRow, column: OnlineColumn, locale: Locale) -> String {
    match column {
        OnlineColumn::CustomerId => row.customer_id.map(|id| id.to_string()).unwrap_or_default(),
        OnlineColumn::FirstName => row.firstname.clone(),
        OnlineColumn::LastName => row.lastname.clone(),
        OnlineColumn::Email => row.email.clone(),
        OnlineColumn::LastActivity => crate::dates::date_time(locale, row.last_visit_at),
        OnlineColumn::Type => tr(
            locale,
            if row.customer_id.is_some() {
                Key::TypeCustomer
            } else {
                Key::TypeVisitor
            },
        )
        .to_string(),
        OnlineColumn::Website => row.website.clone(),
        OnlineColumn::Group => row.group.clone(),
        OnlineColumn::LastUrl => row.last_url.clone(),
    }
}

/// The grid's matching rows as CSV (the visible columns, headers in `locale`).
pub async fn export_csv(
    state: &AppState,
    query: &OnlineQuery,
    locale: Locale,
) -> Result<String, AppError> {
    let q = checked(query)?;
    let since = window_start(state, state.clock.now()).await?;
    let total = repo::count(&state.db, &q, since).await?;
    let db = &state.db;
    crate::ui::grid::download::csv(
        &query.columns,
        locale,
        total,
        |page, size| {
            let mut q = q.clone();
            q.page = page;
            q.size = size;
            async move { Ok(repo::page(db, &q, since).await?) }
        },
        |row, column| cell(row, column, locale),
    )
    .await
}
