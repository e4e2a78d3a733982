//! The Billing Address and Shipping Address columns as the one-line address template
//! prints them (Stores → Configuration → Customer Configuration → Address Templates →
//! Text One Line).
//!
//! The grid index keeps each default address as text in a fixed order (street, city,
//! region, postcode, country): that text is what the columns sort by and what keyword
//! search reads. What a cell shows is printed when a page (or an export batch) is read,
//! from the customer's addresses and the template configured for their website, so a
//! template saved in the configuration shows on the next page load for every customer,
//! with no reindex of a million rows.

use super::columns::GridRow;
use crate::address_format::{self, Format};
use crate::config::registry::ADDRESS_TEMPLATE_ONELINE;
use crate::config::service::At;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use std::collections::HashMap;

/// Print the billing and shipping cells of `rows` with the one-line template of each
/// customer's website, country names in `locale`.
pub async fn print_addresses(
    state: &AppState,
    rows: &mut [GridRow],
    locale: Locale,
) -> Result<(), AppError> {
    let ids: Vec<i64> = rows
        .iter()
        .filter(|r| r.billing_full.is_some() || r.shipping_full.is_some())
        .map(|r| r.id)
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let mut addresses =
        crate::customers::address::repo::defaults_of_customers(&state.db, &ids).await?;
    // Custom address attributes print by code when the template names them.
    let fields = address_format::attributes(state, None).await?;
    if !fields.is_empty() {
        let mut all: Vec<_> = addresses.iter_mut().collect();
        crate::attributes::repo::fill_addresses(
            &mut *state.db.pool.acquire().await?,
            &fields,
            &mut all,
        )
        .await?;
    }
    let config = state.config.snapshot().await?;
    let mut templates: HashMap<Option<i64>, String> = HashMap::new();
    let mut billing: HashMap<i64, String> = HashMap::new();
    let mut shipping: HashMap<i64, String> = HashMap::new();
    let websites: HashMap<i64, Option<i64>> = rows.iter().map(|r| (r.id, r.website_id)).collect();
    for a in &addresses {
        let website = websites.get(&a.customer_id).copied().flatten();
        let template = templates.entry(website).or_insert_with(|| {
            config.get(
                ADDRESS_TEMPLATE_ONELINE,
                At {
                    website,
                    store: None,
                },
            )
        });
        let line = address_format::render(
            ADDRESS_TEMPLATE_ONELINE,
            template,
            a,
            Format::OneLine,
            locale.index(),
            &fields,
        );
        if a.default_billing {
            billing.insert(a.customer_id, line.clone());
        }
        if a.default_shipping {
            shipping.insert(a.customer_id, line);
        }
    }
    for row in rows {
        if let Some(line) = billing.remove(&row.id) {
            row.billing_full = Some(line);
        }
        if let Some(line) = shipping.remove(&row.id) {
            row.shipping_full = Some(line);
        }
    }
    Ok(())
}
