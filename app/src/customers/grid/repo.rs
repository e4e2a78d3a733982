//! SQL of the All Customers grid over the grid index.
//!
//! A page costs two statements whatever its size: the exact count and the page itself.
//! Filters, sort and search are typed ([`GridQuery`]); each maps to a fixed SQL fragment
//! with bound values. Pages are found through indexes (`ORDER BY` an indexed column, then
//! the id) in a sub-select that reads only ids, so a deep page does not fetch the rows it
//! skips.

use super::model::{Column, Dir, GridRow, Selection, ValidFilter, ValidQuery};
use crate::attributes::model::{InputType, MatchType};
use crate::db::sql::{bind, Value};
use crate::db::{Backend, Db, Sql};
use sqlx::Row as _;

/// How a term on a set of customer ids begins ([`Condition::sets`]).
const SET_TERM: &str = "entity_id IN (";

/// At most this many words of a keyword search are used.
const MAX_SEARCH_WORDS: usize = 16;
/// The deepest page offset accepted (keeps `page × size` far from overflow).
const MAX_OFFSET: u64 = 100_000_000;

/// A `WHERE` condition and its values: terms joined with `AND`.
#[derive(Clone, Debug, Default)]
pub struct Condition {
    sql: Sql,
    /// Whether a column filter is "contains" text, whose selectivity the PostgreSQL
    /// planner can only guess.
    contains: bool,
    /// How many terms are joined.
    terms: usize,
    /// The terms that are `entity_id IN (<set>)`, the set read from an index alone
    /// (keyword search and a trigram "contains" on SQLite, custom attributes' filters):
    /// where each `<set>` is in the text. A set is a query of customer ids (`entity_id`),
    /// each at most once.
    sets: Vec<std::ops::Range<usize>>,
    /// A filter on one option of a Dropdown or Multiple Select: `(attribute, option)`.
    option: Option<(i64, i64)>,
    /// A filter on one customer group.
    group: Option<i64>,
    /// Where the text has the email column of an email "contains" matched with `LIKE`
    /// (PostgreSQL's [`Condition::email_walked`]).
    email_at: Option<usize>,
    /// Where the text has the placeholders of the "contains" patterns a PostgreSQL
    /// trigram index answers (email and name, [`has_trigram`]):
    /// [`Condition::patterns_unseen`].
    patterns: Vec<std::ops::Range<usize>>,
}

impl Condition {
    /// Begin another term.
    fn and(&mut self) -> &mut Sql {
        if !self.sql.is_empty() {
            self.sql.push(" AND ");
        }
        self.terms += 1;
        &mut self.sql
    }

    /// Add `entity_id IN (…)` (or `NOT IN` with `negate`) for these ids.
    pub fn push_ids(&mut self, negate: bool, ids: &[i64]) {
        let not = if negate { "NOT " } else { "" };
        self.and()
            .push("entity_id ")
            .push(not)
            .push("IN (")
            .push_binds(ids.iter().copied())
            .push(")");
    }

    /// Begin a term `entity_id IN (<set>)` ([`Condition::sets`]); the set's SQL follows
    /// from the returned offset, and [`Condition::end_set`] closes it.
    fn begin_set(&mut self) -> usize {
        self.and().push(SET_TERM);
        self.sql.text().len()
    }

    /// Close the set begun at `start`.
    fn end_set(&mut self, start: usize) {
        let end = self.sql.text().len();
        self.sql.push(")");
        self.sets.push(start..end);
    }

    /// Whether there are terms and every one is a set.
    fn only_of_sets(&self) -> bool {
        !self.sets.is_empty() && self.terms == self.sets.len()
    }

    /// The condition with every term written `+entity_id IN (<set>)`, when every term is
    /// a set. SQLite then cannot find the rows by id through the sets, so it walks the
    /// sort's index in order (reading the index alone) and looks each id up in the sets,
    /// which it reads once.
    fn walked(&self) -> Option<String> {
        if !self.only_of_sets() {
            return None;
        }
        let mut text = self.sql.text().to_string();
        for set in self.sets.iter().rev() {
            text.insert(set.start - SET_TERM.len(), '+');
        }
        Some(text)
    }

    /// On PostgreSQL, when the only term is an email "contains": the condition with the
    /// email written `(email || '')`, which the trigram index cannot answer. The planner
    /// then walks the name sort's index, which carries the email (migration 0032), and
    /// matches each entry's email there without reading the table.
    fn email_walked(&self) -> Option<String> {
        let at = self.email_at.filter(|_| self.terms == 1)?;
        let text = self.sql.text();
        let column = Column::Email.index_column();
        Some(format!(
            "{}({column} || ''){}",
            &text[..at],
            &text[at + column.len()..]
        ))
    }

    /// Bind a `LIKE` pattern and its `ESCAPE '\'`; `unseen`: one of the
    /// [`Condition::patterns`].
    fn push_pattern(&mut self, pattern: String, unseen: bool) {
        let at = self.sql.text().len();
        self.sql.push_bind(pattern);
        if unseen {
            self.patterns.push(at..self.sql.text().len());
        }
        self.sql.push(" ESCAPE '\\'");
    }

    /// On PostgreSQL, the condition with each trigram-indexed "contains" pattern bound as
    /// `(SELECT $n)`, a value the planner does not see when it plans: it estimates such a
    /// filter at its default share of rows and finds the matches through the trigram
    /// index. Seeing the value, it estimates from the column's statistics, which for a
    /// surname inside emails can be several times the matches (at 1M customers, email
    /// contains "muller": 37,878 estimated, 5,572 found), and then reads the whole name
    /// index instead, for the email it carries (79 ms against 9.8 ms).
    fn patterns_unseen(&self) -> String {
        let text = self.text();
        let mut out = String::with_capacity(text.len() + 16 * self.patterns.len());
        let mut from = 0;
        for range in &self.patterns {
            out.push_str(&text[from..range.start]);
            out.push_str("(SELECT CAST(");
            out.push_str(&text[range.clone()]);
            out.push_str(" AS TEXT))");
            from = range.end;
        }
        out.push_str(&text[from..]);
        out
    }

    /// When every term is a set: the customers matching them all, as one query
    /// (`INTERSECT`) of the same placeholders. Sets hold customer ids once each, and every
    /// customer has a grid row, so the grid itself need not be read.
    fn only_sets(&self) -> Option<String> {
        if !self.only_of_sets() {
            return None;
        }
        // Each set in its own sub-select: a set may be a `UNION`, and compound
        // operators in one statement would apply left to right.
        let sets: Vec<String> = self
            .sets
            .iter()
            .enumerate()
            .map(|(i, range)| {
                format!(
                    "SELECT entity_id FROM ({}) AS s{i}",
                    &self.sql.text()[range.clone()]
                )
            })
            .collect();
        Some(sets.join(" INTERSECT "))
    }

    /// The condition, or a condition that is always true.
    pub fn text(&self) -> &str {
        if self.sql.is_empty() {
            "1 = 1"
        } else {
            self.sql.text()
        }
    }

    /// The values of the condition's placeholders (`$1…$n`), in order.
    pub fn values(&self) -> &[Value] {
        self.sql.values()
    }
}

/// The words of a keyword search, lower-cased: runs of letters and digits, as both
/// full-text indexes split text.
pub fn search_words(search: &str) -> Vec<String> {
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    // A word is letters and digits only, split where SQLite's unicode61 tokenizer splits:
    // a combining mark (a Devanagari vowel sign, an Arabic small high yeh) ends a token
    // there, and a multi-token "word" would be a phrase the index cannot answer.
    let word_char = |c: char| {
        matches!(
            c.general_category_group(),
            GeneralCategoryGroup::Letter | GeneralCategoryGroup::Number
        )
    };
    search
        .split(|c: char| !word_char(c))
        .filter(|w| !w.is_empty())
        .take(MAX_SEARCH_WORDS)
        .map(str::to_lowercase)
        .collect()
}

/// The words of a keyword search, each with whether it matches as a prefix. Every word
/// is a whole word, as in Magento's full-text search, except the last while it is still
/// being typed (the search does not end in a space or punctuation): "king love" finds
/// Lovelace. A prefix of a common word ("example"…) merges the lists of every word it
/// starts, which is what made a pasted email slow (measured at 1M customers: 80 ms with
/// every word a prefix, under 20 ms so).
pub fn search_terms(search: &str) -> Terms {
    let words = search_words(search);
    let typing = search.chars().last().is_some_and(char::is_alphanumeric);
    let last = words.len().saturating_sub(1);
    words
        .into_iter()
        .enumerate()
        .map(|(i, w)| (w, typing && i == last))
        .collect()
}

pub use crate::db::sql::contains_pattern;

/// How a keyword search is written, decided before its SQL ([`search_plan`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SearchPlan {
    /// The search is an email: the customers holding its words before the `@` are found
    /// through the index, and the domain's words checked on them alone
    /// ([`email_parts`]).
    pub local_first: bool,
}

/// Words of a search, each with whether it matches as a prefix ([`search_terms`]).
pub type Terms = Vec<(String, bool)>;

/// On SQLite, at most this many customers matching an email's words before its `@` are
/// checked for its domain's words one by one ([`SearchPlan::local_first`]).
const LOCAL_FIRST_UP_TO: i64 = 64;

/// A keyword search that is an email, split at its first `@`: the whole words before it,
/// and the words after it (a last one being typed is a prefix). `None` without words on
/// both sides.
///
/// The domain's words are the commonest of all ("example", "gmail", "com"): through the
/// index the search walks their lists, two thirds of a million customers each, beside
/// the few the name and number hold. Measured at a million customers, counting
/// `patricia.garcia.245@example.com`: SQLite 4.18 ms with "example" through the index,
/// 0.46 ms for the words before the `@` and 0.05 ms more to check the domain on the one
/// customer found; PostgreSQL 4.18 ms against 0.96 (`cooper.white.5000@example.com.au`:
/// 3.07 against 0.39). On SQLite each check is a look-up in the index: with a common
/// word before the `@` (`smith@example.com`) the customers to check are thousands (400
/// ms against 12), hence [`search_plan`]'s count first. PostgreSQL checks the words on
/// the rows it reads anyway (`smith@example.com`: 23–25 ms either way).
pub fn email_parts(search: &str) -> Option<(Terms, Terms)> {
    let at = search.find('@')?;
    let local = search_words(&search[..at]);
    let mut all = search_terms(search);
    if local.is_empty() || all.len() <= local.len() {
        return None;
    }
    let domain = all.split_off(local.len());
    Some((all, domain))
}

/// The plan of a search ([`SearchPlan`]). An email is searched from the words before its
/// `@` on PostgreSQL, and on SQLite where they match at most [`LOCAL_FIRST_UP_TO`]
/// customers, which one statement counts ([`email_parts`] says why). No statement for
/// any other search.
pub async fn search_plan<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    backend: Backend,
    q: &ValidQuery,
) -> Result<SearchPlan, sqlx::Error> {
    let Some((local, _)) = email_parts(&q.search) else {
        return Ok(SearchPlan::default());
    };
    if backend == Backend::Postgres {
        return Ok(SearchPlan { local_first: true });
    }
    let mut sql = Sql::default();
    sql.push("SELECT COUNT(*) AS n FROM (SELECT rowid FROM customer_grid_fts WHERE customer_grid_fts MATCH ")
        .push_bind(fts_expr(&local))
        .push(&format!(" LIMIT {}) AS p", LOCAL_FIRST_UP_TO + 1));
    let n: i64 = bind(
        sqlx::query(sqlx::AssertSqlSafe(sql.text().to_string())),
        sql.values(),
    )
    .fetch_one(exec)
    .await?
    .try_get("n")?;
    Ok(SearchPlan {
        local_first: n <= LOCAL_FIRST_UP_TO,
    })
}

/// An FTS5 query matching every word (each a prefix where marked).
fn fts_expr(words: &[(String, bool)]) -> String {
    words
        .iter()
        .map(|(w, prefix)| fts_term(w, *prefix))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// An FTS5 query term for a search word (letters and digits only, so it needs no
/// escaping): the word, or with `prefix` every word it starts.
fn fts_term(word: &str, prefix: bool) -> String {
    format!("\"{word}\"{}", if prefix { "*" } else { "" })
}

/// `to_tsquery(…)` matching every word, each a prefix where marked. Each word is
/// unaccented, then quoted as one lexeme: unaccent can turn a letter into tsquery syntax
/// (`ŉ` → `'n`, `⑴` → `(1)`, `ː` → `:`), which to_tsquery would otherwise read as
/// operators and fail on.
fn push_tsquery(sql: &mut Sql, words: &[(String, bool)]) {
    sql.push("to_tsquery('simple', ");
    for (i, (word, prefix)) in words.iter().enumerate() {
        if i > 0 {
            sql.push(" || ' & ' || ");
        }
        sql.push("quote_literal(clientele_unaccent(")
            .push_bind(word.as_str())
            .push("))");
        if *prefix {
            sql.push(" || ':*'");
        }
    }
    sql.push(")");
}

/// How the custom attributes marked "Use in Filter Options" (and shown as columns) are
/// filtered, by attribute id: where their values are and the match type of a text.
/// A filter on any other custom attribute (deleted, or no longer filterable) is ignored.
#[derive(Clone, Debug, Default)]
pub struct CustomFilters {
    /// By attribute id: the input type and the match type of a text.
    pub filters: std::collections::BTreeMap<i64, (InputType, MatchType)>,
}

/// Values of an attribute id past this are left out of SQLite's value indexes, the
/// trigram (migration 0025) and the word index (0026), whose rowids hold the id in 24 bits.
const INDEXED_ATTRIBUTES: i64 = 1 << 24;

/// How a term on custom attribute values is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// `entity_id IN (<set>)`: the set is read once, through the value tables' indexes.
    Set,
    /// `EXISTS (…)` for each grid row: for a page on SQLite when many customers match,
    /// where reading a quarter of a million ids before the first row took 64 ms and
    /// probing the rows in the sort's order takes under one.
    Probe,
}

/// The term for the customers whose value of custom attribute `attribute` passes
/// `filter`, read through the value tables' indexes (migrations 0024, 0025).
fn push_custom(
    cond: &mut Condition,
    attribute: i64,
    (input, match_type): (InputType, MatchType),
    filter: &ValidFilter,
    backend: Backend,
    shape: Shape,
) {
    let table = crate::attributes::repo::table(
        crate::attributes::model::EntityType::Customer,
        input.backend(),
    );
    if matches!(filter, ValidFilter::Contains(_)) {
        cond.contains = true;
    }
    let set_start = match shape {
        Shape::Set => Some(cond.begin_set()),
        Shape::Probe => {
            cond.and().push("EXISTS (");
            None
        }
    };
    let sql = &mut cond.sql;
    let trigram = backend == Backend::Sqlite
        && attribute < INDEXED_ATTRIBUTES
        && matches!(filter, ValidFilter::Contains(text) if text.chars().count() >= 3);
    match filter {
        ValidFilter::Contains(text) if trigram => {
            // A phrase of trigrams: the values holding the text, case ignored in every
            // alphabet, from the index alone (rowids: migration 0025). "Starts with"
            // and "equals" check the candidates' values too.
            let phrase = format!("\"{}\"", text.replace('"', "\"\""));
            let matches = |sql: &mut Sql| {
                sql.push("SELECT rowid >> 24 AS entity_id FROM customer_value_trigram WHERE customer_value_trigram MATCH ")
                    .push_bind(phrase.clone())
                    .push(" AND (rowid & 16777215) = ")
                    .push_bind(attribute);
            };
            match (match_type, shape) {
                (MatchType::Partial, Shape::Set) => matches(sql),
                (MatchType::Partial, Shape::Probe) => {
                    sql.push("SELECT 1 WHERE customer_grid_flat.entity_id IN (");
                    matches(sql);
                    sql.push(")");
                }
                _ => {
                    let pattern = like_pattern(text, match_type);
                    sql.push(if shape == Shape::Set {
                        "SELECT v.entity_id"
                    } else {
                        "SELECT 1"
                    })
                    .push(" FROM ")
                    .push(table)
                    // `+`: the candidates are found by id, not by reading the
                    // attribute's every value in the value index.
                    .push(" v WHERE +v.attribute_id = ")
                    .push_bind(attribute)
                    .push(" AND v.value LIKE ")
                    .push_bind(pattern)
                    .push(" ESCAPE '\\' AND v.entity_id IN (");
                    matches(sql);
                    sql.push(")");
                    if shape == Shape::Probe {
                        sql.push(" AND v.entity_id = customer_grid_flat.entity_id");
                    }
                }
            }
        }
        _ => {
            match shape {
                Shape::Set => sql.push("SELECT v.entity_id FROM "),
                Shape::Probe => sql.push("SELECT 1 FROM "),
            };
            sql.push(table).push(" v WHERE ");
            if shape == Shape::Probe {
                sql.push("v.entity_id = customer_grid_flat.entity_id AND ");
            }
            sql.push("v.attribute_id = ").push_bind(attribute);
            push_value_test(sql, input, match_type, filter, backend);
        }
    }
    match set_start {
        Some(start) => cond.end_set(start),
        None => {
            sql.push(")");
        }
    }
    if let (ValidFilter::Id(option), crate::attributes::model::Backend::Option) =
        (filter, input.backend())
    {
        cond.option = Some((attribute, *option));
    }
}

/// The `LIKE` pattern (escaped with `\`) of a custom text filter's match type.
fn like_pattern(text: &str, match_type: MatchType) -> String {
    let literal = crate::db::sql::like_literal(text);
    match match_type {
        MatchType::Partial => format!("%{literal}%"),
        MatchType::Prefix => format!("{literal}%"),
        MatchType::Full => literal,
    }
}

/// ` AND …`: the test of a custom attribute's value (`v`) for `filter`.
pub(crate) fn push_value_test(
    sql: &mut Sql,
    input: InputType,
    match_type: MatchType,
    filter: &ValidFilter,
    backend: Backend,
) {
    use crate::attributes::model::Backend as Values;
    match filter {
        ValidFilter::Contains(text) => {
            let pattern = like_pattern(text, match_type);
            let op = match backend {
                Backend::Sqlite => "LIKE",
                Backend::Postgres => "ILIKE",
            };
            sql.push(" AND v.value ")
                .push(op)
                .push(" ")
                .push_bind(pattern)
                .push(" ESCAPE '\\'");
        }
        ValidFilter::Days { from, to } => {
            if let Some(f) = from {
                sql.push(" AND v.value >= ")
                    .push_bind(crate::dates::iso_date(*f));
            }
            if let Some(t) = to {
                sql.push(" AND v.value <= ")
                    .push_bind(crate::dates::iso_date(*t));
            }
        }
        ValidFilter::Id(id) if input.backend() == Values::Option => {
            sql.push(" AND v.option_id = ").push_bind(*id);
        }
        // Yes (1) or No (0).
        ValidFilter::Id(id) => {
            sql.push(" AND v.value = ").push_bind(id.to_string());
        }
        // No other filter fits a custom column.
        ValidFilter::Ids { .. } | ValidFilter::Country(_) => {
            sql.push(" AND 1 = 0");
        }
    }
}

/// The condition for a checked query's search and filters (`custom`: the filterable
/// custom attributes; `plan`: [`search_plan`]'s for the query).
pub fn condition(
    q: &ValidQuery,
    backend: Backend,
    custom: &CustomFilters,
    plan: SearchPlan,
) -> Condition {
    build(q, backend, custom, plan, Shape::Set)
}

/// The condition finding a page of the `matching` rows: as [`condition`], but on SQLite
/// with many matches a custom attribute's filter is checked row by row in the sort's
/// order ([`Shape::Probe`]).
pub fn page_condition(
    q: &ValidQuery,
    backend: Backend,
    custom: &CustomFilters,
    plan: SearchPlan,
    matching: u64,
) -> Condition {
    let shape = if backend == Backend::Sqlite && matching > SORT_MATCHES_UP_TO {
        Shape::Probe
    } else {
        Shape::Set
    };
    build(q, backend, custom, plan, shape)
}

fn build(
    q: &ValidQuery,
    backend: Backend,
    custom: &CustomFilters,
    plan: SearchPlan,
    shape: Shape,
) -> Condition {
    let mut cond = Condition::default();
    if !q.search.trim().is_empty() {
        let words = search_terms(&q.search);
        let email = email_parts(&q.search).filter(|_| plan.local_first);
        if words.is_empty() {
            // Only punctuation: no word can match.
            cond.and().push("1 = 0");
        } else {
            match backend {
                Backend::Sqlite => {
                    // A last word's prefix of up to three letters is read from the
                    // index's own prefix lists (migration 0022), not merged from every
                    // word it starts.
                    // An email ([`SearchPlan::local_first`]) has its domain's words
                    // checked on each customer its words before the `@` find.
                    let (matched, checked) = match email {
                        Some((local, domain)) => (local, Some(domain)),
                        None => (words, None),
                    };
                    let set = cond.begin_set();
                    cond.sql
                        .push("SELECT rowid AS entity_id FROM customer_grid_fts AS f WHERE customer_grid_fts MATCH ")
                        .push_bind(fts_expr(&matched));
                    if let Some(domain) = checked {
                        cond.sql
                            .push(" AND rowid IN (SELECT rowid FROM customer_grid_fts WHERE customer_grid_fts MATCH ")
                            .push_bind(fts_expr(&domain))
                            .push(" AND rowid = f.rowid)");
                    }
                    cond.end_set(set);
                }
                Backend::Postgres => {
                    // A prefix matches every word it starts, and through the index that
                    // merges all their lists. After an email's "@" the prefix is a domain
                    // or its ending ("gmail", "com", "fr"), which most rows hold: 35–45 ms
                    // at a million customers for a pasted email. There the whole words
                    // narrow through the index and the prefix is checked on those rows
                    // alone (under 1 ms) with `@@~`, which the planner estimates as `@@`
                    // but does not take to the index (migration 0022). Elsewhere the prefix
                    // stays in the index: checking a phone number's last digits on every
                    // row holding its first group measured 33 ms against 1.3 ms.
                    // An email ([`SearchPlan::local_first`], always on PostgreSQL) has all
                    // its domain's words checked so.
                    let (indexed, checked) = match email {
                        Some(parts) => parts,
                        None => {
                            let (whole, prefix): (Terms, Terms) =
                                words.into_iter().partition(|(_, prefix)| !prefix);
                            if whole.is_empty() || !q.search.contains('@') {
                                (whole.into_iter().chain(prefix).collect(), Vec::new())
                            } else {
                                (whole, prefix)
                            }
                        }
                    };
                    push_tsquery(cond.and().push("search @@ "), &indexed);
                    if !checked.is_empty() {
                        push_tsquery(cond.and().push("search @@~ "), &checked);
                    }
                }
            }
        }
    }
    for (column, filter) in &q.filters {
        let column = *column;
        if let Column::Custom(c) = column {
            if let Some(rule) = custom.filters.get(&c.attribute_id) {
                push_custom(&mut cond, c.attribute_id, *rule, filter, backend, shape);
            }
            continue;
        }
        let col = column.index_column();
        match filter {
            ValidFilter::Contains(text) => {
                cond.contains = true;
                let trigram = backend == Backend::Sqlite
                    && matches!(column, Column::Name | Column::Email)
                    && text.chars().count() >= 3;
                if trigram {
                    // A phrase of trigrams is exactly "contains" (case-insensitive), read
                    // from the index alone; `LIKE` through the same index rechecks every
                    // candidate row (measured at 1M: 6 ms vs 39 ms for a common surname).
                    // Inside the phrase only `"` is special; `%` and `_` are plain text.
                    let set = cond.begin_set();
                    cond.sql
                        .push("SELECT rowid AS entity_id FROM customer_grid_trigram WHERE customer_grid_trigram MATCH ")
                        .push_bind(format!("{col} : \"{}\"", text.replace('"', "\"\"")));
                    cond.end_set(set);
                } else if column == Column::Email {
                    // Emails are stored lower-cased (`domain::Email`), so the lower-cased
                    // text is matched as it is: on PostgreSQL `LIKE` rechecks each trigram
                    // candidate at two thirds of `ILIKE`'s cost (measured at 1M customers,
                    // "smith", 17,389 matches: 27.6 → 18.5 ms).
                    cond.and();
                    cond.email_at = Some(cond.sql.text().len());
                    cond.sql.push(col).push(" LIKE ");
                    cond.push_pattern(contains_pattern(&text.to_lowercase()), has_trigram(text));
                } else {
                    let op = match backend {
                        Backend::Sqlite => "LIKE",
                        Backend::Postgres => "ILIKE",
                    };
                    cond.and().push(col).push(" ").push(op).push(" ");
                    cond.push_pattern(
                        contains_pattern(text),
                        column == Column::Name && has_trigram(text),
                    );
                }
            }
            ValidFilter::Ids { from, to } => {
                if let Some(f) = from {
                    cond.and().push(col).push(" >= ").push_bind(*f);
                }
                if let Some(t) = to {
                    cond.and().push(col).push(" <= ").push_bind(*t);
                }
            }
            ValidFilter::Days { from, to } => {
                if column == Column::CustomerSince {
                    // Whole days, UTC: from 00:00:00 of `from` to 23:59:59 of `to`.
                    if let Some(f) = from {
                        cond.and().push(col).push(" >= ").push_bind(f * 86_400);
                    }
                    if let Some(t) = to {
                        cond.and().push(col).push(" < ").push_bind((t + 1) * 86_400);
                    }
                } else {
                    // Dates of birth are stored as YYYY-MM-DD, which sorts as text.
                    let iso = crate::dates::iso_date;
                    if let Some(f) = from {
                        cond.and().push(col).push(" >= ").push_bind(iso(*f));
                    }
                    if let Some(t) = to {
                        cond.and().push(col).push(" <= ").push_bind(iso(*t));
                    }
                }
            }
            ValidFilter::Id(id) => {
                if column == Column::Group {
                    cond.group = Some(*id);
                }
                cond.and().push(col).push(" = ").push_bind(*id);
            }
            ValidFilter::Country(code) => {
                cond.and().push(col).push(" = ").push_bind(code.as_str());
            }
        }
    }
    cond
}

/// Whether a "contains" text has three letters or digits in a row, so that a trigram
/// index narrows its matches. Without (`...`, `@.`), the index would hand every row to be
/// checked, which a planner that sees the text avoids ([`Condition::patterns_unseen`]).
fn has_trigram(text: &str) -> bool {
    let mut run = 0;
    text.chars().any(|c| {
        run = if c.is_alphanumeric() { run + 1 } else { 0 };
        run >= 3
    })
}

/// `ORDER BY` for the query: the sort column, then the id as a tie-breaker. Text columns
/// sort by their accent- and case-insensitive key ("Élodie" with the E's); empty values
/// come first going up and last going down on both databases (PostgreSQL's default is
/// the reverse; its indexes are built to match). Every sort has its own index.
fn order_by(q: &ValidQuery) -> String {
    let (dir, nulls) = match q.dir {
        Dir::Asc => ("ASC", "NULLS FIRST"),
        Dir::Desc => ("DESC", "NULLS LAST"),
    };
    match q.sort {
        Column::Id => format!("entity_id {dir}"),
        column
            if column.nullable()
                && super::sort_key::sort_column(column) == column.index_column() =>
        {
            format!("{} {dir} {nulls}, entity_id {dir}", column.index_column())
        }
        column => format!(
            "{} {dir}, entity_id {dir}",
            super::sort_key::sort_column(column)
        ),
    }
}

/// The rows a (checked) selection stands for: the search and filters, narrowed to the
/// listed ids or to every matching row but the listed ones.
pub fn selection_condition(
    q: &ValidQuery,
    selection: &Selection,
    backend: Backend,
    custom: &CustomFilters,
    plan: SearchPlan,
) -> Condition {
    let mut cond = condition(q, backend, custom, plan);
    match selection {
        Selection::Ids(ids) => cond.push_ids(false, ids),
        Selection::AllMatching { except } if !except.is_empty() => cond.push_ids(true, except),
        Selection::AllMatching { .. } => {}
    }
    cond
}

/// The exact number of rows matching the search and filters. With neither, or with
/// only a filter on one group or on one option, the number the database keeps (one grid
/// row per customer; migrations 0031 and 0025) instead of counting up to a million rows.
pub async fn count<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    cond: &Condition,
) -> Result<u64, sqlx::Error> {
    let row = if cond.sql.is_empty() {
        // Every customer: the groups' counts summed (migration 0031).
        sqlx::query("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM customer_group_count")
            .fetch_one(exec)
            .await?
    } else if let (1, Some(group)) = (cond.terms, cond.group) {
        // The customers of one group, kept by migration 0031's triggers.
        sqlx::query(
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM customer_group_count
             WHERE group_id = $1",
        )
        .bind(group)
        .fetch_one(exec)
        .await?
    } else if let (1, Some((attribute, option))) = (cond.terms, cond.option) {
        // The customers who chose one option, kept by migration 0025's triggers (an
        // option of another attribute counts nobody, as its filter finds nobody).
        sqlx::query(
            "SELECT CAST(COALESCE(SUM(k.n), 0) AS BIGINT) AS n
             FROM customer_option_count k
             JOIN eav_attribute_option o ON o.option_id = k.option_id
             WHERE k.option_id = $1 AND o.attribute_id = $2",
        )
        .bind(option)
        .bind(attribute)
        .fetch_one(exec)
        .await?
    } else {
        let sql = if let Some(sets) = cond.only_sets() {
            format!("SELECT COUNT(*) AS n FROM ({sets}) AS s")
        } else {
            format!(
                "SELECT COUNT(*) AS n FROM customer_grid_flat WHERE {}",
                cond.text()
            )
        };
        bind(sqlx::query(sqlx::AssertSqlSafe(sql)), cond.values())
            .fetch_one(exec)
            .await?
    };
    Ok(row.try_get::<i64, _>("n")?.max(0) as u64)
}

/// Every column of the index the grid reads, in [`GridRow`]'s field order.
fn row_columns() -> String {
    Column::ALL
        .iter()
        .map(|c| c.index_column())
        .collect::<Vec<_>>()
        .join(", ")
}

/// On PostgreSQL, a "contains" filter matching at most this many rows is answered by
/// sorting the matches rather than by walking the sort's index and skipping the rows
/// that do not match. The planner's estimate of such a filter is a guess, and when the
/// matches sit late in the sort order the walk reads most of the table (measured at 1M
/// customers, email contains "ryan", 9,495 matches sorted by name: 326 ms walking the
/// name index, 75 ms sorting the matches). Keyword search and the other filters keep
/// the planner's choice (measured: sorting their matches made a common surname's page
/// 6 ms → 67 ms at p95), as do more matches, dense enough for the walk. The matches
/// are found with the patterns unseen by the planner ([`Condition::patterns_unseen`]),
/// so through the trigram indexes whatever the statistics say.
pub const SORT_MATCHES_UP_TO: u64 = 20_000;

/// On SQLite, a page of at least this many matches of sets read from indexes (a
/// trigram "contains", keyword search, custom attributes' sets) is found by walking the
/// sort's index and looking each id up in the sets ([`Condition::walked`]), rather than
/// by reading every match's row for its sort key. Measured at 1M customers, email
/// contains a surname, sorted by name: reading the rows costs 1.3 µs a match (43,073
/// matches of "martin": 62 ms), the walk 0.05 µs an index entry, 46 ms for the whole
/// index at worst (no match at all) and 8–19 ms for each of the bench's surnames from
/// 8,000 matches up, although each nationality's surnames cluster in the name order.
pub const WALK_MATCHES_FROM: u64 = 8_000;

/// Whether a page ending at match `end` of `matching`, sorted on `sort`, is found by
/// walking the sort's index: from [`WALK_MATCHES_FROM`] matches, within the first
/// hundredth of them (deeper, the walk reads far more of the index than there are
/// matches), and not in id order, where the sets are read in order already.
fn walks(sort: Column, end: u64, matching: u64) -> bool {
    sort != Column::Id && matching >= WALK_MATCHES_FROM && end.saturating_mul(100) <= matching
}

/// The SQL finding the ids of one page (`page` is 1-based) of the `matching` rows (the
/// count the grid has just taken): through the sort's index; on SQLite by walking that
/// index alone past many matches of index-read sets ([`walks`]); on PostgreSQL by
/// walking the name index alone past many matches of an email "contains" sorted by name
/// ([`Condition::email_walked`]), else by sorting the matches when a "contains" filter
/// is part of a condition matching at most [`SORT_MATCHES_UP_TO`] rows.
pub fn page_ids_sql(
    q: &ValidQuery,
    cond: &Condition,
    page: u32,
    backend: Backend,
    matching: u64,
) -> String {
    let size = u64::from(q.size.max(1));
    let offset = (u64::from(page.max(1)) - 1)
        .saturating_mul(size)
        .min(MAX_OFFSET);
    let order = order_by(q);
    if let Some(sets) = cond.only_sets().filter(|_| q.sort == Column::Id) {
        // Only custom attributes' filters, in id order: the page is read from their
        // sets alone (on PostgreSQL, finding 3,700 matches' grid rows to sort them took
        // 30 ms).
        return format!(
            "SELECT entity_id FROM ({sets}) AS s ORDER BY {order} LIMIT {size} OFFSET {offset}"
        );
    }
    if let Some(walked) = cond
        .walked()
        .filter(|_| backend == Backend::Sqlite && walks(q.sort, offset + size, matching))
    {
        return format!(
            "SELECT entity_id FROM customer_grid_flat WHERE {walked}
             ORDER BY {order} LIMIT {size} OFFSET {offset}"
        );
    }
    if let Some(walked) = cond.email_walked().filter(|_| {
        backend == Backend::Postgres
            && q.sort == Column::Name
            && walks(q.sort, offset + size, matching)
    }) {
        return format!(
            "SELECT entity_id FROM customer_grid_flat WHERE {walked}
             ORDER BY {order} LIMIT {size} OFFSET {offset}"
        );
    }
    if backend == Backend::Postgres && cond.contains && matching <= SORT_MATCHES_UP_TO {
        let sort = super::sort_key::sort_column(q.sort);
        let carried = if sort == "entity_id" {
            String::new()
        } else {
            format!(", {sort}")
        };
        return format!(
            "WITH m AS MATERIALIZED (
                 SELECT entity_id{carried} FROM customer_grid_flat WHERE {})
             SELECT entity_id FROM m ORDER BY {order} LIMIT {size} OFFSET {offset}",
            cond.patterns_unseen()
        );
    }
    // On SQLite, sorted by name past sets alone: each match's key read from the index
    // by id (migration 0033) rather than from its row. SQLite's planner reads the row
    // (the table is keyed by id), so the index is named.
    let by_id = if backend == Backend::Sqlite && q.sort == Column::Name && cond.only_of_sets() {
        NAMES_BY_ID
    } else {
        ""
    };
    format!(
        "SELECT entity_id FROM customer_grid_flat{by_id} WHERE {}
         ORDER BY {order} LIMIT {size} OFFSET {offset}",
        cond.text()
    )
}

/// Names the index of migration 0033 in [`page_ids_sql`]. While a bulk load has set the
/// grid's indexes aside it does not exist, and the page is read without it.
const NAMES_BY_ID: &str = " INDEXED BY customer_grid_id_name";

/// The SQL of one page of rows: the page's ids, then their rows in the same order.
fn page_sql(
    q: &ValidQuery,
    cond: &Condition,
    page: u32,
    backend: Backend,
    matching: u64,
) -> String {
    format!(
        "SELECT {} FROM customer_grid_flat WHERE entity_id IN ({})
         ORDER BY {}",
        row_columns(),
        page_ids_sql(q, cond, page, backend, matching),
        order_by(q)
    )
}

/// One page of rows (`page` is 1-based) of the `matching` rows the condition matches.
pub async fn page(
    db: &Db,
    q: &ValidQuery,
    cond: &Condition,
    page: u32,
    matching: u64,
) -> Result<Vec<GridRow>, sqlx::Error> {
    let sql = page_sql(q, cond, page, db.backend, matching);
    let fetch =
        |sql: &str| bind(sqlx::query(sqlx::AssertSqlSafe(sql)), cond.values()).fetch_all(&db.pool);
    let rows = match fetch(&sql).await {
        Err(sqlx::Error::Database(err))
            if sql.contains(NAMES_BY_ID) && err.message().starts_with("no such index") =>
        {
            fetch(&sql.replace(NAMES_BY_ID, "")).await?
        }
        rows => rows?,
    };
    rows.iter().map(GridRow::read).collect()
}

/// A sort on a custom attribute's column: the attribute and where its values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CustomSort {
    attribute: i64,
    values: crate::attributes::model::Backend,
}

impl CustomSort {
    /// The sort on attribute `attribute` of input type `input`; none for a column
    /// that does not sort (see [`super::columns::CustomKind::sortable`]).
    pub fn of(attribute: i64, input: InputType) -> Option<CustomSort> {
        super::columns::CustomKind::of(input)
            .sortable()
            .then_some(CustomSort {
                attribute,
                values: input.backend(),
            })
    }

    fn table(self) -> &'static str {
        crate::attributes::repo::table(crate::attributes::model::EntityType::Customer, self.values)
    }

    /// `(entity id, sort key)` of the attribute's values, as `sv(vid, k)` (the attribute
    /// id is the database's own number, written as a literal).
    fn values(self) -> String {
        use crate::attributes::model::Backend as Values;
        let key = match self.values {
            Values::Varchar | Values::Text => "sort_key",
            Values::Option => "option_id",
        };
        format!(
            "SELECT entity_id AS vid, {key} AS k FROM {} WHERE attribute_id = {}",
            self.table(),
            self.attribute
        )
    }
}

/// One page of rows (`page` is 1-based) of the `matching` rows the condition matches,
/// sorted on a custom attribute's column. Customers without a value come last whichever
/// way the sort goes (as in a spreadsheet): the customers holding one are read in order
/// through the attribute's sort index (migration 0028) until the page is full, then the
/// others by id. Up to [`SORT_MATCHES_UP_TO`] matches of a filter or search are sorted
/// instead, as a walk of the index would skip most of it.
pub async fn page_sorted_by(
    db: &Db,
    q: &ValidQuery,
    cond: &Condition,
    page: u32,
    matching: u64,
    sort: CustomSort,
) -> Result<Vec<GridRow>, sqlx::Error> {
    let size = u64::from(q.size.max(1));
    let offset = (u64::from(page.max(1)) - 1)
        .saturating_mul(size)
        .min(MAX_OFFSET);
    let dir = match q.dir {
        Dir::Asc => "ASC",
        Dir::Desc => "DESC",
    };
    let values = sort.values();
    let where_ = cond.text();
    let ids = |sql: String| async move {
        let rows = bind(sqlx::query(sqlx::AssertSqlSafe(sql)), cond.values())
            .fetch_all(&db.pool)
            .await?;
        rows.iter()
            .map(|r| r.try_get::<i64, _>("id"))
            .collect::<Result<Vec<i64>, sqlx::Error>>()
    };
    let page_ids = if !cond.sql.is_empty() && matching <= SORT_MATCHES_UP_TO {
        ids(format!(
            "SELECT customer_grid_flat.entity_id AS id FROM customer_grid_flat
             LEFT JOIN ({values}) AS sv ON sv.vid = customer_grid_flat.entity_id
             WHERE {where_}
             ORDER BY CASE WHEN sv.k IS NULL THEN 1 ELSE 0 END, sv.k {dir},
                      customer_grid_flat.entity_id {dir}
             LIMIT {size} OFFSET {offset}"
        ))
        .await?
    } else {
        let holding = format!(
            "FROM ({values}) AS sv
             JOIN customer_grid_flat ON customer_grid_flat.entity_id = sv.vid
             WHERE {where_}"
        );
        let mut page_ids = ids(format!(
            "SELECT sv.vid AS id {holding} ORDER BY sv.k {dir}, sv.vid {dir}
             LIMIT {size} OFFSET {offset}"
        ))
        .await?;
        let shown = page_ids.len() as u64;
        if shown < size {
            // Past the customers holding a value: how many there are (known when this
            // page holds the last of them), then the others.
            let holders = if shown > 0 {
                offset + shown
            } else {
                let sql = format!("SELECT COUNT(*) AS n {holding}");
                let n: i64 = bind(sqlx::query(sqlx::AssertSqlSafe(sql)), cond.values())
                    .fetch_one(&db.pool)
                    .await?
                    .try_get("n")?;
                n.max(0) as u64
            };
            let skip = (offset + shown).saturating_sub(holders);
            let rest = ids(format!(
                "SELECT entity_id AS id FROM customer_grid_flat WHERE {where_}
                 AND NOT EXISTS (SELECT 1 FROM {table} sv
                                 WHERE sv.attribute_id = {attribute}
                                 AND sv.entity_id = customer_grid_flat.entity_id)
                 ORDER BY entity_id {dir} LIMIT {limit} OFFSET {skip}",
                table = sort.table(),
                attribute = sort.attribute,
                limit = size - shown,
            ))
            .await?;
            page_ids.extend(rest);
        }
        page_ids
    };
    if page_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::default();
    sql.push("SELECT ")
        .push(&row_columns())
        .push(" FROM customer_grid_flat WHERE entity_id IN (")
        .push_binds(page_ids.iter().copied())
        .push(")");
    let rows = bind(
        sqlx::query(sqlx::AssertSqlSafe(sql.text().to_string())),
        sql.values(),
    )
    .fetch_all(&db.pool)
    .await?;
    let mut rows = rows
        .iter()
        .map(GridRow::read)
        .collect::<Result<Vec<GridRow>, sqlx::Error>>()?;
    let position: std::collections::HashMap<i64, usize> = page_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    rows.sort_by_key(|r| position.get(&r.id).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

/// Rows in id order, `batch` at a time, for exports: keyset pages after the last id,
/// so memory stays flat however many rows match. `next` continues after `after`.
///
/// A batch comes back as one JSON array of row arrays (in [`GridRow`]'s field order)
/// instead of `batch` rows: moving rows one by one from the database thread cost more
/// than the export itself (measured at 1M rows on SQLite: thread hand-offs and per-row
/// column metadata were over half the time).
pub async fn rows_after<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    backend: Backend,
    cond: &Condition,
    after: i64,
    batch: u32,
) -> Result<Vec<GridRow>, sqlx::Error> {
    let n = cond.values().len() + 1;
    let columns = row_columns();
    let aggregate = match backend {
        Backend::Sqlite => {
            let values = columns.replace(
                "confirmation_pending",
                "json(CASE WHEN confirmation_pending <> 0 THEN 'true' ELSE 'false' END)",
            );
            format!("json_group_array(json_array({values}))")
        }
        Backend::Postgres => {
            let values = columns.replace("confirmation_pending", "confirmation_pending <> 0");
            format!("COALESCE(json_agg(json_build_array({values}) ORDER BY entity_id), '[]')::text")
        }
    };
    let sql = format!(
        "SELECT {aggregate} AS batch FROM (
             SELECT {columns} FROM customer_grid_flat WHERE {} AND entity_id > ${n}
             ORDER BY entity_id LIMIT {batch}) AS b",
        cond.text()
    );
    let json: String = bind(sqlx::query(sqlx::AssertSqlSafe(sql)), cond.values())
        .bind(after)
        .fetch_one(exec)
        .await?
        .try_get("batch")?;
    let mut rows: Vec<GridRow> =
        serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    // SQLite aggregates in the sub-select's order; make sure of it.
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn search_splits_into_lower_case_words() {
        assert_eq!(
            search_words("  O'Brien, JOHN.smith@Example.com +1 (555)"),
            vec!["o", "brien", "john", "smith", "example", "com", "1", "555"]
        );
        assert!(search_words("%%% '\"").is_empty());
    }

    #[test]
    fn only_a_last_word_being_typed_is_a_prefix() {
        let terms = |s| {
            search_terms(s)
                .into_iter()
                .map(|(_, p)| p)
                .collect::<Vec<_>>()
        };
        assert_eq!(terms("king love"), vec![false, true]);
        assert_eq!(terms("king love "), vec![false, false]);
        assert_eq!(terms("a.b@example.com"), vec![false, false, false, true]);
        assert_eq!(terms("smith,"), vec![false]);
        assert!(terms("").is_empty());
    }

    #[test]
    fn an_email_search_splits_at_its_first_at() {
        let words = |w: &[(&str, bool)]| {
            w.iter()
                .map(|(w, p)| (w.to_string(), *p))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            email_parts("Patricia.Garcia.245@Example.com"),
            Some((
                words(&[("patricia", false), ("garcia", false), ("245", false)]),
                words(&[("example", false), ("com", true)])
            ))
        );
        // Typed to its end: no word is a prefix.
        assert_eq!(
            email_parts("ana@mail.example.org "),
            Some((
                words(&[("ana", false)]),
                words(&[("mail", false), ("example", false), ("org", false)])
            ))
        );
        assert_eq!(
            email_parts("a@b@c"),
            Some((words(&[("a", false)]), words(&[("b", false), ("c", true)])))
        );
        assert_eq!(email_parts("@example.com"), None);
        assert_eq!(email_parts("ana@"), None);
        assert_eq!(email_parts("ana@..."), None);
        assert_eq!(email_parts("ana lima"), None);
    }

    #[test]
    fn only_trigram_indexed_patterns_are_unseen_by_the_planner() {
        use crate::customers::grid::model::{Filter, GridQuery};
        let mut q = GridQuery::default();
        for (column, text) in [
            (Column::Email, "Muller"),
            (Column::Name, "..."),
            (Column::City, "Berlin"),
        ] {
            q.filters.insert(column, Filter::Text(text.into()));
        }
        let valid = q.validated().unwrap();
        let cond = condition(
            &valid,
            Backend::Postgres,
            &CustomFilters::default(),
            SearchPlan::default(),
        );
        let unseen = cond.patterns_unseen();
        // The email's pattern is hidden; the name's (no three letters in a row, which
        // the index could not narrow) and the city's (no trigram index) stay seen, and
        // every placeholder keeps its number and value.
        assert_eq!(unseen.matches("(SELECT CAST($").count(), 1, "{unseen}");
        assert!(unseen.contains("email LIKE (SELECT CAST($"), "{unseen}");
        assert_eq!(
            unseen.matches('$').count(),
            cond.text().matches('$').count()
        );
        assert_eq!(cond.values().len(), 3);
        assert_eq!(
            unseen
                .replace("(SELECT CAST(", "")
                .replace(" AS TEXT))", ""),
            cond.text()
        );
        assert!(has_trigram("a.muller@"));
        assert!(!has_trigram("ab.cd-ef"));
        assert!(has_trigram("山田太"));
    }

    #[test]
    fn terms_are_joined_and_numbered_in_order() {
        let mut c = Condition::default();
        assert_eq!(c.text(), "1 = 1");
        c.and().push("a = ").push_bind(1);
        c.push_ids(true, &[2, 3]);
        assert_eq!(c.text(), "a = $1 AND entity_id NOT IN ($2, $3)");
        assert_eq!(c.values().len(), 3);
    }
}
