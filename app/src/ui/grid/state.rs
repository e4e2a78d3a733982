//! The state of an admin data grid, shared by the browser and the server.
//!
//! A grid is described by its column type ([`GridColumn`]: code, label, filter, sort,
//! default visibility). [`GridState`] is the whole state of one grid: keyword search,
//! column filters, sort, page, page size and visible columns. It round-trips through the
//! URL ([`GridState::to_query_string`] / [`GridState::from_params`]) so that reload,
//! back/forward and a pasted link restore it, and it is what a saved view stores.
//! Columns and filters are enums: a client string never reaches SQL.

use crate::forms::FieldErrors;
use crate::i18n::{Key, Message};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Debug;

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

/// Which option list a select filter offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionList {
    Groups,
    Websites,
    Countries,
    Genders,
    TaxClasses,
    /// Now Online's Type: Customer or Visitor.
    VisitorTypes,
    /// The Action Log's entities (customer, address, group…).
    LogEntities,
    /// The Action Log's actions (created, updated, deleted…).
    LogActions,
    /// Yes (1) or No (0).
    YesNo,
    /// The options of a custom attribute (by attribute id).
    Attribute(i64),
}

/// How a column is filtered (Magento's filter type for that column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterKind {
    /// Contains the text.
    Text,
    /// A from–to range of ids.
    IdRange,
    /// A from–to range of dates.
    DateRange,
    /// One value from a list.
    Select(OptionList),
    /// No column filter (reachable through keyword search).
    None,
}

/// `Serialize` and `Deserialize` for a grid's column type, as its code (the code of URLs
/// and saved views): a map of filters keyed by column stays a JSON object, and a column
/// made at run time travels as its code too.
#[macro_export]
macro_rules! grid_column_serde {
    ($column:ty) => {
        impl serde::Serialize for $column {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&$crate::ui::grid::state::GridColumn::code(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $column {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                <$column as $crate::ui::grid::state::GridColumn>::from_code(&code)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown column {code:?}")))
            }
        }
    };
}

/// A grid's column: everything the shared grid needs to know about it.
pub trait GridColumn:
    Copy + Ord + Debug + Send + Sync + Serialize + DeserializeOwned + 'static
{
    /// Every column known when the code was written, in the column chooser's order (a
    /// grid can add columns made at run time: see `GridCtx::extra`).
    const ALL: &'static [Self];
    /// The grid's name for its saved views (Magento's UI component namespace).
    const NAMESPACE: &'static str;
    /// The sort of the default view.
    const DEFAULT_SORT: Self;

    /// The stable code used in URLs, saved views and exports.
    fn code(self) -> Cow<'static, str>;
    /// The header label.
    fn label(self) -> Key;
    /// How the column is filtered.
    fn filter_kind(self) -> FilterKind;
    /// Whether the grid can sort on the column.
    fn sortable(self) -> bool;
    /// Whether the default view shows the column.
    fn visible_by_default(self) -> bool;

    /// The column with this code (a grid with columns made at run time recognises
    /// their codes too).
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }

    /// The columns of the default view, in order.
    fn default_visible() -> Vec<Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(|c| c.visible_by_default())
            .collect()
    }
}

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

/// The whole state of a grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "C: GridColumn")]
pub struct GridState<C: GridColumn> {
    /// Keyword search; empty for none.
    pub search: String,
    pub filters: BTreeMap<C, Filter>,
    pub sort: C,
    pub dir: Dir,
    /// 1-based page number.
    pub page: u32,
    pub size: u32,
    /// Visible columns, in display order.
    pub columns: Vec<C>,
}

impl<C: GridColumn> Default for GridState<C> {
    fn default() -> Self {
        GridState {
            search: String::new(),
            filters: BTreeMap::new(),
            sort: C::DEFAULT_SORT,
            dir: Dir::Asc,
            page: 1,
            size: DEFAULT_PAGE_SIZE,
            columns: C::default_visible(),
        }
    }
}

impl<C: GridColumn> GridState<C> {
    /// The query string (without `?`) that restores this state; defaults are left out.
    pub fn to_query_string(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.to_params(""))
            .finish()
    }

    /// The query parameters that restore this state, each name starting with `prefix`
    /// (a page that keeps a grid in its URL beside its own parameters, as the customer
    /// page does with `a.` for its addresses); defaults are left out.
    pub fn to_params(&self, prefix: &str) -> Vec<(String, String)> {
        self.unprefixed_params()
            .into_iter()
            .map(|(key, value)| (format!("{prefix}{key}"), value))
            .collect()
    }

    /// Rebuild the state from the parameters whose names start with `prefix` (as
    /// [`GridState::to_params`] writes them); the others are not the grid's.
    pub fn from_prefixed_params<'a>(
        prefix: &str,
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        Self::from_params(
            params
                .into_iter()
                .filter_map(|(key, value)| Some((key.strip_prefix(prefix)?, value))),
        )
    }

    fn unprefixed_params(&self) -> Vec<(String, String)> {
        let defaults = GridState::<C>::default();
        let mut parts: Vec<(String, String)> = Vec::new();
        if !self.search.is_empty() {
            parts.push(("search".into(), self.search.clone()));
        }
        for (column, filter) in &self.filters {
            let code = column.code();
            let mut bounds = |from: Option<String>, to: Option<String>| {
                if let Some(v) = from {
                    parts.push((format!("f.{code}.from"), v));
                }
                if let Some(v) = to {
                    parts.push((format!("f.{code}.to"), v));
                }
            };
            match filter {
                Filter::Text(v) | Filter::Select(v) => parts.push((format!("f.{code}"), v.clone())),
                Filter::Range { from, to } => {
                    bounds(from.map(|v| v.to_string()), to.map(|v| v.to_string()))
                }
                Filter::Dates { from, to } => bounds(from.clone(), to.clone()),
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
            let codes: Vec<Cow<'static, str>> = self.columns.iter().map(|c| c.code()).collect();
            parts.push(("cols".into(), codes.join(",")));
        }
        parts
    }

    /// Rebuild the state from a URL query string (percent-encoded, `+` for a space, with
    /// or without the leading `?`), as [`GridState::to_query_string`] writes it.
    pub fn from_query_string(qs: &str) -> Self {
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(qs.trim_start_matches('?').as_bytes())
                .into_owned()
                .collect();
        Self::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Rebuild the state from decoded query parameters. Anything unknown or malformed is
    /// ignored, so an edited or outdated link still opens the grid.
    pub fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = Self::default();
        let mut sort = None;
        let mut dir = Dir::Asc;
        for (key, value) in params {
            match key {
                "search" => q.search = value.chars().take(MAX_FILTER_LEN).collect(),
                "sort" => sort = C::from_code(value).filter(|c| c.sortable()),
                "dir" => dir = if value == "desc" { Dir::Desc } else { Dir::Asc },
                "page" => q.page = value.parse().unwrap_or(1).max(1),
                "size" => q.size = clamp_size(value.parse().unwrap_or(DEFAULT_PAGE_SIZE)),
                "cols" => {
                    let mut cols: Vec<C> = Vec::new();
                    for code in value.split(',') {
                        if let Some(c) = C::from_code(code) {
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
        let Some(column) = C::from_code(code) else {
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

    /// The same state without paging or column choice: what "all matching rows" means.
    pub fn matching(&self) -> Self {
        GridState {
            page: 1,
            columns: Vec::new(),
            ..self.clone()
        }
    }

    /// What a saved view stores: the state parsed, checked and written back, so only
    /// known, valid parts stay (the page number is not part of a view).
    pub fn normalise(state: &str) -> Result<String, FieldErrors> {
        let q = Self::from_query_string(state);
        q.validate()?;
        Ok(GridState { page: 1, ..q }.to_query_string())
    }

    /// Check every part of the state; the same rules run in the browser (before a
    /// request) and on the server. Errors are keyed `search`, `size`, `page`, `columns`,
    /// `sort` or `f.<column code>`.
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
        if !self.sort.sortable() {
            errors.insert("sort".into(), BAD_FILTER.into());
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

    /// Check the state (as [`GridState::validate`]) and parse its filters once, for a
    /// repository to map to SQL without checking anything again.
    pub fn validated(&self) -> Result<ValidQuery<C>, FieldErrors> {
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

/// Check one filter value against its column's kind.
pub fn check_filter<C: GridColumn>(column: C, filter: &Filter) -> Result<(), Message> {
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
            if crate::directory::country(&v.trim().to_ascii_uppercase()).is_none() {
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

/// A column filter, checked and parsed: what a repository turns into SQL.
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
    /// Equals this country code (upper case, a country of the directory).
    Country(String),
}

/// A grid state that passed every check, its filters parsed. Only
/// [`GridState::validated`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidQuery<C> {
    pub search: String,
    pub filters: Vec<(C, ValidFilter)>,
    pub sort: C,
    pub dir: Dir,
    pub size: u32,
    pub page: u32,
}

impl<C> ValidQuery<C> {
    /// The rows to skip for the page asked.
    pub fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.size)
    }
}
