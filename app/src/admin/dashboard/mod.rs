//! The admin dashboard's figures: what an admin opens it for. Customers in total and new
//! in the last 7 and 30 days (with a day-by-day chart), customers online now, locked
//! accounts and the latest registrations, each linking into the customers grid with the
//! matching filter. Every figure is an indexed count or a short index range, so the
//! page stays cheap at 1,000,000 customers (`make bench` measures it).

pub mod ui;

#[cfg(feature = "ssr")]
pub mod repo;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many registrations the dashboard lists.
pub const LATEST: u32 = 5;
/// The days the chart covers.
pub const CHART_DAYS: i64 = 30;

/// One recent registration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// The dashboard's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardStats {
    pub total: u64,
    pub new_7_days: u64,
    pub new_30_days: u64,
    /// Registrations per day, oldest first: `CHART_DAYS` days ending today (UTC), as
    /// (YYYY-MM-DD, count).
    pub per_day: Vec<(String, u64)>,
    /// Customers with a session active within the "online minutes interval" option.
    pub online_now: u64,
    /// Accounts locked now (too many failed sign-ins, or locked by an admin).
    pub locked: u64,
    pub latest: Vec<Registration>,
    /// The server's clock (for relative dates and the grid links).
    pub now: i64,
}

/// The figures, for admins who may manage customers.
#[server(endpoint = "admin/dashboard", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn admin_dashboard() -> Result<DashboardStats, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::CUSTOMERS_MANAGE).await?;
    service::stats(&state).await
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::{repo, DashboardStats, CHART_DAYS, LATEST};
    use crate::config::registry::ONLINE_MINUTES_INTERVAL;
    use crate::config::service::At;
    use crate::error::AppError;
    use crate::state::AppState;

    const DAY: i64 = 86_400;

    /// Every figure, read at one instant.
    pub async fn stats(state: &AppState) -> Result<DashboardStats, AppError> {
        let now = state.clock.now();
        let today = now.div_euclid(DAY);
        let first_day = today - (CHART_DAYS - 1);
        let interval = state
            .config
            .get(ONLINE_MINUTES_INTERVAL, At::default_scope())
            .await?
            .clamp(1, 24 * 60);
        let db = &state.db;
        let counts = repo::registrations_per_day(db, first_day * DAY).await?;
        let per_day: Vec<(String, u64)> = (first_day..=today)
            .map(|day| {
                let n = counts
                    .iter()
                    .find(|(d, _)| *d == day)
                    .map_or(0, |(_, n)| *n);
                (crate::dates::iso_date(day), n)
            })
            .collect();
        let since = |days: i64| (today - days + 1) * DAY;
        Ok(DashboardStats {
            total: repo::total(db).await?,
            new_7_days: repo::registered_since(db, since(7)).await?,
            new_30_days: repo::registered_since(db, since(30)).await?,
            per_day,
            online_now: crate::online::repo::customers_active_since(db, now - interval * 60)
                .await?,
            locked: repo::locked(db, now).await?,
            latest: repo::latest(db, LATEST).await?,
            now,
        })
    }
}
