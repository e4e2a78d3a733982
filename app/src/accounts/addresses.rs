//! The storefront Address Book: the signed-in customer's own addresses only.
//! The rules, the defaults and the grid row follow the admin's address service; the
//! storefront adds what a shopper may not do (unset a default directly, delete a
//! default) and versioned deletes, so a delete queued offline never removes an address
//! someone changed meanwhile.

use super::model::{AddressBook, AddressForm, ADDRESS_BOOK_PAGE_SIZE, DEFAULT_NOT_DELETABLE};
use super::service::CustomerPrincipal;
use crate::action_log::service::Actor;
use crate::customers::address::model::{AddressInput, DefaultKind};
use crate::customers::address::{repo, service};
use crate::customers::edit::service::rules;
use crate::customers::grid::index;
use crate::error::AppError;
use crate::i18n::Key;
use crate::state::AppState;

fn not_found(id: i64) -> AppError {
    AppError::not_found(Key::AddressNumbered, id)
}

/// Both defaults and page `page` (from 1, clamped) of the additional addresses, with
/// the HTML address template of the store view the shopper is on (`at`).
pub async fn book(
    state: &AppState,
    customer: &CustomerPrincipal,
    page: u32,
    at: crate::config::service::At,
) -> Result<AddressBook, AppError> {
    let id = customer.customer_id;
    let total = repo::additional_count(&state.db, id).await?;
    let pages = (total.div_ceil(u64::from(ADDRESS_BOOK_PAGE_SIZE)) as u32).max(1);
    let page = page.clamp(1, pages);
    let offset = u64::from(page - 1) * u64::from(ADDRESS_BOOK_PAGE_SIZE);
    // Every custom address attribute, labelled for the store view: the template may
    // print any of them, whichever forms they are used in.
    let attributes = crate::attributes::service::fields(
        state,
        crate::attributes::model::EntityType::Address,
        None,
        at.store,
    )
    .await?;
    let mut default_billing = repo::default_of(&state.db, id, DefaultKind::Billing).await?;
    let mut default_shipping = repo::default_of(&state.db, id, DefaultKind::Shipping).await?;
    let mut additional =
        repo::additional_page(&state.db, id, offset, ADDRESS_BOOK_PAGE_SIZE).await?;
    let mut all: Vec<&mut AddressInput> = additional
        .iter_mut()
        .chain(default_billing.as_mut())
        .chain(default_shipping.as_mut())
        .collect();
    crate::attributes::service::fill_addresses(
        &mut *state.db.pool.acquire().await?,
        &attributes,
        &mut all,
    )
    .await?;
    Ok(AddressBook {
        default_billing,
        default_shipping,
        additional,
        total,
        page,
        rules: rules(state, customer.website_id).await?,
        firstname: customer.firstname.clone(),
        lastname: customer.lastname.clone(),
        html_template: state
            .config
            .get(crate::config::registry::ADDRESS_TEMPLATE_HTML, at)
            .await?,
        attributes,
    })
}

/// The address form: address `id` of the customer, or a new one with their names.
pub async fn form(
    state: &AppState,
    customer: &CustomerPrincipal,
    id: Option<i64>,
) -> Result<AddressForm, AppError> {
    let rules = rules(state, customer.website_id).await?;
    let attributes = form_fields(state, customer).await?;
    let address = match id {
        Some(id) => {
            let mut address = repo::one(&state.db.pool, customer.customer_id, id)
                .await?
                .ok_or_else(|| not_found(id))?;
            crate::attributes::service::fill_addresses(
                &mut *state.db.pool.acquire().await?,
                &attributes,
                &mut [&mut address],
            )
            .await?;
            address
        }
        None => AddressInput {
            custom: crate::attributes::rules::defaults(&attributes),
            ..AddressBook {
                rules: rules.clone(),
                firstname: customer.firstname.clone(),
                lastname: customer.lastname.clone(),
                ..AddressBook::default()
            }
            .new_address()
        },
    };
    Ok(AddressForm {
        address,
        rules,
        attributes,
    })
}

/// The custom address attributes of the storefront's address form (Customer Account
/// Address), labelled for the customer's store view.
async fn form_fields(
    state: &AppState,
    customer: &CustomerPrincipal,
) -> Result<Vec<crate::attributes::model::FieldDef>, AppError> {
    let store = super::service::account_store(state, customer.customer_id).await?;
    crate::attributes::service::fields(
        state,
        crate::attributes::model::EntityType::Address,
        Some(crate::attributes::model::UsedInForm::AddressEdit),
        Some(store.store_id),
    )
    .await
}

/// Save Address: add or update one of the customer's own addresses. A default stays
/// the default (the shopper picks another address instead); an update over a change
/// made elsewhere is a conflict. An admin's save through Login as Customer (`actor`)
/// goes to the action log.
pub async fn save(
    state: &AppState,
    customer: &CustomerPrincipal,
    actor: Option<&Actor>,
    input: &AddressInput,
) -> Result<AddressInput, AppError> {
    let me = customer.customer_id;
    let mut input = AddressInput {
        customer_id: me,
        ..input.clone()
    };
    // The stored address says whether it is a default now (another shopper's id reads
    // as none, and the save below answers 404).
    if let Some(stored) = match input.id {
        Some(id) => repo::one(&state.db.pool, me, id).await?,
        None => None,
    } {
        input.default_billing |= stored.default_billing;
        input.default_shipping |= stored.default_shipping;
    }
    service::save_in_form(state, actor, &input, &form_fields(state, customer).await?).await
}

/// Delete one of the customer's additional addresses, if it is still at `version` (an
/// admin's, through Login as Customer, goes to the action log).
pub async fn delete(
    state: &AppState,
    customer: &CustomerPrincipal,
    actor: Option<&Actor>,
    id: i64,
    version: i64,
) -> Result<(), AppError> {
    let me = customer.customer_id;
    let mut tx = state.db.begin().await?;
    match repo::version_of(&mut tx, me, id).await? {
        None => return Err(not_found(id)),
        Some(current) if current != version => return Err(AppError::Conflict),
        Some(_) => {}
    }
    if repo::is_default(&mut tx, me, id).await? {
        return Err(AppError::field("address", DEFAULT_NOT_DELETABLE));
    }
    match actor {
        Some(actor) => service::delete_one(&mut tx, actor, me, id, state.clock.now()).await?,
        None => {
            repo::delete(&mut tx, me, id).await?;
        }
    }
    index::refresh_one(&mut tx, me).await?;
    tx.commit().await?;
    Ok(())
}
