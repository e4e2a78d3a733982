//! How the grid shows each value. The page and the CSV / Excel XML export
//! both format through [`cell_text`], so a downloaded file says what the screen said.

use super::model::{Column, GridOptions, GridRow};
use crate::i18n::{tr, Key, Locale};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// (year, month 1–12, day 1–31) of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Days since 1970-01-01 of a civil date (inverse of [`civil_from_days`]).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parse a `YYYY-MM-DD` date (a real calendar date) into days since 1970-01-01.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

/// "Nov 21, 2026 3:04:05 PM" for Unix seconds (UTC).
pub fn date_time(ts: i64) -> String {
    let (y, m, d) = civil_from_days(ts.div_euclid(86_400));
    let secs = ts.rem_euclid(86_400);
    let (h, min, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!(
        "{} {d}, {y} {h12}:{min:02}:{s:02} {ampm}",
        MONTHS[m as usize - 1]
    )
}

/// "Apr 25, 1947" for a stored `YYYY-MM-DD` date (a date of birth: no time-zone conversion).
pub fn date_only(iso: &str) -> String {
    match parse_date(iso) {
        Some(days) => {
            let (y, m, d) = civil_from_days(days);
            format!("{} {d}, {y}", MONTHS[m as usize - 1])
        }
        None => iso.to_string(),
    }
}

/// The label of a gender option id.
pub fn gender_label(locale: Locale, gender: i64) -> &'static str {
    match gender {
        1 => tr(locale, Key::GenderMale),
        2 => tr(locale, Key::GenderFemale),
        _ => tr(locale, Key::GenderNotSpecified),
    }
}

/// The text of one cell.
pub fn cell_text(
    row: &GridRow,
    column: Column,
    options: &GridOptions,
    locale: Locale,
    now: i64,
) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    match column {
        Column::Id => row.id.to_string(),
        Column::Name => row.name.clone(),
        Column::Email => row.email.clone(),
        Column::Group => options
            .groups
            .iter()
            .find(|(id, _)| *id == row.group_id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| row.group_id.to_string()),
        Column::Phone => opt(&row.billing_telephone),
        Column::Zip => opt(&row.billing_postcode),
        Column::Country => row
            .billing_country_id
            .as_deref()
            .map(|c| crate::directory::country_name(c, locale.index()).to_string())
            .unwrap_or_default(),
        Column::Region => opt(&row.billing_region),
        Column::CustomerSince => date_time(row.created_at),
        Column::Website => row
            .website_id
            .and_then(|w| options.websites.iter().find(|o| o.id == w))
            .map(|o| o.name.clone())
            .unwrap_or_default(),
        Column::ConfirmedEmail => {
            let required = row
                .website_id
                .and_then(|w| options.websites.iter().find(|o| o.id == w))
                .is_some_and(|o| o.confirmation_required);
            let key = if row.confirmation_pending {
                Key::ConfirmationRequired
            } else if required {
                Key::Confirmed
            } else {
                Key::ConfirmationNotRequired
            };
            tr(locale, key).to_string()
        }
        Column::CreatedIn => row.created_in.clone(),
        Column::Dob => row.dob.as_deref().map(date_only).unwrap_or_default(),
        Column::Taxvat => opt(&row.taxvat),
        Column::Gender => row
            .gender
            .map(|g| gender_label(locale, g).to_string())
            .unwrap_or_default(),
        Column::BillingFull => opt(&row.billing_full),
        Column::ShippingFull => opt(&row.shipping_full),
        Column::Street => opt(&row.billing_street),
        Column::City => opt(&row.billing_city),
        Column::Fax => opt(&row.billing_fax),
        Column::VatNumber => opt(&row.billing_vat_id),
        Column::Company => opt(&row.billing_company),
        Column::BillingFirstname => opt(&row.billing_firstname),
        Column::BillingLastname => opt(&row.billing_lastname),
        Column::AccountLock => {
            let locked = row.lock_expires.is_some_and(|t| t > now);
            tr(locale, if locked { Key::Locked } else { Key::Unlocked }).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_convert_both_ways() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(parse_date("2026-11-21"), Some(20_778));
        assert_eq!(
            parse_date("2024-02-29").map(civil_from_days),
            Some((2024, 2, 29))
        );
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(
            parse_date("1947-04-25").map(civil_from_days),
            Some((1947, 4, 25))
        );
        assert_eq!(parse_date("nope"), None);
    }

    #[test]
    fn formats_like_the_admin_grid() {
        assert_eq!(date_time(1_703_526_910), "Dec 25, 2023 5:55:10 PM");
        assert_eq!(date_time(0), "Jan 1, 1970 12:00:00 AM");
        assert_eq!(date_only("1947-04-25"), "Apr 25, 1947");
    }
}
