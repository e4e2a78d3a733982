//! Calendar dates for the whole app: day counts since 1970-01-01, `YYYY-MM-DD` text, and
//! dates and times as each interface language writes them.

use crate::i18n::Locale;

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

/// Whether year / month / day name a real calendar day (no 30 February).
pub fn is_real_date(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
}

/// Parse a `YYYY-MM-DD` date (a real calendar date, years 1–9999) into days since
/// 1970-01-01.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    ((1..=9999).contains(&y) && is_real_date(y, m, d)).then(|| days_from_civil(y, m, d))
}

/// `YYYY-MM-DD` of a day count.
pub fn iso_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The short month names of `locale`, January first.
fn months(locale: Locale) -> [&'static str; 12] {
    match locale {
        Locale::En => [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
        Locale::Fr => [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ],
        Locale::Nl => [
            "jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
            "dec.",
        ],
        Locale::PtBr => [
            "jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.",
            "dez.",
        ],
    }
}

/// A day as `locale` writes it: "Apr 25, 1947", "25 avr. 1947", "25 apr. 1947",
/// "25 de abr. de 1947".
fn day_text(locale: Locale, (y, m, d): (i64, u32, u32)) -> String {
    let month = months(locale)[m as usize - 1];
    match locale {
        Locale::En => format!("{month} {d}, {y}"),
        Locale::Fr | Locale::Nl => format!("{d} {month} {y}"),
        Locale::PtBr => format!("{d} de {month} de {y}"),
    }
}

/// Unix seconds (UTC) as `locale` writes a date and time: "Nov 21, 2026 3:04:05 PM" in
/// English (Magento's admin grid), 24-hour time elsewhere ("21 nov. 2026 15:04:05").
pub fn date_time(locale: Locale, ts: i64) -> String {
    let day = day_text(locale, civil_from_days(ts.div_euclid(86_400)));
    let secs = ts.rem_euclid(86_400);
    let (h, min, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if locale != Locale::En {
        return format!("{day} {h:02}:{min:02}:{s:02}");
    }
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{day} {h12}:{min:02}:{s:02} {ampm}")
}

/// A stored `YYYY-MM-DD` date as `locale` writes it (a date of birth: no time-zone
/// conversion); text that is not a date is shown as it is.
pub fn date_only(locale: Locale, iso: &str) -> String {
    match parse_date(iso) {
        Some(days) => day_text(locale, civil_from_days(days)),
        None => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_convert_both_ways() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(parse_date("2026-11-21"), Some(20_778));
        assert_eq!(iso_date(20_778), "2026-11-21");
        assert_eq!(
            parse_date("2024-02-29").map(civil_from_days),
            Some((2024, 2, 29))
        );
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("2023-04-31"), None);
        assert_eq!(
            parse_date("1947-04-25").map(civil_from_days),
            Some((1947, 4, 25))
        );
        assert_eq!(parse_date("nope"), None);
        assert!(is_real_date(2000, 2, 29) && !is_real_date(1900, 2, 29));
    }

    #[test]
    fn dates_follow_the_viewers_language() {
        assert_eq!(
            date_time(Locale::En, 1_703_526_910),
            "Dec 25, 2023 5:55:10 PM"
        );
        assert_eq!(date_time(Locale::En, 0), "Jan 1, 1970 12:00:00 AM");
        assert_eq!(
            date_time(Locale::Fr, 1_703_526_910),
            "25 déc. 2023 17:55:10"
        );
        assert_eq!(date_time(Locale::Nl, 0), "1 jan. 1970 00:00:00");
        assert_eq!(date_only(Locale::En, "1947-04-25"), "Apr 25, 1947");
        assert_eq!(date_only(Locale::PtBr, "1947-04-25"), "25 de abr. de 1947");
        assert_eq!(date_only(Locale::Fr, "unknown"), "unknown");
    }
}
