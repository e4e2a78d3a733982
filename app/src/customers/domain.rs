//! Validated customer and address values (Magento's built-in validators,
//! which cannot be switched off). Each `parse` returns the cleaned value or the message
//! shown next to the field (a catalogue key with its values, worded in the viewer's
//! language where it is shown). The same code runs on the server (always) and in the
//! browser (instant feedback).

use crate::i18n::{Key, Message};

/// Characters allowed in names besides letters, combining marks, digits and spaces.
const NAME_PUNCTUATION: &[char] = &[',', '-', '_', '.', '\'', '’', '`', '&'];
/// Characters allowed in city names besides letters, marks, digits and spaces.
const CITY_PUNCTUATION: &[char] = &['-', '_', '\'', '’', '.', ',', '&', '(', ')'];
/// Characters allowed in telephone numbers besides digits and spaces.
const PHONE_PUNCTUATION: &[char] = &['+', '(', ')', '.', '/', '-'];

/// Unicode combining marks (general category M) in the blocks names use: accents
/// typed as separate code points (e.g. "e\u{301}") must pass like precomposed ones.
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0E31..=0x0E3A
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0x302A..=0x302F
        | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

fn is_letter_or_mark(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// A first, middle or last name: letters of any script, marks, digits, spaces and
/// `, - _ . ' ’ ` &`; 1–255 characters after trimming.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    /// `label` is the field's label, used in the message ("First Name is not valid!").
    pub fn parse(label: Key, value: &str) -> Result<Self, Message> {
        let value = value.trim();
        if value.is_empty() {
            return Err(Message::required(label));
        }
        if value.chars().count() > 255 {
            return Err(Message::too_long(label, 255));
        }
        let ok = value.chars().all(|c| {
            is_letter_or_mark(c) || c.is_numeric() || c == ' ' || NAME_PUNCTUATION.contains(&c)
        });
        if ok {
            Ok(PersonName(value.to_string()))
        } else {
            Err(Message::not_valid(label))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A city: letters, marks, digits, spaces and `- _ ' ’ . , & ( )`; 1–100 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct City(String);

impl City {
    pub fn parse(value: &str) -> Result<Self, Message> {
        let value = value.trim();
        if value.is_empty() {
            return Err(Message::required(Key::CityLabel));
        }
        if value.chars().count() > 100 {
            return Err(Message::too_long(Key::CityLabel, 100));
        }
        let ok = value.chars().all(|c| {
            is_letter_or_mark(c) || c.is_numeric() || c == ' ' || CITY_PUNCTUATION.contains(&c)
        });
        if ok {
            Ok(City(value.to_string()))
        } else {
            Err(Key::ErrInvalidCity.into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Street address lines (stored newline-joined): the first line is required, each line
/// at most 255 characters, no control characters, no `<` or `>`, and no more lines
/// than the store's "Number of Lines in a Street Address" (1–4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Street(Vec<String>);

impl Street {
    pub fn parse(lines: &[String], max_lines: usize) -> Result<Self, Message> {
        let lines: Vec<String> = lines.iter().map(|l| l.trim().to_string()).collect();
        if lines.first().is_none_or(|l| l.is_empty()) {
            return Err(Message::required(Key::StreetAddress));
        }
        let used = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        if used > max_lines {
            return Err(Message::new(Key::ErrStreetLines).with("max", max_lines));
        }
        for line in &lines[..used] {
            if line.chars().count() > 255 {
                return Err(Message::new(Key::ErrStreetLineTooLong).with("max", 255_usize));
            }
            if line.chars().any(|c| c.is_control() || c == '<' || c == '>') {
                return Err(Key::ErrInvalidStreet.into());
            }
        }
        Ok(Street(lines[..used].to_vec()))
    }

    /// The lines, first to last.
    pub fn lines(&self) -> &[String] {
        &self.0
    }

    /// The stored form: lines joined with `\n`.
    pub fn joined(&self) -> String {
        self.0.join("\n")
    }
}

/// A telephone number: digits, spaces and `+ ( ) . / -`; 1–30 characters, at least one digit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Telephone(String);

impl Telephone {
    pub fn parse(value: &str) -> Result<Self, Message> {
        let value = value.trim();
        if value.is_empty() {
            return Err(Message::required(Key::PhoneNumber));
        }
        let ok = value.chars().count() <= 30
            && value.chars().any(|c| c.is_ascii_digit())
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || c == ' ' || PHONE_PUNCTUATION.contains(&c));
        if ok {
            Ok(Telephone(value.to_string()))
        } else {
            Err(Key::ErrInvalidPhone.into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address: required, one `@`, a dotted domain, no spaces, at most 254
/// characters; stored lower-cased so uniqueness ignores case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(value: &str) -> Result<Self, Message> {
        let value = value.trim().to_lowercase();
        if value.is_empty() {
            return Err(Message::required(Key::Email));
        }
        let invalid = || Message::new(Key::ErrInvalidEmail);
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let labels_ok = !domain.is_empty()
            && domain.contains('.')
            && domain.split('.').all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        if value.len() <= 254 && labels_ok && local_ok {
            Ok(Email(value))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A date of birth (`YYYY-MM-DD`) that is a real date and not later than `today`
/// (the store's local date, passed in so the rule is testable).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateOfBirth {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl DateOfBirth {
    /// The store's date today from its `YYYY-MM-DD` text; an unreadable value allows any
    /// past date.
    pub fn today_from(value: &str) -> DateOfBirth {
        const FAR: DateOfBirth = DateOfBirth {
            year: 9999,
            month: 12,
            day: 31,
        };
        DateOfBirth::parse(value, FAR).unwrap_or(FAR)
    }

    pub fn parse(value: &str, today: DateOfBirth) -> Result<Self, Message> {
        let invalid = || Message::new(Key::ErrInvalidDate);
        let mut parts = value.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(invalid());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(invalid());
        }
        let (year, month, day) = match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(y), Ok(m), Ok(d)) => (y, m, d),
            _ => return Err(invalid()),
        };
        if year < 1900 || !crate::dates::is_real_date(i64::from(year), month, day) {
            return Err(invalid());
        }
        let dob = DateOfBirth { year, month, day };
        if dob > today {
            return Err(Key::ErrDobInFuture.into());
        }
        Ok(dob)
    }

    /// `YYYY-MM-DD`, which also sorts correctly as text.
    pub fn to_iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_accept_any_script_and_the_listed_punctuation() {
        for ok in [
            "Zoë",
            "José-María",
            "O'Brien",
            "D’Angelo",
            "Nguyễn",
            "Müller & Sons",
            "张伟",
            "Renée\u{301}",
            "Jr.",
            "Anne_2",
        ] {
            assert!(PersonName::parse(Key::FirstName, ok).is_ok(), "{ok}");
        }
        for bad in ["Bob<script>", "a@b", "x;y", "tab\there", "50%"] {
            assert_eq!(
                PersonName::parse(Key::FirstName, bad).unwrap_err(),
                "First Name is not valid!",
                "{bad}"
            );
        }
        assert_eq!(
            PersonName::parse(Key::LastName, "  ").unwrap_err(),
            "Last Name is a required field."
        );
        assert!(PersonName::parse(Key::LastName, &"a".repeat(255)).is_ok());
        assert!(PersonName::parse(Key::LastName, &"a".repeat(256)).is_err());
        assert_eq!(
            PersonName::parse(Key::LastName, "  Smith ")
                .unwrap()
                .as_str(),
            "Smith"
        );
    }

    #[test]
    fn cities() {
        for ok in [
            "Saint-Denis",
            "Frankfurt (Oder)",
            "L'Aquila",
            "São Paulo",
            "Ürümqi",
            "'s-Hertogenbosch",
        ] {
            assert!(City::parse(ok).is_ok(), "{ok}");
        }
        assert!(City::parse("Paris!").is_err());
        assert!(City::parse(&"x".repeat(101)).is_err());
    }

    #[test]
    fn street_lines() {
        let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let s = Street::parse(&lines(&["1 Main St", "Apt 4", ""]), 2).unwrap();
        assert_eq!(s.joined(), "1 Main St\nApt 4");
        assert!(Street::parse(&lines(&["", "Apt 4"]), 2).is_err());
        assert!(Street::parse(&lines(&["a", "b", "c"]), 2).is_err());
        assert!(Street::parse(&lines(&["<b>1</b>"]), 2).is_err());
        assert!(Street::parse(&lines(&["bell\u{7}"]), 2).is_err());
        assert!(Street::parse(&lines(&[&"x".repeat(256)]), 2).is_err());
    }

    #[test]
    fn telephones() {
        for ok in ["+1 (555) 123-4567", "020/123.45.67", "0612345678"] {
            assert!(Telephone::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["call me", "+1 555 ext 4", "()", &"1".repeat(31)] {
            assert!(Telephone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" John.Doe@Example.COM ").unwrap().as_str(),
            "john.doe@example.com"
        );
        for ok in ["a+tag@sub.example.co.uk", "o'hara@exämple.de"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "plain",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            ".a@b.com",
            "a..b@c.com",
            "a@-b.com",
            "a@b..com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_of_birth() {
        let today = DateOfBirth {
            year: 2026,
            month: 11,
            day: 21,
        };
        assert_eq!(
            DateOfBirth::parse("1980-02-29", today).unwrap().to_iso(),
            "1980-02-29"
        );
        assert!(DateOfBirth::parse("1981-02-29", today).is_err());
        assert!(DateOfBirth::parse("2026-11-21", today).is_ok());
        assert_eq!(
            DateOfBirth::parse("2026-11-22", today).unwrap_err(),
            "The Date of Birth can't be in the future."
        );
        for bad in [
            "",
            "1980-2-3",
            "80-02-03",
            "1980-13-01",
            "1980-00-10",
            "1899-12-31",
            "abcd-ef-gh",
        ] {
            assert!(DateOfBirth::parse(bad, today).is_err(), "{bad}");
        }
    }
}
