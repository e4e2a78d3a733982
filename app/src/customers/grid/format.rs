//! How the grid shows each value. The page and the CSV / Excel XML export
//! both format through [`cell_text`], so a downloaded file says what the screen said.

use super::columns::{CellFormat, CellValue, Column, GridRow};
use super::model::GridOptions;
use crate::dates::{date_only, date_time};
use crate::i18n::{tr, Key, Locale};

/// The label of a gender option id.
pub fn gender_label(locale: Locale, gender: i64) -> &'static str {
    match gender {
        1 => tr(locale, Key::GenderMale),
        2 => tr(locale, Key::GenderFemale),
        _ => tr(locale, Key::GenderNotSpecified),
    }
}

/// The text of one cell, as the column's format shows its value.
pub fn cell_text(
    row: &GridRow,
    column: Column,
    options: &GridOptions,
    locale: Locale,
    now: i64,
) -> String {
    let value = row.value(column);
    let int = match value {
        CellValue::Int(n) => Some(n),
        _ => None,
    };
    let text = || match value {
        CellValue::Int(n) => n.to_string(),
        CellValue::Text(t) => t.to_string(),
        CellValue::Bool(_) | CellValue::Empty => String::new(),
    };
    match column.format() {
        CellFormat::Plain => text(),
        CellFormat::DateTime => int.map(|ts| date_time(locale, ts)).unwrap_or_default(),
        CellFormat::Date => match value {
            CellValue::Text(iso) => date_only(locale, iso),
            _ => String::new(),
        },
        CellFormat::GroupName => int
            .map(|id| {
                options
                    .groups
                    .iter()
                    .find(|(group, _)| *group == id)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_else(|| id.to_string())
            })
            .unwrap_or_default(),
        CellFormat::WebsiteName => int
            .and_then(|id| options.websites.iter().find(|w| w.id == id))
            .map(|w| w.name.clone())
            .unwrap_or_default(),
        CellFormat::CountryName => match value {
            CellValue::Text(code) => {
                crate::directory::country_name(code, locale.index()).to_string()
            }
            _ => String::new(),
        },
        CellFormat::RegionName => match value {
            // A listed region is stored by its code ("IL"): show its name ("Illinois").
            CellValue::Text(region) => row
                .billing_country_id
                .as_deref()
                .and_then(|country| crate::directory::region(country, region))
                .map_or_else(|| region.to_string(), |r| r.name.to_string()),
            _ => String::new(),
        },
        CellFormat::GenderLabel => int
            .map(|g| gender_label(locale, g).to_string())
            .unwrap_or_default(),
        CellFormat::Confirmation => {
            // Whether the customer's website asks new accounts to confirm their email.
            let required = row
                .website_id
                .and_then(|w| options.websites.iter().find(|o| o.id == w))
                .is_some_and(|o| o.confirmation_required);
            let key = if value == CellValue::Bool(true) {
                Key::ConfirmationRequired
            } else if required {
                Key::Confirmed
            } else {
                Key::ConfirmationNotRequired
            };
            tr(locale, key).to_string()
        }
        CellFormat::Lock => {
            let locked = int.is_some_and(|until| until > now);
            tr(locale, if locked { Key::Locked } else { Key::Unlocked }).to_string()
        }
    }
}
