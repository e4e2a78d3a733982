//! The grid's rules above its SQL: checking a query and paging within the results.

use super::model::{GridOptions, GridPage, GridQuery, Selection, ValidQuery, WebsiteOption};
use super::repo;
use crate::config::registry::CREATE_ACCOUNT_CONFIRM;
use crate::config::service::At;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;

/// Check the whole query, once; invalid parts become field errors.
pub fn check(q: &GridQuery) -> Result<ValidQuery, AppError> {
    q.validated()
        .map_err(|fields| AppError::Validation { fields })
}

/// Check a query and the selection it narrows.
pub fn check_selection(q: &GridQuery, selection: &Selection) -> Result<ValidQuery, AppError> {
    selection
        .validate()
        .map_err(|fields| AppError::Validation { fields })?;
    check(q)
}

/// One page of the grid and the exact number of matching rows, its addresses printed
/// with the one-line template, countries named in `locale`. A page past the end gives
/// the last page.
pub async fn page(state: &AppState, q: &GridQuery, locale: Locale) -> Result<GridPage, AppError> {
    let q = check(q)?;
    let cond = repo::condition(&q, state.db.backend);
    let total = repo::count(&state.db.pool, &cond).await?;
    let last = total.div_ceil(u64::from(q.size)).max(1);
    let page = u64::from(q.page).min(last) as u32;
    let mut rows = repo::page(&state.db, &q, &cond, page, total).await?;
    super::printed::print_addresses(state, &mut rows, locale).await?;
    Ok(GridPage {
        rows,
        total,
        page,
        now: state.clock.now(),
    })
}

/// Group and website names, and which websites ask new accounts to confirm their email.
pub async fn options(state: &AppState) -> Result<GridOptions, AppError> {
    let groups = crate::groups::repo::list(&state.db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.code))
        .collect();
    let config = state.config.snapshot().await?;
    let websites = crate::stores::repo::list_websites(&state.db)
        .await?
        .into_iter()
        .map(|(id, name)| WebsiteOption {
            id,
            name,
            confirmation_required: config.get(
                CREATE_ACCOUNT_CONFIRM,
                At {
                    website: Some(id),
                    store: None,
                },
            ),
        })
        .collect();
    Ok(GridOptions {
        groups,
        websites,
        login_as_customer: config.get(
            crate::config::registry::LOGIN_AS_CUSTOMER_ENABLED,
            At::default(),
        ),
    })
}
