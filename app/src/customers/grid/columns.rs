//! The one description of the All Customers grid's columns. Each line of
//! [`grid_columns!`] gives a column everything it needs: the row field that carries its
//! value, its code (URLs, saved views, exports), its label, the grid-index column and the
//! SQL that fills it from the customer and its default addresses, its filter, whether it
//! sorts, whether the default view shows it, and how a cell shows the value. The query,
//! the rows, the export and the page all read this table.
//!
//! Adding a column: add the column to `customer_grid_flat` in a migration, add one line
//! here, and add its label to the i18n catalogues.

use crate::i18n::Key;
use crate::ui::grid::state::GridColumn;
pub use crate::ui::grid::state::{FilterKind, OptionList};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How a custom attribute's column is filtered, from its input type (which never changes
/// after the attribute is created): part of the column's code, so a link is understood
/// before the attributes are loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CustomKind {
    /// Text Field, Text Area, Multiple Line: contains the text.
    Text,
    /// Date: a from–to range.
    Date,
    /// Yes/No.
    YesNo,
    /// Dropdown: one of its options.
    Options,
    /// Multiple Select: one of its options (a customer may hold several, so the column
    /// does not sort).
    Multi,
    /// File (attachment), Image File: the cell links to the file. It neither filters
    /// (the attribute rules allow no filter on a file) nor sorts (a value starts with
    /// its upload's random token).
    File,
}

impl CustomKind {
    const LETTERS: [(CustomKind, char); 6] = [
        (CustomKind::Text, 't'),
        (CustomKind::Date, 'd'),
        (CustomKind::YesNo, 'b'),
        (CustomKind::Options, 'o'),
        (CustomKind::Multi, 'm'),
        (CustomKind::File, 'f'),
    ];

    /// The kind of column an attribute of input type `input` makes.
    pub fn of(input: crate::attributes::model::InputType) -> CustomKind {
        use crate::attributes::model::InputType;
        match input {
            InputType::Text | InputType::TextArea | InputType::Multiline => CustomKind::Text,
            InputType::File | InputType::Image => CustomKind::File,
            InputType::Date => CustomKind::Date,
            InputType::YesNo => CustomKind::YesNo,
            InputType::Dropdown => CustomKind::Options,
            InputType::Multiselect => CustomKind::Multi,
        }
    }

    /// Whether a column of this kind sorts (through migration 0028's indexes).
    pub fn sortable(self) -> bool {
        !matches!(self, CustomKind::Multi | CustomKind::File)
    }

    fn letter(self) -> char {
        Self::LETTERS
            .iter()
            .find(|(k, _)| *k == self)
            .map_or('t', |(_, l)| *l)
    }
}

/// A custom customer attribute's column: the attribute and how it is filtered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CustomColumn {
    pub attribute_id: i64,
    pub kind: CustomKind,
}

impl CustomColumn {
    /// `c<attribute id><kind letter>`, e.g. `c12o`.
    pub fn code(self) -> String {
        format!("c{}{}", self.attribute_id, self.kind.letter())
    }

    /// The column a code names (whether the attribute exists is the server's to say).
    pub fn from_code(code: &str) -> Option<CustomColumn> {
        let rest = code.strip_prefix('c')?;
        let letter = rest.chars().last()?;
        let digits = &rest[..rest.len() - letter.len_utf8()];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 12 {
            return None;
        }
        let kind = CustomKind::LETTERS
            .iter()
            .find(|(_, l)| *l == letter)
            .map(|(k, _)| *k)?;
        Some(CustomColumn {
            attribute_id: digits.parse().ok().filter(|id: &i64| *id > 0)?,
            kind,
        })
    }

    pub fn filter_kind(self) -> FilterKind {
        match self.kind {
            CustomKind::Text | CustomKind::File => FilterKind::Text,
            CustomKind::Date => FilterKind::DateRange,
            CustomKind::YesNo => FilterKind::Select(OptionList::YesNo),
            CustomKind::Options | CustomKind::Multi => {
                FilterKind::Select(OptionList::Attribute(self.attribute_id))
            }
        }
    }

    /// Whether the grid sorts on the column.
    pub fn sortable(self) -> bool {
        self.kind.sortable()
    }
}

/// How a cell shows its value (see `format::cell_text`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellFormat {
    /// The text (or number) as it is.
    Plain,
    /// Unix seconds as a date and time in the viewer's language.
    DateTime,
    /// A `YYYY-MM-DD` date in the viewer's language.
    Date,
    /// The customer group's name.
    GroupName,
    /// The website's name.
    WebsiteName,
    /// The country's name in the viewer's language.
    CountryName,
    /// The region's name (a listed region is stored by its code; the billing country
    /// says which list).
    RegionName,
    /// Male, Female or Not Specified.
    GenderLabel,
    /// Confirmed, Confirmation Required or Confirmation Not Required (the website decides
    /// whether confirmation applies).
    Confirmation,
    /// Locked while the lock lasts, else Unlocked.
    Lock,
}

/// A cell's raw value, as the row holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellValue<'a> {
    Int(i64),
    Text(&'a str),
    Bool(bool),
    Empty,
}

/// A grid-index column's value type: how it is read from a row of the index.
pub trait IndexValue: Sized {
    /// Whether the index column can be NULL (no value: a customer without a billing
    /// address has no city).
    const NULLABLE: bool = false;
    fn value(&self) -> CellValue<'_>;
    #[cfg(feature = "ssr")]
    fn read(row: &sqlx::any::AnyRow, column: &str) -> Result<Self, sqlx::Error>;
}

impl IndexValue for i64 {
    fn value(&self) -> CellValue<'_> {
        CellValue::Int(*self)
    }
    #[cfg(feature = "ssr")]
    fn read(row: &sqlx::any::AnyRow, column: &str) -> Result<Self, sqlx::Error> {
        sqlx::Row::try_get(row, column)
    }
}

impl IndexValue for Option<i64> {
    const NULLABLE: bool = true;
    fn value(&self) -> CellValue<'_> {
        self.map_or(CellValue::Empty, CellValue::Int)
    }
    #[cfg(feature = "ssr")]
    fn read(row: &sqlx::any::AnyRow, column: &str) -> Result<Self, sqlx::Error> {
        sqlx::Row::try_get(row, column)
    }
}

impl IndexValue for String {
    fn value(&self) -> CellValue<'_> {
        CellValue::Text(self)
    }
    #[cfg(feature = "ssr")]
    fn read(row: &sqlx::any::AnyRow, column: &str) -> Result<Self, sqlx::Error> {
        sqlx::Row::try_get(row, column)
    }
}

impl IndexValue for Option<String> {
    const NULLABLE: bool = true;
    fn value(&self) -> CellValue<'_> {
        self.as_deref().map_or(CellValue::Empty, CellValue::Text)
    }
    #[cfg(feature = "ssr")]
    fn read(row: &sqlx::any::AnyRow, column: &str) -> Result<Self, sqlx::Error> {
        sqlx::Row::try_get(row, column)
    }
}

/// Flags are stored as 0 / 1 (both databases).
impl IndexValue for bool {
    fn value(&self) -> CellValue<'_> {
        CellValue::Bool(*self)
    }
    #[cfg(feature = "ssr")]
    fn read(row: &sqlx::any::AnyRow, column: &str) -> Result<Self, sqlx::Error> {
        sqlx::Row::try_get::<i64, _>(row, column).map(|v| v != 0)
    }
}

/// Declares every column (see the module documentation).
macro_rules! grid_columns {
    ($(
        $column:ident($field:ident: $ty:ty) {
            code: $code:literal,
            label: $label:ident,
            index: $index:literal = $source:literal,
            filter: $filter:expr,
            sortable: $sortable:literal,
            visible: $visible:literal,
            format: $format:ident,
        }
    )*) => {
        /// A data column of the grid (the selection and action columns are not data).
        /// Serialized as its code: a map of filters keyed by column stays a JSON object.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Column {
            $($column,)*
            /// A custom customer attribute added to the grid ("Add to Column Options").
            Custom(CustomColumn),
        }

        /// One customer as the grid shows it: a row of the grid index, one field per
        /// column, in column order (the export reads rows as arrays in this order).
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub struct GridRow {
            $(pub $field: $ty,)*
        }

        impl Column {
            /// Every built-in column, in the grid's default order.
            pub const ALL: &'static [Column] = &[$(Column::$column,)*];

            /// The stable code used in URLs, saved views and exports (Magento's column
            /// names; `c<attribute id><kind>` for a custom attribute).
            pub fn code(self) -> Cow<'static, str> {
                match self {
                    $(Column::$column => Cow::Borrowed($code),)*
                    Column::Custom(c) => Cow::Owned(c.code()),
                }
            }

            /// The column's header label (a custom attribute's is its own, in the grid's
            /// options: `GridCtx::label`).
            pub fn label(self) -> Key {
                match self {
                    $(Column::$column => Key::$label,)*
                    Column::Custom(_) => Key::CustomerAttributes,
                }
            }

            /// The column's filter, as in Magento's grid.
            pub fn filter_kind(self) -> FilterKind {
                match self {
                    $(Column::$column => $filter,)*
                    Column::Custom(c) => c.filter_kind(),
                }
            }

            /// Whether the grid can sort on the column.
            pub fn sortable(self) -> bool {
                match self {
                    $(Column::$column => $sortable,)*
                    Column::Custom(c) => c.sortable(),
                }
            }

            /// Whether the default view shows the column.
            pub fn visible_by_default(self) -> bool {
                match self {
                    $(Column::$column => $visible,)*
                    Column::Custom(_) => false,
                }
            }

            /// How a cell shows the value.
            pub fn format(self) -> CellFormat {
                match self {
                    $(Column::$column => CellFormat::$format,)*
                    Column::Custom(_) => CellFormat::Plain,
                }
            }

            /// Whether the grid-index column can be NULL.
            pub fn nullable(self) -> bool {
                match self {
                    $(Column::$column => <$ty as IndexValue>::NULLABLE,)*
                    Column::Custom(_) => true,
                }
            }

            /// The grid-index column holding the value. A custom attribute's values are
            /// not in the index (see `repo::condition`): `NULL`, which matches nothing.
            pub fn index_column(self) -> &'static str {
                match self {
                    $(Column::$column => $index,)*
                    Column::Custom(_) => "NULL",
                }
            }

            /// The SQL that fills the index column from the customer (`c`), its default
            /// billing (`b`) and shipping (`s`) addresses; `$1` is a newline.
            #[cfg(feature = "ssr")]
            pub fn source_sql(self) -> &'static str {
                match self {
                    $(Column::$column => $source,)*
                    Column::Custom(_) => "NULL",
                }
            }
        }

        impl GridRow {
            /// The raw value of `column` in this row.
            pub fn value(&self, column: Column) -> CellValue<'_> {
                match column {
                    $(Column::$column => self.$field.value(),)*
                    // Custom values come with the page (`GridPage::custom`).
                    Column::Custom(_) => CellValue::Empty,
                }
            }

            /// The row from a row of the grid index.
            #[cfg(feature = "ssr")]
            pub fn read(row: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
                Ok(GridRow {
                    $($field: <$ty as IndexValue>::read(row, $index)?,)*
                })
            }
        }
    };
}

use FilterKind::{DateRange, IdRange, Select, Text};

grid_columns! {
    Id(id: i64) {
        code: "entity_id", label: Id,
        index: "entity_id" = "c.entity_id",
        filter: IdRange, sortable: true, visible: true, format: Plain,
    }
    Name(name: String) {
        code: "name", label: ColName,
        index: "name" = "trim(COALESCE(c.prefix || ' ', '') || c.firstname || ' ' || COALESCE(c.middlename || ' ', '') || c.lastname || COALESCE(' ' || c.suffix, ''))",
        filter: Text, sortable: true, visible: true, format: Plain,
    }
    Email(email: String) {
        code: "email", label: Email,
        index: "email" = "c.email",
        filter: Text, sortable: true, visible: true, format: Plain,
    }
    Group(group_id: i64) {
        code: "group_id", label: Group,
        index: "group_id" = "c.group_id",
        filter: Select(OptionList::Groups), sortable: true, visible: true, format: GroupName,
    }
    Phone(billing_telephone: Option<String>) {
        code: "billing_telephone", label: ColPhone,
        index: "billing_telephone" = "b.telephone",
        filter: Text, sortable: true, visible: true, format: Plain,
    }
    Zip(billing_postcode: Option<String>) {
        code: "billing_postcode", label: ColZip,
        index: "billing_postcode" = "b.postcode",
        filter: Text, sortable: true, visible: true, format: Plain,
    }
    Country(billing_country_id: Option<String>) {
        code: "billing_country_id", label: ColCountry,
        index: "billing_country_id" = "b.country_id",
        filter: Select(OptionList::Countries), sortable: true, visible: true, format: CountryName,
    }
    Region(billing_region: Option<String>) {
        code: "billing_region", label: ColRegion,
        index: "billing_region" = "b.region",
        filter: Text, sortable: true, visible: true, format: RegionName,
    }
    CustomerSince(created_at: i64) {
        code: "created_at", label: ColCustomerSince,
        index: "created_at" = "c.created_at",
        filter: DateRange, sortable: true, visible: true, format: DateTime,
    }
    Website(website_id: Option<i64>) {
        code: "website_id", label: ColWebsite,
        index: "website_id" = "c.website_id",
        filter: Select(OptionList::Websites), sortable: true, visible: true, format: WebsiteName,
    }
    ConfirmedEmail(confirmation_pending: bool) {
        code: "confirmation", label: ColConfirmedEmail,
        index: "confirmation_pending" = "CASE WHEN c.confirmation IS NULL THEN 0 ELSE 1 END",
        filter: FilterKind::None, sortable: true, visible: true, format: Confirmation,
    }
    CreatedIn(created_in: String) {
        code: "created_in", label: ColCreatedIn,
        index: "created_in" = "c.created_in",
        filter: FilterKind::None, sortable: true, visible: true, format: Plain,
    }
    Dob(dob: Option<String>) {
        code: "dob", label: ColDob,
        index: "dob" = "c.dob",
        filter: DateRange, sortable: true, visible: true, format: Date,
    }
    Taxvat(taxvat: Option<String>) {
        code: "taxvat", label: ColTaxvat,
        index: "taxvat" = "c.taxvat",
        filter: Text, sortable: true, visible: true, format: Plain,
    }
    Gender(gender: Option<i64>) {
        code: "gender", label: ColGender,
        index: "gender" = "c.gender",
        filter: Select(OptionList::Genders), sortable: true, visible: true, format: GenderLabel,
    }
    BillingFull(billing_full: Option<String>) {
        code: "billing_full", label: ColBillingAddress,
        index: "billing_full" = "replace(b.street, $1, ', ') || ', ' || b.city || COALESCE(', ' || b.region, '') || COALESCE(' ' || b.postcode, '') || ', ' || b.country_id",
        filter: FilterKind::None, sortable: true, visible: false, format: Plain,
    }
    ShippingFull(shipping_full: Option<String>) {
        code: "shipping_full", label: ColShippingAddress,
        index: "shipping_full" = "replace(s.street, $1, ', ') || ', ' || s.city || COALESCE(', ' || s.region, '') || COALESCE(' ' || s.postcode, '') || ', ' || s.country_id",
        filter: FilterKind::None, sortable: true, visible: false, format: Plain,
    }
    Street(billing_street: Option<String>) {
        code: "billing_street", label: ColStreet,
        index: "billing_street" = "replace(b.street, $1, ', ')",
        filter: FilterKind::None, sortable: true, visible: false, format: Plain,
    }
    City(billing_city: Option<String>) {
        code: "billing_city", label: ColCity,
        index: "billing_city" = "b.city",
        filter: Text, sortable: true, visible: false, format: Plain,
    }
    Fax(billing_fax: Option<String>) {
        code: "billing_fax", label: ColFax,
        index: "billing_fax" = "b.fax",
        filter: Text, sortable: true, visible: false, format: Plain,
    }
    VatNumber(billing_vat_id: Option<String>) {
        code: "billing_vat_id", label: ColVatNumber,
        index: "billing_vat_id" = "b.vat_id",
        filter: Text, sortable: true, visible: false, format: Plain,
    }
    Company(billing_company: Option<String>) {
        code: "billing_company", label: ColCompany,
        index: "billing_company" = "b.company",
        filter: Text, sortable: true, visible: false, format: Plain,
    }
    BillingFirstname(billing_firstname: Option<String>) {
        code: "billing_firstname", label: ColBillingFirstname,
        index: "billing_firstname" = "b.firstname",
        filter: Text, sortable: true, visible: false, format: Plain,
    }
    BillingLastname(billing_lastname: Option<String>) {
        code: "billing_lastname", label: ColBillingLastname,
        index: "billing_lastname" = "b.lastname",
        filter: Text, sortable: true, visible: false, format: Plain,
    }
    AccountLock(lock_expires: Option<i64>) {
        code: "lock_expires", label: ColAccountLock,
        index: "lock_expires" = "c.lock_expires",
        filter: FilterKind::None, sortable: true, visible: false, format: Lock,
    }
}

crate::grid_column_serde!(Column);

impl GridColumn for Column {
    const ALL: &'static [Column] = Column::ALL;
    const NAMESPACE: &'static str = "customer_listing";
    const DEFAULT_SORT: Column = Column::Id;

    fn code(self) -> Cow<'static, str> {
        Column::code(self)
    }
    fn from_code(code: &str) -> Option<Self> {
        Column::ALL
            .iter()
            .copied()
            .find(|c| c.code() == code)
            .or_else(|| CustomColumn::from_code(code).map(Column::Custom))
    }
    fn label(self) -> Key {
        Column::label(self)
    }
    fn filter_kind(self) -> FilterKind {
        Column::filter_kind(self)
    }
    fn sortable(self) -> bool {
        Column::sortable(self)
    }
    fn visible_by_default(self) -> bool {
        Column::visible_by_default(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_index_columns_are_unique() {
        let codes: HashSet<_> = Column::ALL.iter().map(|c| c.code()).collect();
        assert!(
            codes.iter().all(|c| CustomColumn::from_code(c).is_none()),
            "{codes:?}"
        );
        let index: HashSet<_> = Column::ALL.iter().map(|c| c.index_column()).collect();
        assert_eq!(codes.len(), Column::ALL.len());
        assert_eq!(index.len(), Column::ALL.len());
        for column in Column::ALL {
            assert_eq!(Column::from_code(&column.code()), Some(*column));
        }
    }

    #[test]
    fn custom_columns_round_trip_through_their_codes() {
        for kind in [
            CustomKind::Text,
            CustomKind::Date,
            CustomKind::YesNo,
            CustomKind::Options,
            CustomKind::Multi,
            CustomKind::File,
        ] {
            let column = Column::Custom(CustomColumn {
                attribute_id: 12,
                kind,
            });
            assert_eq!(Column::from_code(&column.code()), Some(column));
        }
        assert_eq!(
            Column::Custom(CustomColumn {
                attribute_id: 7,
                kind: CustomKind::Options
            })
            .code(),
            "c7o"
        );
        for bad in [
            "c",
            "co",
            "c12",
            "c12x",
            "c-1o",
            "c0o",
            "cxo",
            "c1234567890123o",
            "c12o ",
        ] {
            assert_eq!(Column::from_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn columns_are_json_strings_so_filters_stay_an_object() {
        let custom = Column::Custom(CustomColumn {
            attribute_id: 3,
            kind: CustomKind::Options,
        });
        let filters: std::collections::BTreeMap<Column, u8> =
            [(Column::Email, 1), (custom, 2)].into();
        let json = serde_json::to_string(&filters).unwrap();
        assert_eq!(json, r#"{"email":1,"c3o":2}"#);
        assert_eq!(
            serde_json::from_str::<std::collections::BTreeMap<Column, u8>>(&json).unwrap(),
            filters
        );
        assert!(serde_json::from_str::<Column>(r#""password_hash""#).is_err());
    }

    #[test]
    fn the_default_view_is_magentos() {
        let shown = Column::default_visible();
        assert_eq!(shown.first(), Some(&Column::Id));
        assert_eq!(shown.last(), Some(&Column::Gender));
        assert_eq!(shown.len(), 15);
    }
}
