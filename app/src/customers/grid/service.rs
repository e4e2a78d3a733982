//! The grid's rules above its SQL: checking a query and paging within the results.

use super::model::{
    Column, CustomColumn, CustomGridColumn, CustomKind, GridOptions, GridPage, GridQuery,
    Selection, ValidQuery, WebsiteOption,
};
use super::repo;
use crate::attributes::model::EntityType;
use crate::config::registry::CREATE_ACCOUNT_CONFIRM;
use crate::config::service::At;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use std::collections::BTreeMap;

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
    let mut q = check(q)?;
    let attributes = grid_attributes(state, EntityType::Customer).await?;
    let custom = custom_filters(&attributes);
    let custom_sort = custom_sort(&q, &attributes);
    if matches!(q.sort, Column::Custom(_)) && custom_sort.is_none() {
        // A column no longer in the grid (deleted, or taken out of the columns).
        q.sort = Column::Id;
    }
    let plan = repo::search_plan(&state.db.pool, state.db.backend, &q).await?;
    let cond = repo::condition(&q, state.db.backend, &custom, plan);
    let total = repo::count(&state.db.pool, &cond).await?;
    let last = total.div_ceil(u64::from(q.size)).max(1);
    let page = u64::from(q.page).min(last) as u32;
    let cond = repo::page_condition(&q, state.db.backend, &custom, plan, total);
    let mut rows = match custom_sort {
        Some(sort) => repo::page_sorted_by(&state.db, &q, &cond, page, total, sort).await?,
        None => repo::page(&state.db, &q, &cond, page, total).await?,
    };
    super::printed::print_addresses(state, &mut rows, locale).await?;
    let custom = custom_values(
        state,
        &attributes.columns,
        &rows,
        locale,
        crate::attributes::model::FieldDef::grid_value,
    )
    .await?;
    Ok(GridPage {
        rows,
        total,
        page,
        now: state.clock.now(),
        custom,
    })
}

/// The sort on a custom attribute's column the query asks for, when that attribute is a
/// column of the grid that sorts.
fn custom_sort(q: &ValidQuery, attributes: &GridAttributes) -> Option<repo::CustomSort> {
    let Column::Custom(column) = q.sort else {
        return None;
    };
    let attribute = attributes
        .columns
        .iter()
        .find(|a| a.field.id == column.attribute_id)?;
    repo::CustomSort::of(attribute.field.id, attribute.field.input)
}

/// The custom customer attributes shown as grid columns ("Add to Column Options"), in
/// their sort order, with Admin labels, and those keyword search reads ("Use in Search
/// Options").
pub(crate) async fn grid_attributes(
    state: &AppState,
    entity: crate::attributes::model::EntityType,
) -> Result<GridAttributes, AppError> {
    use crate::attributes::model::InputType;
    let list = crate::attributes::defs::list(state, entity).await?;
    let searchable: Vec<(i64, InputType)> = list
        .iter()
        .filter(|a| a.searchable && a.input.is_searchable())
        .filter_map(|a| Some((a.id?, a.input)))
        .collect();
    let flags: std::collections::BTreeMap<i64, (bool, crate::attributes::model::MatchType)> = list
        .iter()
        .filter(|a| a.in_grid)
        .filter_map(|a| Some((a.id?, (a.filterable && !a.input.is_file(), a.match_type))))
        .collect();
    if flags.is_empty() {
        return Ok(GridAttributes {
            columns: Vec::new(),
            searchable,
        });
    }
    let fields = crate::attributes::defs::fields(state, entity, None, None).await?;
    let columns = fields
        .iter()
        .filter_map(|field| {
            let (filterable, match_type) = *flags.get(&field.id)?;
            Some(GridAttribute {
                field: field.clone(),
                filterable,
                match_type,
            })
        })
        .collect();
    Ok(GridAttributes {
        columns,
        searchable,
    })
}

/// The custom attributes a grid shows and searches.
pub(crate) struct GridAttributes {
    /// Shown as columns.
    pub(crate) columns: Vec<GridAttribute>,
    /// Read by keyword search: `(attribute id, input type)`.
    pub(crate) searchable: Vec<(i64, crate::attributes::model::InputType)>,
}

impl GridAttributes {
    /// The columns as the grid offers them.
    pub(crate) fn offered(self) -> Vec<CustomGridColumn> {
        self.columns
            .into_iter()
            .map(|a| CustomGridColumn {
                column: CustomColumn {
                    attribute_id: a.field.id,
                    kind: CustomKind::of(a.field.input),
                },
                label: a.field.label,
                filterable: a.filterable,
                options: a.field.options,
            })
            .collect()
    }
}

/// A custom customer attribute shown in the grid.
pub(crate) struct GridAttribute {
    pub(crate) field: crate::attributes::model::FieldDef,
    pub(crate) filterable: bool,
    pub(crate) match_type: crate::attributes::model::MatchType,
}

/// How the filterable ones among `attributes` are filtered (keyword search reads the
/// searchable ones' words from the grid row: `super::words`).
pub(crate) fn custom_filters(attributes: &GridAttributes) -> repo::CustomFilters {
    repo::CustomFilters {
        filters: attributes
            .columns
            .iter()
            .filter(|a| a.filterable)
            .map(|a| (a.field.id, (a.field.input, a.match_type)))
            .collect(),
    }
}

/// The filterable custom attributes, for the queries of mass actions and exports.
pub async fn filterable_attributes(state: &AppState) -> Result<repo::CustomFilters, AppError> {
    Ok(custom_filters(
        &grid_attributes(state, EntityType::Customer).await?,
    ))
}

/// The values of `attributes` held by `rows`, each as `shown` writes it in `locale`
/// ([`FieldDef::grid_value`] for the grid's cells, [`FieldDef::value_text`] for an
/// export).
///
/// [`FieldDef::grid_value`]: crate::attributes::model::FieldDef::grid_value
/// [`FieldDef::value_text`]: crate::attributes::model::FieldDef::value_text
pub(crate) async fn custom_values(
    state: &AppState,
    attributes: &[GridAttribute],
    rows: &[super::model::GridRow],
    locale: Locale,
    shown: fn(&crate::attributes::model::FieldDef, &str, Locale) -> String,
) -> Result<BTreeMap<i64, BTreeMap<i64, String>>, AppError> {
    if attributes.is_empty() || rows.is_empty() {
        return Ok(BTreeMap::new());
    }
    let fields: Vec<_> = attributes.iter().map(|a| a.field.clone()).collect();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let values = crate::attributes::repo::load_values_many(
        &mut *state.db.pool.acquire().await?,
        crate::attributes::model::EntityType::Customer,
        &ids,
        &fields,
    )
    .await?;
    Ok(values
        .into_iter()
        .map(|(customer, values)| {
            let shown = fields
                .iter()
                .filter_map(|f| {
                    let text = shown(f, values.get(&f.code)?, locale);
                    (!text.is_empty()).then_some((f.id, text))
                })
                .collect();
            (customer, shown)
        })
        .collect())
}

/// The customer system attribute a built-in column shows, when its header is that
/// attribute's label (the billing address's columns keep their own: "Billing Firstname").
fn system_code(column: Column) -> Option<&'static str> {
    Some(match column {
        Column::Email => "email",
        Column::Group => "group_id",
        Column::CreatedIn => "created_in",
        Column::Dob => "dob",
        Column::Taxvat => "taxvat",
        Column::Gender => "gender",
        _ => return None,
    })
}

/// Group and website names, which websites ask new accounts to confirm their email, the
/// custom columns offered and the built-in columns an admin renamed.
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
    let custom = grid_attributes(state, EntityType::Customer)
        .await?
        .offered();
    let renamed = {
        let mut conn = state.db.pool.acquire().await?;
        let overrides =
            crate::attributes::repo::system_overrides(&mut conn, EntityType::Customer).await?;
        Column::ALL
            .iter()
            .filter_map(|column| {
                let label = overrides.get(system_code(*column)?)?.label.clone()?;
                Some((column.code().to_string(), label))
            })
            .collect()
    };
    Ok(GridOptions {
        custom,
        renamed,
        groups,
        websites,
        login_as_customer: config.get(
            crate::config::registry::LOGIN_AS_CUSTOMER_ENABLED,
            At::default(),
        ),
    })
}
