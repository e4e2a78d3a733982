//! The grid rows of generated customers, written by the seed itself for a PostgreSQL
//! bulk load: the same values [`index::refresh`] computes in SQL, sent through `COPY`.
//!
//! At a million customers the SQL took 52 s of the database's processor time (its
//! sort-key folds: 47 µs a row before the `search` column), two connections at a time
//! 26 s; the rows written here and copied on two connections 13.5 s, nearly all of it
//! PostgreSQL generating `search` (since written here too, and copied beside the load:
//! [`super::postgres`]). The SQL stays the reference: a test compares every
//! row written here with what [`index::refresh`] writes for the same customers, and the
//! load falls back to it where this could differ:
//! - a column this module does not know (one added to the grid since): the whole load;
//! - a database whose `lower` is not this fold's (checked on sample text first: a
//!   Turkish locale lowers `I` to `ı`): the whole load;
//! - a customer whose key still holds a letter outside the fold's table after folding
//!   (only PostgreSQL's `lower` knows what it becomes): that customer.
//!
//! The `search` words (migration 0034's trigger computes them for every other insert)
//! are written here too where they can be read exactly as `to_tsvector` reads them: once
//! `unaccent`, `lower` and the punctuation are done, only ASCII letters, digits and
//! spaces left, so each run of letters and digits is one word at the next position. A
//! row with anything else is sent without them, and the trigger computes them.

use super::generate::{NewAddress, NewCustomer};
use crate::customers::grid::{index, sort_key};
use crate::db::copy::CopyRows;
use crate::db::fold::fold_text;

/// A value of a grid row, from the customer (`c`) or a default address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    EntityId,
    Name,
    Email,
    GroupId,
    CreatedAt,
    WebsiteId,
    ConfirmationPending,
    CreatedIn,
    Dob,
    Gender,
    Taxvat,
    LockExpires,
    Billing(Part),
    Shipping(Part),
    /// The billing phone without its punctuation.
    PhoneDigits,
    /// Custom attributes' searchable words: a seeded customer has none.
    AttributeWords,
}

/// A value of a default address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Street, city, region, ZIP and country on one line.
    Full,
    Street,
    City,
    Region,
    Postcode,
    Country,
    Telephone,
    Fax,
    VatId,
    Company,
    Firstname,
    Lastname,
}

/// The field filling the grid-index column `name`, if this module knows it.
fn field(name: &str) -> Option<Field> {
    use Part::*;
    Some(match name {
        "entity_id" => Field::EntityId,
        "name" => Field::Name,
        "email" => Field::Email,
        "group_id" => Field::GroupId,
        "created_at" => Field::CreatedAt,
        "website_id" => Field::WebsiteId,
        "confirmation_pending" => Field::ConfirmationPending,
        "created_in" => Field::CreatedIn,
        "dob" => Field::Dob,
        "gender" => Field::Gender,
        "taxvat" => Field::Taxvat,
        "lock_expires" => Field::LockExpires,
        "billing_telephone" => Field::Billing(Telephone),
        "billing_postcode" => Field::Billing(Postcode),
        "billing_country_id" => Field::Billing(Country),
        "billing_region" => Field::Billing(Region),
        "billing_full" => Field::Billing(Full),
        "shipping_full" => Field::Shipping(Full),
        "billing_street" => Field::Billing(Street),
        "billing_city" => Field::Billing(City),
        "billing_fax" => Field::Billing(Fax),
        "billing_vat_id" => Field::Billing(VatId),
        "billing_company" => Field::Billing(Company),
        "billing_firstname" => Field::Billing(Firstname),
        "billing_lastname" => Field::Billing(Lastname),
        "billing_phone_digits" => Field::PhoneDigits,
        "attribute_words" => Field::AttributeWords,
        _ => return None,
    })
}

/// What fills one column of the row: a field, or the sort key of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Plain(Field),
    Key(Field),
}

/// The row's columns (for `COPY`) and what fills each, or `None` when a column is one
/// this module does not know.
fn plan() -> Option<(Vec<&'static str>, Vec<Slot>)> {
    let columns = index::row_columns();
    let slots = columns
        .iter()
        .map(
            |name| match sort_key::KEYED.iter().find(|(_, key)| key == name) {
                Some((column, _)) => field(column.index_column()).map(Slot::Key),
                None => field(name).map(Slot::Plain),
            },
        )
        .collect::<Option<Vec<_>>>()?;
    Some((columns, slots))
}

/// `COPY customer_grid_flat (…) FROM STDIN`, with the `search` column last if `search`;
/// `None` when the rows cannot be written here (see [`plan`]).
pub(super) fn copy_sql(search: bool) -> Option<String> {
    let (mut columns, _) = plan()?;
    if search {
        columns.push("search");
    }
    Some(format!(
        "COPY customer_grid_flat ({}) FROM STDIN",
        columns.join(", ")
    ))
}

/// The fields whose text the `search` words are read from, in the trigger's order
/// (migration 0034).
const SEARCHED: &[Field] = &[
    Field::Name,
    Field::Email,
    Field::Taxvat,
    Field::Billing(Part::Full),
    Field::Shipping(Part::Full),
    Field::Billing(Part::Telephone),
    Field::PhoneDigits,
    Field::Billing(Part::Company),
    Field::Billing(Part::VatId),
    Field::AttributeWords,
];

/// The characters the trigger's regular expression turns into spaces.
const PUNCTUATION: &str = ".@_+()/,'’&#:;!?\"<>{}|\\*%$=~^`[]-";

/// Longest word, most words and most repeats of one word written here (far above a
/// seeded row's; PostgreSQL skips words over 2,047 bytes, stops counting positions at
/// 16,383 and keeps 256 of one word's).
const MAX_WORD: usize = 200;
const MAX_WORDS: usize = 2_000;
const MAX_REPEATS: usize = 200;

/// The `search` words of a row in `tsvector` text (`'word':1,3 'other':2`), or `None`
/// where this could read them differently from `to_tsvector` (see the module's notes).
///
/// `texts` are the values of [`SEARCHED`], in its order.
fn search_words<'a>(texts: impl Iterator<Item = Option<&'a str>>) -> Option<String> {
    let mut text = String::new();
    for (i, value) in texts.enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(value.unwrap_or_default());
    }
    let mut plain = String::with_capacity(text.len());
    for ch in fold_text(&text).chars() {
        match ch {
            'a'..='z' | '0'..='9' | ' ' => plain.push(ch),
            _ if PUNCTUATION.contains(ch) => plain.push(' '),
            _ => return None,
        }
    }
    // Each word with its position, in PostgreSQL's order (bytes, a prefix first): its
    // parser sorts the words it reads, and a list already in order costs it one
    // comparison a word.
    let mut words: Vec<(&str, usize)> = Vec::new();
    for (i, word) in plain.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if word.len() > MAX_WORD || i >= MAX_WORDS {
            return None;
        }
        words.push((word, i + 1));
    }
    words.sort_unstable_by(|(a, i), (b, j)| a.as_bytes().cmp(b.as_bytes()).then(i.cmp(j)));
    let mut out = String::with_capacity(plain.len() * 2);
    let mut repeats = 0;
    let mut positions = itoa::Buffer::new();
    for (i, (word, position)) in words.iter().enumerate() {
        if i > 0 && words[i - 1].0 == *word {
            repeats += 1;
            if repeats >= MAX_REPEATS {
                return None;
            }
            out.push(',');
        } else {
            repeats = 0;
            out.push_str(if i > 0 { " '" } else { "'" });
            out.push_str(word);
            out.push_str("':");
        }
        out.push_str(positions.format(*position));
    }
    Some(out)
}

enum Value {
    Int(Option<i64>),
    Text(Option<String>),
}

fn value(field: Field, c: &NewCustomer, b: Option<&NewAddress>, s: Option<&NewAddress>) -> Value {
    use Value::{Int, Text};
    let text = |v: &str| Text(Some(v.to_string()));
    match field {
        Field::EntityId => Int(Some(c.id)),
        // trim() in SQL takes off spaces only.
        Field::Name => text(format!("{} {}", c.firstname, c.lastname).trim_matches(' ')),
        Field::Email => text(&c.email),
        Field::GroupId => Int(Some(c.group_id)),
        Field::CreatedAt => Int(Some(c.created_at)),
        Field::WebsiteId => Int(Some(c.website_id)),
        Field::ConfirmationPending => Int(Some(i64::from(c.confirmation.is_some()))),
        Field::CreatedIn => text(&c.created_in),
        Field::Dob => Text(c.dob.clone()),
        Field::Gender => Int(c.gender),
        Field::Taxvat => Text(c.taxvat.clone()),
        Field::LockExpires => Int(c.lock_expires),
        Field::Billing(part) => Text(b.and_then(|a| address_part(a, part))),
        Field::Shipping(part) => Text(s.and_then(|a| address_part(a, part))),
        Field::PhoneDigits => Text(b.map(|a| {
            a.telephone
                .chars()
                .filter(|ch| !matches!(ch, ' ' | '-' | '(' | ')' | '.' | '/' | '+'))
                .collect()
        })),
        Field::AttributeWords => Text(None),
    }
}

fn address_part(a: &NewAddress, part: Part) -> Option<String> {
    let street = || a.street.replace('\n', ", ");
    Some(match part {
        Part::Full => format!(
            "{}, {}, {} {}, {}",
            street(),
            a.city,
            a.region,
            a.postcode,
            a.country_id
        ),
        Part::Street => street(),
        Part::City => a.city.clone(),
        Part::Region => a.region.clone(),
        Part::Postcode => a.postcode.clone(),
        Part::Country => a.country_id.clone(),
        Part::Telephone => a.telephone.clone(),
        Part::Fax | Part::VatId => return None,
        Part::Company => return a.company.clone(),
        Part::Firstname => a.firstname.clone(),
        Part::Lastname => a.lastname.clone(),
    })
}

/// The sort key of a value, if this fold gives the one PostgreSQL's does: after the
/// table's letters, only ASCII is left for `lower` (checked by [`sample_agrees`]).
fn key(value: &Value) -> Option<String> {
    match value {
        Value::Text(Some(text)) => Some(fold_text(text)).filter(|k| k.is_ascii()),
        Value::Text(None) => Some(String::new()),
        // No number has a key.
        Value::Int(_) => None,
    }
}

/// The grid rows of `customers` (whose addresses are `addresses`, in id order) in COPY
/// text, and the ids of the customers whose rows are left to the SQL. `None` when the
/// rows cannot be written here at all (see [`plan`]).
pub(super) fn grid_copy(
    customers: &[NewCustomer],
    addresses: &[NewAddress],
    search: bool,
) -> Option<(String, Vec<i64>)> {
    let (_, slots) = plan()?;
    // Where a key's value, and each of the search words' values, is in the row (every
    // one of them is a column of its own).
    let plain = |field: Field| slots.iter().position(|s| *s == Slot::Plain(field));
    let keyed: Vec<Option<usize>> = slots
        .iter()
        .map(|slot| match slot {
            Slot::Key(field) => plain(*field),
            Slot::Plain(_) => None,
        })
        .collect();
    let searched = SEARCHED
        .iter()
        .map(|f| plain(*f))
        .collect::<Option<Vec<_>>>()?;
    let address = |id: Option<i64>| {
        let id = id?;
        addresses
            .binary_search_by_key(&id, |a| a.id)
            .ok()
            .map(|i| &addresses[i])
    };
    let mut out = CopyRows::with_capacity(customers.len() * 700);
    let mut left = Vec::new();
    let mut row = Vec::with_capacity(slots.len());
    'customers: for c in customers {
        let (b, s) = (address(c.default_billing), address(c.default_shipping));
        row.clear();
        for (i, slot) in slots.iter().enumerate() {
            row.push(match (*slot, keyed[i]) {
                (Slot::Plain(field), _) => value(field, c, b, s),
                (Slot::Key(field), at) => {
                    let folded = match at {
                        Some(at) if at < i => key(&row[at]),
                        _ => key(&value(field, c, b, s)),
                    };
                    match folded {
                        Some(k) => Value::Text(Some(k)),
                        None => {
                            left.push(c.id);
                            continue 'customers;
                        }
                    }
                }
            });
        }
        for v in &row {
            match v {
                Value::Int(i) => out.opt_int(*i),
                Value::Text(t) => out.opt_text(t.as_deref()),
            };
        }
        if search {
            let texts = searched.iter().map(|&at| match &row[at] {
                Value::Text(t) => t.as_deref(),
                Value::Int(_) => None,
            });
            out.opt_text(search_words(texts).as_deref());
        }
        out.end_row();
    }
    Some((out.into_text(), left))
}

/// Text whose fold in the database says whether its `lower` is this fold's: every ASCII
/// letter and every letter of the fold's table.
pub(super) fn sample() -> String {
    let mut text: String = ('A'..='Z').chain('a'..='z').collect();
    for (from, _) in sort_key::FOLD {
        text.push_str(from);
    }
    text
}

/// Whether the database folded [`sample`] to `folded` (its sort-key fold, or `lower` of
/// its `unaccent` for the `search` words), as this module does.
pub(super) fn sample_agrees(folded: &str) -> bool {
    fold_text(&sample()) == folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_a_grid_row_is_written_here() {
        let (columns, slots) = plan().expect("a column the seed cannot write");
        assert_eq!(columns.len(), slots.len());
        for field in SEARCHED {
            assert!(slots.contains(&Slot::Plain(*field)), "{field:?}");
        }
        assert_eq!(columns[0], "entity_id");
        assert!(copy_sql(false).unwrap().contains("name_key"));
        assert!(copy_sql(true).unwrap().ends_with(", search) FROM STDIN"));
    }

    fn customer(firstname: &str, lastname: &str, email: &str) -> NewCustomer {
        NewCustomer {
            id: 7,
            website_id: 1,
            email: email.into(),
            group_id: 1,
            store_id: 1,
            created_in: "Default Store View".into(),
            created_at: 0,
            firstname: firstname.into(),
            lastname: lastname.into(),
            dob: None,
            default_billing: None,
            default_shipping: None,
            taxvat: Some("DE123".into()),
            confirmation: None,
            gender: None,
            lock_expires: None,
            failures_num: 0,
        }
    }

    #[test]
    fn search_words_are_written_only_where_they_read_as_to_tsvector_reads_them() {
        let words = |c: &NewCustomer| {
            let values: Vec<Value> = SEARCHED.iter().map(|f| value(*f, c, None, None)).collect();
            search_words(values.iter().map(|v| match v {
                Value::Text(t) => t.as_deref(),
                Value::Int(_) => None,
            }))
        };
        assert_eq!(
            words(&customer("Zoë", "Lee-Lee", "zoe.lee+7@exämple.com")).as_deref(),
            Some("'7':6 'com':8 'de123':9 'example':7 'lee':2,3,5 'zoe':1,4")
        );
        // Letters outside the fold's table, and signs the punctuation leaves: the
        // trigger's.
        assert_eq!(words(&customer("Ωmega", "Lee", "o@example.com")), None);
        assert_eq!(words(&customer("Zoë", "Lee ©", "z@example.com")), None);
        assert_eq!(words(&customer("Zoë", "Lee\tTab", "z@example.com")), None);
    }

    #[test]
    fn a_key_left_with_a_letter_outside_the_table_is_left_to_the_database() {
        assert_eq!(
            key(&Value::Text(Some("Élodie".into()))).as_deref(),
            Some("elodie")
        );
        assert_eq!(key(&Value::Text(None)).as_deref(), Some(""));
        assert_eq!(key(&Value::Text(Some("Ωmega".into()))), None);
        // Every letter of the sample folds to a lower-case ASCII letter here, so the
        // database's fold of it shows where its `lower` differs.
        let folded = fold_text(&sample());
        assert!(folded.bytes().all(|b| b.is_ascii_lowercase()), "{folded}");
        assert!(!sample_agrees(&folded.replace('i', "ı")));
    }
}
