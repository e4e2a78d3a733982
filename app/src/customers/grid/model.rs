//! The All Customers grid's state and rows, shared by the browser and the server.
//!
//! [`GridQuery`] is the whole state of the grid: keyword search, column filters, sort,
//! page, page size and visible columns. It round-trips through the URL
//! ([`GridQuery::to_query_string`] / [`GridQuery::from_params`]) so that reload,
//! back/forward and a pasted link restore it, and it is what a saved view stores. Columns
//! and filters are enums: the server maps them to SQL, a client string never reaches SQL.

pub use super::columns::{Column, FilterKind, GridRow, OptionList};
use crate::customers::model::MAX_TAXVAT_LEN;
use crate::forms::FieldErrors;
use crate::i18n::{Key, Message};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Page sizes offered by the pager; any size from 1 to [`MAX_PAGE_SIZE`] is allowed.
pub const PAGE_SIZES: [u32; 5] = [20, 30, 50, 100, 200];
/// The default page size.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// The largest custom page size.
pub const MAX_PAGE_SIZE: u32 = 999;
/// At most this many columns can be visible.
pub const MAX_VISIBLE_COLUMNS: usize = 30;
/// The longest text a filter or the keyword search accepts.
pub const MAX_FILTER_LEN: usize = 255;

/// Sort direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dir {
    #[default]
    Asc,
    Desc,
}

/// One column filter's value. Which variant a column takes follows its [`FilterKind`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Filter {
    /// The column contains this text (case-insensitive; `%` and `_` are literal).
    Text(String),
    /// Ids from–to, both inclusive; either may be open.
    Range { from: Option<i64>, to: Option<i64> },
    /// Dates (YYYY-MM-DD) from–to, both inclusive; either may be open.
    Dates {
        from: Option<String>,
        to: Option<String>,
    },
    /// Equals this option value (a group or website id, a country code, a gender id).
    Select(String),
}

impl Filter {
    /// Whether the filter restricts anything.
    pub fn is_empty(&self) -> bool {
        match self {
            Filter::Text(s) | Filter::Select(s) => s.trim().is_empty(),
            Filter::Range { from, to } => from.is_none() && to.is_none(),
            Filter::Dates { from, to } => from.is_none() && to.is_none(),
        }
    }
}

/// The whole state of the grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridQuery {
    /// Keyword search; empty for none.
    pub search: String,
    pub filters: BTreeMap<Column, Filter>,
    pub sort: Column,
    pub dir: Dir,
    /// 1-based page number.
    pub page: u32,
    pub size: u32,
    /// Visible columns, in display order.
    pub columns: Vec<Column>,
}

impl Default for GridQuery {
    fn default() -> Self {
        GridQuery {
            search: String::new(),
            filters: BTreeMap::new(),
            sort: Column::Id,
            dir: Dir::Asc,
            page: 1,
            size: DEFAULT_PAGE_SIZE,
            columns: Column::default_visible(),
        }
    }
}

impl GridQuery {
    /// The query string (without `?`) that restores this state; defaults are left out.
    pub fn to_query_string(&self) -> String {
        let defaults = GridQuery::default();
        let mut parts: Vec<(String, String)> = Vec::new();
        if !self.search.is_empty() {
            parts.push(("search".into(), self.search.clone()));
        }
        for (column, filter) in &self.filters {
            let code = column.code();
            match filter {
                Filter::Text(v) | Filter::Select(v) => parts.push((format!("f.{code}"), v.clone())),
                Filter::Range { from, to } => {
                    if let Some(v) = from {
                        parts.push((format!("f.{code}.from"), v.to_string()));
                    }
                    if let Some(v) = to {
                        parts.push((format!("f.{code}.to"), v.to_string()));
                    }
                }
                Filter::Dates { from, to } => {
                    if let Some(v) = from {
                        parts.push((format!("f.{code}.from"), v.clone()));
                    }
                    if let Some(v) = to {
                        parts.push((format!("f.{code}.to"), v.clone()));
                    }
                }
            }
        }
        if self.sort != defaults.sort || self.dir != defaults.dir {
            parts.push(("sort".into(), self.sort.code().into()));
            let dir = if self.dir == Dir::Desc { "desc" } else { "asc" };
            parts.push(("dir".into(), dir.into()));
        }
        if self.page != 1 {
            parts.push(("page".into(), self.page.to_string()));
        }
        if self.size != defaults.size {
            parts.push(("size".into(), self.size.to_string()));
        }
        if self.columns != defaults.columns {
            let codes: Vec<&str> = self.columns.iter().map(|c| c.code()).collect();
            parts.push(("cols".into(), codes.join(",")));
        }
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(parts)
            .finish()
    }

    /// Rebuild the state from a URL query string (percent-encoded, `+` for a space, with
    /// or without the leading `?`), as [`GridQuery::to_query_string`] writes it.
    pub fn from_query_string(qs: &str) -> GridQuery {
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(qs.trim_start_matches('?').as_bytes())
                .into_owned()
                .collect();
        GridQuery::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Rebuild the state from decoded query parameters. Anything unknown or malformed is
    /// ignored, so an edited or outdated link still opens the grid.
    pub fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> GridQuery {
        let mut q = GridQuery::default();
        let mut sort = None;
        let mut dir = Dir::Asc;
        for (key, value) in params {
            match key {
                "search" => q.search = value.chars().take(MAX_FILTER_LEN).collect(),
                "sort" => sort = Column::from_code(value),
                "dir" => dir = if value == "desc" { Dir::Desc } else { Dir::Asc },
                "page" => q.page = value.parse().unwrap_or(1).max(1),
                "size" => q.size = clamp_size(value.parse().unwrap_or(DEFAULT_PAGE_SIZE)),
                "cols" => {
                    let mut cols: Vec<Column> = Vec::new();
                    for code in value.split(',') {
                        if let Some(c) = Column::from_code(code) {
                            if !cols.contains(&c) {
                                cols.push(c);
                            }
                        }
                    }
                    if !cols.is_empty() {
                        cols.truncate(MAX_VISIBLE_COLUMNS);
                        q.columns = cols;
                    }
                }
                _ => {
                    if let Some(rest) = key.strip_prefix("f.") {
                        q.apply_filter_param(rest, value);
                    }
                }
            }
        }
        if let Some(sort) = sort {
            q.sort = sort;
            q.dir = dir;
        }
        q
    }

    fn apply_filter_param(&mut self, rest: &str, value: &str) {
        let (code, bound) = match rest.rsplit_once('.') {
            Some((code, b @ ("from" | "to"))) => (code, Some(b)),
            _ => (rest, None),
        };
        let Some(column) = Column::from_code(code) else {
            return;
        };
        let value: String = value.chars().take(MAX_FILTER_LEN).collect();
        match (column.filter_kind(), bound) {
            (FilterKind::Text, None) => {
                self.filters.insert(column, Filter::Text(value));
            }
            (FilterKind::Select(_), None) => {
                self.filters.insert(column, Filter::Select(value));
            }
            (FilterKind::IdRange, Some(bound)) => {
                let Ok(v) = value.trim().parse::<i64>() else {
                    return;
                };
                let entry = self.filters.entry(column).or_insert(Filter::Range {
                    from: None,
                    to: None,
                });
                if let Filter::Range { from, to } = entry {
                    *(if bound == "from" { from } else { to }) = Some(v);
                }
            }
            (FilterKind::DateRange, Some(bound)) => {
                let entry = self.filters.entry(column).or_insert(Filter::Dates {
                    from: None,
                    to: None,
                });
                if let Filter::Dates { from, to } = entry {
                    *(if bound == "from" { from } else { to }) = Some(value);
                }
            }
            _ => {}
        }
    }

    /// The same query without paging or column choice: what "all matching rows" means.
    pub fn matching(&self) -> GridQuery {
        GridQuery {
            page: 1,
            columns: Vec::new(),
            ..self.clone()
        }
    }
}

/// Messages of the grid's input checks (shown next to the filter or control).
pub mod messages {
    use super::{MAX_FILTER_LEN, MAX_PAGE_SIZE, MAX_VISIBLE_COLUMNS};
    use crate::i18n::{Key, Message};

    pub fn search_too_long() -> Message {
        Message::new(Key::ErrSearchTooLong).with("max", MAX_FILTER_LEN)
    }
    pub fn filter_too_long() -> Message {
        Message::new(Key::ErrFilterTooLong).with("max", MAX_FILTER_LEN)
    }
    pub fn bad_size() -> Message {
        Message::new(Key::ErrBadPageSize).with("max", i64::from(MAX_PAGE_SIZE))
    }
    pub fn too_many_columns() -> Message {
        Message::new(Key::ErrTooManyColumns).with("max", MAX_VISIBLE_COLUMNS)
    }
    pub const RANGE_REVERSED: Key = Key::ErrRangeReversed;
    pub const BAD_DATE: Key = Key::ErrBadDate;
    pub const BAD_COUNTRY: Key = Key::ErrChooseCountry;
    pub const BAD_OPTION: Key = Key::ErrChooseFromList;
    pub const BAD_FILTER: Key = Key::ErrBadFilter;
    pub const BAD_PAGE: Key = Key::ErrBadPage;
    pub const NO_COLUMNS: Key = Key::ErrNoColumns;
}

impl GridQuery {
    /// Check every part of the state; the same rules run in the browser (before a
    /// request) and on the server. Errors are keyed `search`, `size`, `page`, `columns`
    /// or `f.<column code>`.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        use messages::*;
        let mut errors = FieldErrors::new();
        if self.search.chars().count() > MAX_FILTER_LEN {
            errors.insert("search".into(), search_too_long());
        }
        if self.size == 0 || self.size > MAX_PAGE_SIZE {
            errors.insert("size".into(), bad_size());
        }
        if self.page == 0 {
            errors.insert("page".into(), BAD_PAGE.into());
        }
        if self.columns.len() > MAX_VISIBLE_COLUMNS {
            errors.insert("columns".into(), too_many_columns());
        }
        for (&column, filter) in &self.filters {
            if let Err(message) = check_filter(column, filter) {
                errors.insert(format!("f.{}", column.code()), message);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Check one filter value against its column's kind.
pub fn check_filter(column: Column, filter: &Filter) -> Result<(), Message> {
    use messages::*;
    if filter.is_empty() {
        return Ok(());
    }
    match (column.filter_kind(), filter) {
        (FilterKind::Text, Filter::Text(t)) => {
            if t.trim().chars().count() > MAX_FILTER_LEN {
                return Err(filter_too_long());
            }
        }
        (FilterKind::IdRange, Filter::Range { from, to }) => {
            if let (Some(f), Some(t)) = (from, to) {
                if f > t {
                    return Err(RANGE_REVERSED.into());
                }
            }
        }
        (FilterKind::DateRange, Filter::Dates { from, to }) => {
            let parse = |v: &Option<String>| match v.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(s) => crate::dates::parse_date(s)
                    .map(Some)
                    .ok_or(Message::new(BAD_DATE)),
            };
            if let (Some(f), Some(t)) = (parse(from)?, parse(to)?) {
                if f > t {
                    return Err(RANGE_REVERSED.into());
                }
            }
        }
        (FilterKind::Select(OptionList::Countries), Filter::Select(v)) => {
            let v = v.trim();
            if v.len() != 2 || !v.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(BAD_COUNTRY.into());
            }
        }
        (FilterKind::Select(_), Filter::Select(v)) => {
            if v.trim().parse::<i64>().is_err() {
                return Err(BAD_OPTION.into());
            }
        }
        _ => return Err(BAD_FILTER.into()),
    }
    Ok(())
}

/// A page size within 1–999.
pub fn clamp_size(size: u32) -> u32 {
    size.clamp(1, MAX_PAGE_SIZE)
}

/// The most ids a selection may list, chosen one by one or left out of "Select All"
/// (bigger selections use "Select All" and filters).
pub const MAX_SELECTED_IDS: usize = 10_000;

/// Which rows a mass action or an export applies to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection {
    /// These customer ids.
    Ids(Vec<i64>),
    /// Every row matching the grid's search and filters, except these ids.
    AllMatching { except: Vec<i64> },
}

impl Selection {
    /// The selection's own limits: at least one row chosen one by one, at most
    /// [`MAX_SELECTED_IDS`] listed either way. Errors are keyed `selection`.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let problem = match self {
            Selection::Ids(ids) if ids.is_empty() => Some(Key::ErrSelectCustomer.into()),
            Selection::Ids(ids) if ids.len() > MAX_SELECTED_IDS => {
                Some(Message::new(Key::ErrTooManySelected).with("max", MAX_SELECTED_IDS))
            }
            Selection::AllMatching { except } if except.len() > MAX_SELECTED_IDS => {
                Some(Message::new(Key::ErrTooManyExcepted).with("max", MAX_SELECTED_IDS))
            }
            _ => None,
        };
        match problem {
            Some(message) => Err(FieldErrors::from([("selection".to_string(), message)])),
            None => Ok(()),
        }
    }
}

/// A column filter, checked and parsed: what the repository turns into SQL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValidFilter {
    /// Contains this text (trimmed, without control characters, never empty).
    Contains(String),
    /// Ids from–to, both inclusive; either may be open.
    Ids { from: Option<i64>, to: Option<i64> },
    /// Days since 1970-01-01 from–to, both inclusive; either may be open.
    Days { from: Option<i64>, to: Option<i64> },
    /// Equals this group, website or gender id.
    Id(i64),
    /// Equals this country code (upper case).
    Country(String),
}

/// A grid query that passed every check, its filters parsed. Only
/// [`GridQuery::validated`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidQuery {
    pub search: String,
    pub filters: Vec<(Column, ValidFilter)>,
    pub sort: Column,
    pub dir: Dir,
    pub size: u32,
    pub page: u32,
}

impl GridQuery {
    /// Check the query (as [`GridQuery::validate`]) and parse its filters once, for the
    /// repository to map to SQL without checking anything again.
    pub fn validated(&self) -> Result<ValidQuery, FieldErrors> {
        self.validate()?;
        let day = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .and_then(crate::dates::parse_date)
        };
        let filters = self
            .filters
            .iter()
            .filter_map(|(&column, filter)| {
                let valid = match filter {
                    Filter::Text(text) => {
                        let text: String = text.chars().filter(|c| !c.is_control()).collect();
                        let text = text.trim();
                        (!text.is_empty()).then(|| ValidFilter::Contains(text.to_string()))?
                    }
                    Filter::Range { from, to } if from.is_some() || to.is_some() => {
                        ValidFilter::Ids {
                            from: *from,
                            to: *to,
                        }
                    }
                    Filter::Dates { from, to } => match (day(from), day(to)) {
                        (None, None) => return None,
                        (from, to) => ValidFilter::Days { from, to },
                    },
                    Filter::Select(value) if !value.trim().is_empty() => {
                        match column.filter_kind() {
                            FilterKind::Select(OptionList::Countries) => {
                                ValidFilter::Country(value.trim().to_ascii_uppercase())
                            }
                            // `validate` made sure it is a number.
                            _ => ValidFilter::Id(value.trim().parse().ok()?),
                        }
                    }
                    _ => return None,
                };
                Some((column, valid))
            })
            .collect();
        Ok(ValidQuery {
            search: self.search.clone(),
            filters,
            sort: self.sort,
            dir: self.dir,
            size: self.size,
            page: self.page,
        })
    }
}

/// A page of the grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridPage {
    pub rows: Vec<GridRow>,
    /// Every row matching the search and filters ("N records found").
    pub total: u64,
    /// The page actually shown (the last one when the asked page is past the end).
    pub page: u32,
    /// The server's clock, for "Locked" / "Unlocked".
    pub now: i64,
}

/// A website as the grid shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebsiteOption {
    pub id: i64,
    pub name: String,
    /// New accounts on this website must confirm their email (for "Confirmed email").
    pub confirmation_required: bool,
}

/// The option lists the grid's labels and select filters need.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridOptions {
    pub groups: Vec<(i64, String)>,
    pub websites: Vec<WebsiteOption>,
}

/// One row's inline edit: Email, Group, Web Site, Tax/VAT Number, Gender.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineEdit {
    pub id: i64,
    pub email: String,
    pub group_id: i64,
    pub website_id: i64,
    pub taxvat: String,
    /// 1 Male, 2 Female, 3 Not Specified; `None` clears it.
    pub gender: Option<i64>,
}

impl InlineEdit {
    /// The rules of the row's fields, in the browser and on the server. Errors are keyed
    /// by field (`email`, `group_id`, `website_id`, `taxvat`, `gender`).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Err(e) = crate::customers::domain::Email::parse(&self.email) {
            errors.insert("email".into(), e);
        }
        if self.group_id <= 0 {
            errors.insert("group_id".into(), messages::BAD_OPTION.into());
        }
        if self.website_id <= 0 {
            errors.insert("website_id".into(), messages::BAD_OPTION.into());
        }
        if self.taxvat.trim().chars().count() > MAX_TAXVAT_LEN {
            errors.insert(
                "taxvat".into(),
                Message::new(Key::ErrTaxvatTooLong).with("max", MAX_TAXVAT_LEN),
            );
        }
        if self.gender.is_some_and(|g| !(1..=3).contains(&g)) {
            errors.insert("gender".into(), messages::BAD_OPTION.into());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(qs: &str) -> GridQuery {
        GridQuery::from_query_string(qs)
    }

    #[test]
    fn default_state_has_an_empty_query_string() {
        assert_eq!(GridQuery::default().to_query_string(), "");
        assert_eq!(parse(""), GridQuery::default());
    }

    #[test]
    fn every_part_of_the_state_round_trips_through_the_url() {
        let mut q = GridQuery {
            search: "Müller & 50%_off".into(),
            sort: Column::Name,
            dir: Dir::Desc,
            page: 7,
            size: 137,
            columns: vec![Column::Email, Column::Id, Column::AccountLock],
            ..GridQuery::default()
        };
        q.filters
            .insert(Column::Email, Filter::Text("o'brien@x".into()));
        q.filters.insert(
            Column::Id,
            Filter::Range {
                from: Some(10),
                to: None,
            },
        );
        q.filters.insert(
            Column::CustomerSince,
            Filter::Dates {
                from: Some("2024-01-01".into()),
                to: Some("2024-12-31".into()),
            },
        );
        q.filters.insert(Column::Group, Filter::Select("2".into()));
        assert_eq!(parse(&q.to_query_string()), q);
    }

    #[test]
    fn malformed_links_fall_back_to_defaults() {
        let q = parse("size=0&page=-3&sort=password_hash&cols=nope&f.nope=1&f.entity_id.from=x");
        assert_eq!(q.size, 1);
        assert_eq!(q.page, 1);
        assert_eq!(q.sort, Column::Id);
        assert_eq!(q.columns, Column::default_visible());
        assert!(q.filters.is_empty());
        assert_eq!(parse("size=5000").size, MAX_PAGE_SIZE);
    }
}
