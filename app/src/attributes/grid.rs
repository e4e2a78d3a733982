//! The attribute grids (Stores → Attributes → Customer / Customer Address): their
//! columns, and a page of rows. A store has a few hundred attributes at most, so the
//! rows are filtered, sorted and paged in memory, with the shared grid's state and
//! checks.

use super::model::AttributeRow;
use crate::i18n::Key;
use crate::ui::grid::state::{
    Dir, FilterKind, GridColumn, GridState, OptionList, ValidFilter, ValidQuery,
};
use serde::{Deserialize, Serialize};

/// The columns of an attribute grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AttributeColumn {
    Code,
    Label,
    Input,
    Required,
    System,
    Visible,
    SortOrder,
}

impl GridColumn for AttributeColumn {
    const ALL: &'static [AttributeColumn] = &[
        AttributeColumn::Code,
        AttributeColumn::Label,
        AttributeColumn::Input,
        AttributeColumn::Required,
        AttributeColumn::System,
        AttributeColumn::Visible,
        AttributeColumn::SortOrder,
    ];
    const NAMESPACE: &'static str = "customer_attribute_listing";
    const DEFAULT_SORT: AttributeColumn = AttributeColumn::SortOrder;

    fn code(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            AttributeColumn::Code => "attribute_code",
            AttributeColumn::Label => "frontend_label",
            AttributeColumn::Input => "frontend_input",
            AttributeColumn::Required => "is_required",
            AttributeColumn::System => "is_system",
            AttributeColumn::Visible => "is_visible",
            AttributeColumn::SortOrder => "sort_order",
        })
    }

    fn label(self) -> Key {
        match self {
            AttributeColumn::Code => Key::AttributeCode,
            AttributeColumn::Label => Key::DefaultLabel,
            AttributeColumn::Input => Key::InputType,
            AttributeColumn::Required => Key::Required,
            AttributeColumn::System => Key::System,
            AttributeColumn::Visible => Key::VisibleOnStorefront,
            AttributeColumn::SortOrder => Key::SortOrder,
        }
    }

    fn filter_kind(self) -> FilterKind {
        match self {
            AttributeColumn::Code | AttributeColumn::Label => FilterKind::Text,
            AttributeColumn::Input => FilterKind::None,
            AttributeColumn::Required | AttributeColumn::System | AttributeColumn::Visible => {
                FilterKind::Select(OptionList::YesNo)
            }
            AttributeColumn::SortOrder => FilterKind::IdRange,
        }
    }

    fn sortable(self) -> bool {
        true
    }

    fn visible_by_default(self) -> bool {
        true
    }
}

/// The grid's state.
pub type AttributeQuery = GridState<AttributeColumn>;

/// A page of attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributePage {
    pub rows: Vec<AttributeRow>,
    pub total: u64,
    pub page: u32,
}

fn matches(row: &AttributeRow, column: AttributeColumn, filter: &ValidFilter) -> bool {
    let contains = |text: &str, needle: &str| text.to_lowercase().contains(&needle.to_lowercase());
    let flag = |value: bool, id: i64| (id != 0) == value;
    match (column, filter) {
        (AttributeColumn::Code, ValidFilter::Contains(t)) => contains(&row.code, t),
        (AttributeColumn::Label, ValidFilter::Contains(t)) => contains(&row.label, t),
        (AttributeColumn::Required, ValidFilter::Id(id)) => flag(row.required, *id),
        (AttributeColumn::System, ValidFilter::Id(id)) => flag(row.system, *id),
        (AttributeColumn::Visible, ValidFilter::Id(id)) => flag(row.visible, *id),
        (AttributeColumn::SortOrder, ValidFilter::Ids { from, to }) => {
            from.is_none_or(|f| row.sort_order >= f) && to.is_none_or(|t| row.sort_order <= t)
        }
        _ => true,
    }
}

/// The page `q` asks for (the last page when it asks past the end).
pub fn page(mut rows: Vec<AttributeRow>, q: &ValidQuery<AttributeColumn>) -> AttributePage {
    let search = q.search.trim().to_lowercase();
    rows.retain(|r| {
        (search.is_empty()
            || r.code.to_lowercase().contains(&search)
            || r.label.to_lowercase().contains(&search))
            && q.filters.iter().all(|(c, f)| matches(r, *c, f))
    });
    rows.sort_by(|a, b| {
        let order = match q.sort {
            AttributeColumn::Code => a.code.cmp(&b.code),
            AttributeColumn::Label => a.label.to_lowercase().cmp(&b.label.to_lowercase()),
            AttributeColumn::Input => a.input.map(|i| i.code()).cmp(&b.input.map(|i| i.code())),
            AttributeColumn::Required => a.required.cmp(&b.required),
            AttributeColumn::System => a.system.cmp(&b.system),
            AttributeColumn::Visible => a.visible.cmp(&b.visible),
            AttributeColumn::SortOrder => a.sort_order.cmp(&b.sort_order),
        }
        .then_with(|| a.code.cmp(&b.code));
        if q.dir == Dir::Desc {
            order.reverse()
        } else {
            order
        }
    });
    let total = rows.len() as u64;
    let size = u64::from(q.size.max(1));
    let last = total.div_ceil(size).max(1) as u32;
    let page = q.page.min(last);
    let skip = (u64::from(page - 1) * size) as usize;
    AttributePage {
        rows: rows.into_iter().skip(skip).take(size as usize).collect(),
        total,
        page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, system: bool, order: i64) -> AttributeRow {
        AttributeRow {
            id: (!system).then_some(order),
            code: code.into(),
            label: code.to_uppercase(),
            input: None,
            required: false,
            system,
            visible: true,
            sort_order: order,
        }
    }

    #[test]
    fn rows_filter_sort_and_page_in_memory() {
        let rows = vec![
            row("email", true, 80),
            row("loyalty", false, 5),
            row("tier", false, 200),
        ];
        let q = AttributeQuery::from_query_string("f.is_system=0&sort=sort_order&dir=desc");
        let page = page(rows.clone(), &q.validated().unwrap());
        let codes: Vec<_> = page.rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["tier", "loyalty"]);
        let q = AttributeQuery::from_query_string("search=LOY");
        assert_eq!(super::page(rows.clone(), &q.validated().unwrap()).total, 1);
        let q = AttributeQuery::from_query_string("size=2&page=9");
        let last = super::page(rows, &q.validated().unwrap());
        assert_eq!((last.page, last.rows.len(), last.total), (2, 1, 3));
    }
}
