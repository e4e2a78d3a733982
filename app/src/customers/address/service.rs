//! Customer addresses on the server: the shared rules with the customer's website
//! options, then one transaction for the address, the defaults and the grid row.

use super::model::{
    AddressColumn, AddressInput, AddressPage, AddressQuery, DefaultKind, MAX_MASS_DELETE,
    MAX_REQUEST_KEY_LEN,
};
use super::repo;
use crate::action_log::model::{Action, Entity};
use crate::action_log::service::{self as action_log, diff, Actor, Fields, NewEntry};
use crate::attributes::model::EntityType;
use crate::customers::edit::service::rules;
use crate::customers::grid::index;
use crate::error::AppError;
use crate::files::service::Uploader;
use crate::i18n::{Key, Message};
use crate::state::AppState;

fn not_found(id: i64) -> AppError {
    AppError::not_found(Key::AddressNumbered, id)
}

/// The customer's website (and whether the customer exists).
async fn website_of(state: &AppState, customer_id: i64) -> Result<i64, AppError> {
    repo::website_of(&state.db, customer_id)
        .await?
        .ok_or_else(|| AppError::not_found(Key::CustomerNumbered, customer_id))
}

/// One page of the customer's addresses matching the query, with both defaults printed
/// with the website's HTML address template (countries in the language at `locale`).
pub async fn page(
    state: &AppState,
    customer_id: i64,
    q: &AddressQuery,
    locale: usize,
) -> Result<AddressPage, AppError> {
    let mut q = q
        .validated()
        .map_err(|fields| AppError::Validation { fields })?;
    let website = website_of(state, customer_id).await?;
    let attributes =
        crate::customers::grid::service::grid_attributes(state, EntityType::Address).await?;
    let custom = grid_custom(&mut q, &attributes);
    let total = repo::count(&state.db, customer_id, &q, &custom).await?;
    let last = total.div_ceil(u64::from(q.size)).max(1) as u32;
    q.page = q.page.clamp(1, last);
    let at = crate::config::service::At::website(website);
    let billing = crate::address_format::printed_default(
        state,
        customer_id,
        DefaultKind::Billing,
        at,
        locale,
    )
    .await?;
    let shipping = crate::address_format::printed_default(
        state,
        customer_id,
        DefaultKind::Shipping,
        at,
        locale,
    )
    .await?;
    let ((mut default_billing, billing_html), (mut default_shipping, shipping_html)) =
        (billing, shipping);
    let mut rows = repo::page(&state.db, customer_id, &q, &custom, q.offset()).await?;
    // The admin's address form shows every custom address attribute.
    let fields = admin_fields(state).await?;
    let mut all: Vec<&mut AddressInput> = rows
        .iter_mut()
        .chain(default_billing.as_mut())
        .chain(default_shipping.as_mut())
        .collect();
    crate::attributes::service::fill_addresses(
        &mut *state.db.pool.acquire().await?,
        &fields,
        &mut all,
    )
    .await?;
    let shown_in = crate::i18n::Locale::ALL
        .get(locale)
        .copied()
        .unwrap_or_default();
    let custom = rows
        .iter()
        .filter_map(|row| {
            let shown: std::collections::BTreeMap<i64, String> = attributes
                .columns
                .iter()
                .filter_map(|a| {
                    let text = a.field.grid_value(row.custom.get(&a.field.code)?, shown_in);
                    (!text.is_empty()).then_some((a.field.id, text))
                })
                .collect();
            Some((row.id?, shown))
        })
        .collect();
    Ok(AddressPage {
        rows,
        total,
        page: q.page,
        default_billing,
        default_shipping,
        billing_html,
        shipping_html,
        columns: attributes.offered(),
        custom,
    })
}

/// How the sub-grid filters, searches and sorts on the custom address attributes it
/// shows (`attributes`); a sort on a column it does not show (deleted, taken out of the
/// grid, a Multiple Select or a file) becomes the default one.
fn grid_custom(
    q: &mut crate::ui::grid::state::ValidQuery<AddressColumn>,
    attributes: &crate::customers::grid::service::GridAttributes,
) -> repo::AddressCustom {
    let sort = match q.sort {
        AddressColumn::Custom(c) => attributes
            .columns
            .iter()
            .find(|a| {
                a.field.id == c.attribute_id
                    && crate::customers::grid::model::CustomKind::of(a.field.input).sortable()
            })
            .map(|a| (a.field.id, a.field.input)),
        _ => None,
    };
    if matches!(q.sort, AddressColumn::Custom(_)) && sort.is_none() {
        q.sort = <AddressColumn as crate::ui::grid::state::GridColumn>::DEFAULT_SORT;
    }
    let filters = crate::customers::grid::service::custom_filters(attributes);
    repo::AddressCustom {
        filters: filters.filters,
        searchable: attributes.searchable.clone(),
        sort,
    }
}

/// Every custom address attribute, as the admin's address form shows them.
pub async fn admin_fields(
    state: &AppState,
) -> Result<Vec<crate::attributes::model::FieldDef>, AppError> {
    crate::attributes::service::fields(state, EntityType::Address, None, None).await
}

/// Add or update an address from the admin's address form (every custom address
/// attribute); see [`save_in_form`].
pub async fn save(
    state: &AppState,
    actor: Option<&Actor>,
    input: &AddressInput,
) -> Result<AddressInput, AppError> {
    save_in_form(state, actor, input, &admin_fields(state).await?).await
}

/// Add or update an address; the default toggles make it (or stop it being) a default.
/// The custom attributes of `fields` (the form's) are checked and written with it; the
/// others keep their values. Returns the saved address.
///
/// An admin's save (`actor`) goes to the action log; the shopper's own does not.
pub async fn save_in_form(
    state: &AppState,
    actor: Option<&Actor>,
    input: &AddressInput,
    fields: &[crate::attributes::model::FieldDef],
) -> Result<AddressInput, AppError> {
    let website = website_of(state, input.customer_id).await?;
    let mut errors = input.validate(&rules(state, website).await?);
    let posted = crate::attributes::rules::fold_posted(fields, &input.custom);
    let custom = match crate::attributes::rules::check_values(fields, &posted) {
        Ok(custom) => custom,
        Err(found) => {
            errors.extend(found);
            Default::default()
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let key = input.request_key.trim();
    let key_ok = key.len() <= MAX_REQUEST_KEY_LEN
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !key_ok {
        return Err(AppError::BadRequest(
            "request_key: at most 64 letters, digits, - or _".into(),
        ));
    }
    let now = state.clock.now();
    let customer = input.customer_id;
    let mut tx = state.db.begin().await?;
    if input.id.is_none() && !key.is_empty() {
        // The same create again (its answer was lost): answer with what it made.
        if let Some(id) = repo::by_request_key(&mut tx, customer, key).await? {
            drop(tx);
            return repo::one(&state.db.pool, customer, id)
                .await?
                .ok_or_else(|| not_found(id));
        }
    }
    let before = match (actor, input.id) {
        (Some(_), Some(id)) => repo::one(&mut *tx, customer, id).await?,
        _ => None,
    };
    let (id, version) = match input.id {
        None => match repo::insert(&mut tx, input, now).await {
            Ok(id) => (id, 1),
            // The same create raced itself (two replays at once): the other one won.
            Err(err) if crate::db::is_unique_violation(&err) && !key.is_empty() => {
                drop(tx);
                let mut read = state.db.begin_read().await?;
                let id = repo::by_request_key(&mut read, customer, key)
                    .await?
                    .ok_or(AppError::Conflict)?;
                drop(read);
                return repo::one(&state.db.pool, customer, id)
                    .await?
                    .ok_or_else(|| not_found(id));
            }
            Err(err) => return Err(err.into()),
        },
        Some(id) => match repo::update(&mut tx, input, id, now).await? {
            Some(version) => (id, version),
            None if repo::belongs(&mut tx, customer, id).await? => return Err(AppError::Conflict),
            None => return Err(not_found(id)),
        },
    };
    let written = crate::attributes::rules::submitted(fields, &posted);
    // The admin's own form, or the shopper's (also when an admin assists them).
    let uploader = match actor {
        Some(actor) if actor.assisting.is_none() => Uploader::of_admin(actor),
        _ => Uploader::Customer(input.customer_id),
    };
    crate::attributes::service::write(
        &mut tx,
        state,
        &uploader,
        EntityType::Address,
        id,
        &written,
        &custom,
    )
    .await?;
    let (billing, shipping) = repo::defaults(&mut tx, customer).await?;
    for (kind, current, wanted) in [
        (DefaultKind::Billing, billing, input.default_billing),
        (DefaultKind::Shipping, shipping, input.default_shipping),
    ] {
        let is_default = current == Some(id);
        if wanted != is_default {
            repo::set_default(&mut tx, customer, wanted.then_some(id), kind, now).await?;
        }
    }
    index::refresh_one(&mut tx, customer).await?;
    if let Some(actor) = actor {
        let changes = diff(
            &before.as_ref().map(audit_fields).unwrap_or_default(),
            &audit_fields(input),
        );
        let action = if input.id.is_some() {
            Action::Update
        } else {
            Action::Create
        };
        record(&mut tx, actor, customer, id, action, &changes, now).await?;
    }
    tx.commit().await?;
    Ok(AddressInput {
        id: Some(id),
        version,
        custom,
        ..input.clone()
    })
}

/// What the action log records of an address.
fn audit_fields(a: &AddressInput) -> Fields {
    let flag = |b: bool| if b { "1" } else { "0" }.to_string();
    let street: Vec<&str> = a
        .street
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let region = if a.region_id.trim().is_empty() {
        &a.region
    } else {
        &a.region_id
    };
    vec![
        ("prefix", a.prefix.trim().to_string()),
        ("firstname", a.firstname.trim().to_string()),
        ("middlename", a.middlename.trim().to_string()),
        ("lastname", a.lastname.trim().to_string()),
        ("suffix", a.suffix.trim().to_string()),
        ("company", a.company.trim().to_string()),
        ("street", street.join(", ")),
        ("city", a.city.trim().to_string()),
        ("region", region.trim().to_string()),
        ("postcode", a.postcode.trim().to_string()),
        ("country_id", a.country_id.trim().to_string()),
        ("telephone", a.telephone.trim().to_string()),
        ("fax", a.fax.trim().to_string()),
        ("vat_id", a.vat_id.trim().to_string()),
        ("default_billing", flag(a.default_billing)),
        ("default_shipping", flag(a.default_shipping)),
    ]
}

/// Write the entry of an address change (it belongs to the customer's history).
async fn record(
    tx: &mut crate::db::Tx<'_>,
    actor: &Actor,
    customer_id: i64,
    id: i64,
    action: Action,
    changes: &[crate::action_log::model::Change],
    now: i64,
) -> Result<(), AppError> {
    let entry = NewEntry {
        entity: Entity::Address,
        entity_id: &id.to_string(),
        item: &format!("#{customer_id}"),
        action,
        customer_id: Some(customer_id),
        changes,
    };
    action_log::record(tx, actor, entry, now).await
}

/// Make an address the default billing or shipping address.
pub async fn set_default(
    state: &AppState,
    actor: &Actor,
    customer_id: i64,
    id: i64,
    kind: DefaultKind,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    if !repo::belongs(&mut tx, customer_id, id).await? {
        return Err(not_found(id));
    }
    let now = state.clock.now();
    repo::set_default(&mut tx, customer_id, Some(id), kind, now).await?;
    index::refresh_one(&mut tx, customer_id).await?;
    let action = match kind {
        DefaultKind::Billing => Action::SetDefaultBilling,
        DefaultKind::Shipping => Action::SetDefaultShipping,
    };
    record(&mut tx, actor, customer_id, id, action, &[], now).await?;
    tx.commit().await?;
    Ok(())
}

/// Delete one of the customer's addresses.
pub async fn delete(
    state: &AppState,
    actor: &Actor,
    customer_id: i64,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    delete_one(&mut tx, actor, customer_id, id, state.clock.now()).await?;
    index::refresh_one(&mut tx, customer_id).await?;
    tx.commit().await?;
    Ok(())
}

/// The grid's mass Delete: these addresses of the customer, all or none, in one
/// transaction (a default address stops being the default).
pub async fn delete_many(
    state: &AppState,
    actor: &Actor,
    customer_id: i64,
    ids: &[i64],
) -> Result<u64, AppError> {
    if ids.is_empty() {
        return Err(AppError::field("selection", Key::ErrSelectAddress));
    }
    if ids.len() > MAX_MASS_DELETE {
        return Err(AppError::field(
            "selection",
            Message::new(Key::ErrTooManyAddresses).with("max", MAX_MASS_DELETE),
        ));
    }
    let mut tx = state.db.begin().await?;
    let now = state.clock.now();
    for &id in ids {
        delete_one(&mut tx, actor, customer_id, id, now).await?;
    }
    index::refresh_one(&mut tx, customer_id).await?;
    tx.commit().await?;
    Ok(ids.len() as u64)
}

/// Delete one address and record what it was.
pub(crate) async fn delete_one(
    tx: &mut crate::db::Tx<'_>,
    actor: &Actor,
    customer_id: i64,
    id: i64,
    now: i64,
) -> Result<(), AppError> {
    let before = repo::one(&mut **tx, customer_id, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    if !repo::delete(tx, customer_id, id).await? {
        return Err(not_found(id));
    }
    let changes = diff(&audit_fields(&before), &[]);
    record(tx, actor, customer_id, id, Action::Delete, &changes, now).await
}
