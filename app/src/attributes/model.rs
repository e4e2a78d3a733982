//! Custom customer and address attributes (Stores → Attributes, spec §11–§12): what an
//! attribute is, as the editor sends it and as forms show it, shared by browser and
//! server. The rules an attribute's definition and its values follow are in
//! [`super::rules`].

use crate::i18n::Key;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Whether `code` has an attribute code's form: a lower-case letter, then lower-case
/// letters, digits and `_` (whatever its length or entity).
pub fn code_shaped(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whose attribute it is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum EntityType {
    #[default]
    Customer,
    Address,
}

impl EntityType {
    /// Magento's entity type code, as the database stores it.
    pub fn code(self) -> &'static str {
        match self {
            EntityType::Customer => "customer",
            EntityType::Address => "customer_address",
        }
    }

    pub fn from_code(code: &str) -> Option<EntityType> {
        [EntityType::Customer, EntityType::Address]
            .into_iter()
            .find(|e| e.code() == code)
    }

    /// The admin path of the attribute grid.
    pub fn path(self) -> &'static str {
        match self {
            EntityType::Customer => "/admin/attributes/customer",
            EntityType::Address => "/admin/attributes/address",
        }
    }

    /// The longest attribute code (§25.19: address codes may be copied into order
    /// address tables, so they stay short).
    pub fn max_code_len(self) -> usize {
        match self {
            EntityType::Customer => 60,
            EntityType::Address => 21,
        }
    }

    /// The forms an attribute of this entity can be used in.
    pub fn forms(self) -> &'static [UsedInForm] {
        match self {
            EntityType::Customer => &[
                UsedInForm::CustomerAccountCreate,
                UsedInForm::CustomerAccountEdit,
                UsedInForm::AdminCheckout,
            ],
            EntityType::Address => &[UsedInForm::AddressRegister, UsedInForm::AddressEdit],
        }
    }

    pub fn title(self) -> Key {
        match self {
            EntityType::Customer => Key::CustomerAttributes,
            EntityType::Address => Key::AddressAttributes,
        }
    }
}

/// Magento's input types. File (attachment) and Image File values are uploaded files
/// (see [`crate::files`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InputType {
    #[default]
    Text,
    TextArea,
    Multiline,
    Date,
    YesNo,
    Dropdown,
    Multiselect,
    File,
    Image,
}

impl InputType {
    pub const ALL: [InputType; 9] = [
        InputType::Text,
        InputType::TextArea,
        InputType::Multiline,
        InputType::Date,
        InputType::YesNo,
        InputType::Dropdown,
        InputType::Multiselect,
        InputType::File,
        InputType::Image,
    ];

    /// Magento's `frontend_input`, as the database stores it.
    pub fn code(self) -> &'static str {
        match self {
            InputType::Text => "text",
            InputType::TextArea => "textarea",
            InputType::Multiline => "multiline",
            InputType::Date => "date",
            InputType::YesNo => "boolean",
            InputType::Dropdown => "select",
            InputType::Multiselect => "multiselect",
            InputType::File => "file",
            InputType::Image => "image",
        }
    }

    pub fn from_code(code: &str) -> Option<InputType> {
        InputType::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> Key {
        match self {
            InputType::Text => Key::InputText,
            InputType::TextArea => Key::InputTextArea,
            InputType::Multiline => Key::InputMultiline,
            InputType::Date => Key::InputDate,
            InputType::YesNo => Key::InputYesNo,
            InputType::Dropdown => Key::InputDropdown,
            InputType::Multiselect => Key::InputMultiselect,
            InputType::File => Key::InputFile,
            InputType::Image => Key::InputImage,
        }
    }

    /// Whether values are chosen from the attribute's options.
    pub fn has_options(self) -> bool {
        matches!(self, InputType::Dropdown | InputType::Multiselect)
    }

    /// Whether values are uploaded files (File or Image File).
    pub fn is_file(self) -> bool {
        matches!(self, InputType::File | InputType::Image)
    }

    /// Whether the customers grid's keyword search can read its values (not Yes/No,
    /// whose values are 0 and 1, nor files, whose values name uploads).
    pub fn is_searchable(self) -> bool {
        !matches!(self, InputType::YesNo) && !self.is_file()
    }

    /// Whether values are free text (Input Validation, lengths and the output filter
    /// apply).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            InputType::Text | InputType::TextArea | InputType::Multiline
        )
    }

    /// Where values are kept: `varchar` (short, indexed: text field, date, yes/no),
    /// `text` (long: text area, multiple line) or `option` (one row per chosen option).
    pub fn backend(self) -> Backend {
        match self {
            InputType::Text
            | InputType::Date
            | InputType::YesNo
            | InputType::File
            | InputType::Image => Backend::Varchar,
            InputType::TextArea | InputType::Multiline => Backend::Text,
            InputType::Dropdown | InputType::Multiselect => Backend::Option,
        }
    }
}

/// The value table an input type keeps its values in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Varchar,
    Text,
    Option,
}

/// Magento's Input Validation for text attributes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Validation {
    #[default]
    None,
    Alphanumeric,
    AlphanumericWithSpaces,
    NumericOnly,
    AlphaOnly,
    Url,
    Email,
    LengthOnly,
}

impl Validation {
    pub const ALL: [Validation; 8] = [
        Validation::None,
        Validation::Alphanumeric,
        Validation::AlphanumericWithSpaces,
        Validation::NumericOnly,
        Validation::AlphaOnly,
        Validation::Url,
        Validation::Email,
        Validation::LengthOnly,
    ];

    pub fn label(self) -> Key {
        match self {
            Validation::None => Key::ValidationNone,
            Validation::Alphanumeric => Key::ValidationAlphanumeric,
            Validation::AlphanumericWithSpaces => Key::ValidationAlphanumericSpaces,
            Validation::NumericOnly => Key::ValidationNumeric,
            Validation::AlphaOnly => Key::ValidationAlpha,
            Validation::Url => Key::ValidationUrl,
            Validation::Email => Key::ValidationEmail,
            Validation::LengthOnly => Key::ValidationLength,
        }
    }
}

/// Input/Output Filter of text attributes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OutputFilter {
    #[default]
    None,
    StripTags,
    EscapeHtml,
}

impl OutputFilter {
    pub const ALL: [OutputFilter; 3] = [
        OutputFilter::None,
        OutputFilter::StripTags,
        OutputFilter::EscapeHtml,
    ];

    pub fn label(self) -> Key {
        match self {
            OutputFilter::None => Key::ValidationNone,
            OutputFilter::StripTags => Key::FilterStripTags,
            OutputFilter::EscapeHtml => Key::FilterEscapeHtml,
        }
    }
}

/// Grid Filter Condition Type of text attributes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MatchType {
    #[default]
    Partial,
    Prefix,
    Full,
}

impl MatchType {
    pub const ALL: [MatchType; 3] = [MatchType::Partial, MatchType::Prefix, MatchType::Full];

    pub fn label(self) -> Key {
        match self {
            MatchType::Partial => Key::MatchPartial,
            MatchType::Prefix => Key::MatchPrefix,
            MatchType::Full => Key::MatchFull,
        }
    }
}

/// The storefront and admin forms an attribute can be used in ("Forms to Use In").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UsedInForm {
    CustomerAccountCreate,
    CustomerAccountEdit,
    AdminCheckout,
    AddressRegister,
    AddressEdit,
}

impl UsedInForm {
    /// Magento's form code, as the database stores it.
    pub fn code(self) -> &'static str {
        match self {
            UsedInForm::CustomerAccountCreate => "customer_account_create",
            UsedInForm::CustomerAccountEdit => "customer_account_edit",
            UsedInForm::AdminCheckout => "adminhtml_checkout",
            UsedInForm::AddressRegister => "customer_register_address",
            UsedInForm::AddressEdit => "customer_address_edit",
        }
    }

    pub fn from_code(code: &str) -> Option<UsedInForm> {
        [
            UsedInForm::CustomerAccountCreate,
            UsedInForm::CustomerAccountEdit,
            UsedInForm::AdminCheckout,
            UsedInForm::AddressRegister,
            UsedInForm::AddressEdit,
        ]
        .into_iter()
        .find(|f| f.code() == code)
    }

    pub fn label(self) -> Key {
        match self {
            UsedInForm::CustomerAccountCreate => Key::FormCustomerRegistration,
            UsedInForm::CustomerAccountEdit => Key::FormCustomerAccountEdit,
            UsedInForm::AdminCheckout => Key::FormAdminCheckout,
            UsedInForm::AddressRegister => Key::FormAddressRegistration,
            UsedInForm::AddressEdit => Key::FormAddressEdit,
        }
    }
}

/// The rules of a File (attachment) or Image File attribute's uploads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileRules {
    /// Maximum File Size in kilobytes (at most [`MAX_UPLOAD_KB`]; none means that).
    pub max_kb: Option<u32>,
    /// File Extensions allowed, comma separated (`pdf, png`); empty means the input
    /// type's usual ones ([`crate::attributes::rules::default_extensions`]).
    pub extensions: String,
    /// Image File: Maximum Image Width / Height in pixels.
    pub max_width: Option<u32>,
    pub max_height: Option<u32>,
}

impl FileRules {
    /// The largest upload in bytes.
    pub fn max_bytes(&self) -> usize {
        self.max_kb
            .map_or(MAX_UPLOAD_KB, |kb| (kb as usize).min(MAX_UPLOAD_KB))
            * 1024
    }
}

/// One option of a Dropdown or Multiple Select attribute.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OptionInput {
    /// `None` for an option added in this edit.
    pub id: Option<i64>,
    /// The Admin value (every store view without its own label shows it).
    pub admin_label: String,
    /// Store view id → label.
    pub labels: BTreeMap<i64, String>,
    pub is_default: bool,
}

/// An attribute as the editor shows and saves it (all three tabs). A part left out of a
/// request is its default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttributeInput {
    /// `None` for a new attribute.
    pub id: Option<i64>,
    pub entity: EntityType,
    // Attribute Properties
    pub label: String,
    /// Not editable after save.
    pub code: String,
    /// Not editable after save.
    pub input: InputType,
    pub required: bool,
    /// The default value as the form posts it (see [`super::rules::Value`]).
    pub default_value: String,
    pub validation: Validation,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    /// Multiple Line: 1–20 lines.
    pub lines: u32,
    /// Date: the earliest and latest dates accepted (`YYYY-MM-DD`), either may be empty.
    pub date_min: String,
    pub date_max: String,
    /// File and Image File: size, extensions and image dimensions.
    pub file: FileRules,
    pub filter: OutputFilter,
    pub in_grid: bool,
    pub filterable: bool,
    pub match_type: MatchType,
    pub searchable: bool,
    pub in_segments: bool,
    // Storefront Properties
    pub visible: bool,
    pub sort_order: i64,
    pub forms: Vec<UsedInForm>,
    // Manage Labels/Options
    /// Store view id → label.
    pub labels: BTreeMap<i64, String>,
    /// In display order.
    pub options: Vec<OptionInput>,
}

/// One row of the attribute grid: a custom attribute or a system one (§2.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeRow {
    /// `None` for a system attribute.
    pub id: Option<i64>,
    pub code: String,
    pub label: String,
    pub input: Option<InputType>,
    pub required: bool,
    pub system: bool,
    pub visible: bool,
    pub sort_order: i64,
}

/// What the editor opens with: the attribute and the store views to label it in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeForm {
    pub attribute: AttributeInput,
    /// `(store_id, name)` of every store view.
    pub store_views: Vec<(i64, String)>,
    /// Values stored (shown before a delete).
    pub values: u64,
    /// A system attribute (§2.2): only its labels and sort order can change, and this
    /// says what decides where it shows. `None` for a custom attribute.
    #[serde(default)]
    pub system: Option<SystemShown>,
}

/// Where a system attribute shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SystemShown {
    /// In every form of its entity.
    Always,
    /// Only in the admin's customer form.
    AdminOnly,
    /// As this Name and Address Options setting (Stores → Configuration) says.
    Setting(crate::i18n::Key),
}

/// One attribute as a form shows it, in the viewer's store view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// The attribute's id (0 for one not saved yet).
    pub id: i64,
    pub code: String,
    pub label: String,
    pub input: InputType,
    pub required: bool,
    pub default_value: String,
    pub validation: Validation,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub lines: u32,
    pub date_min: String,
    pub date_max: String,
    pub file: FileRules,
    pub filter: OutputFilter,
    /// Whose attribute it is (a file is uploaded for a customer's or an address's).
    pub entity: EntityType,
    /// `(option id, label)`, in order.
    pub options: Vec<(i64, String)>,
}

impl FieldDef {
    /// A stored value (see [`Values`]) as people read it, in `locale`: the chosen
    /// options' labels joined with ", ", Yes or No, a date in the language's order, the
    /// lines of a Multiple Line value joined with ", ", text as it is. An option deleted
    /// since is left out.
    pub fn value_text(&self, value: &str, locale: crate::i18n::Locale) -> String {
        match self.input {
            InputType::Dropdown | InputType::Multiselect => value
                .split(',')
                .filter_map(|id| id.trim().parse::<i64>().ok())
                .filter_map(|id| self.options.iter().find(|(o, _)| *o == id))
                .map(|(_, label)| label.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            InputType::YesNo => match value {
                "1" => crate::i18n::tr(locale, Key::Yes).to_string(),
                "0" => crate::i18n::tr(locale, Key::No).to_string(),
                _ => String::new(),
            },
            InputType::Date if !value.is_empty() => crate::dates::date_only(locale, value),
            InputType::File | InputType::Image => file_name(value).to_string(),
            InputType::Multiline => value
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            _ => value.to_string(),
        }
    }

    /// A stored value as a grid's cell carries it: a File's or Image File's whole value
    /// (`<token>/<name>`: the cell links to the file and shows its name), any other as
    /// [`FieldDef::value_text`] reads it.
    pub fn grid_value(&self, value: &str, locale: crate::i18n::Locale) -> String {
        match self.input {
            InputType::File | InputType::Image if !file_name(value).is_empty() => value.to_string(),
            _ => self.value_text(value, locale),
        }
    }
}

/// The upload token of a File or Image File value (`<token>/<name>`).
pub fn file_token(value: &str) -> &str {
    value.split_once('/').map_or(value, |(token, _)| token)
}

/// The file name of a File or Image File value (`<token>/<name>`).
pub fn file_name(value: &str) -> &str {
    value.split_once('/').map_or("", |(_, name)| name)
}

/// `text` with every byte but ASCII letters, digits, `.`, `-` and `_` as `%XX` (a URL
/// path part, a header value, RFC 6266's `filename*`).
pub fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where the file of a File or Image File value is served (to its owner and admins).
pub fn file_url(value: &str) -> String {
    format!(
        "{FILE_PATH}/{}/{}",
        file_token(value),
        percent_encoded(file_name(value))
    )
}

/// The path files are uploaded to (POST) and served under (GET `/<token>/<name>`).
pub const FILE_PATH: &str = "/media/customer-file";

/// The largest upload of any File or Image File attribute: 4 MiB.
pub const MAX_UPLOAD_KB: usize = 4096;

/// Custom attribute values as forms carry them: code → value text (see
/// [`super::rules::Value`] for each type's text).
pub type Values = BTreeMap<String, String>;

/// The longest label (Magento's column).
pub const MAX_LABEL_LEN: usize = 255;
/// The most options an attribute may have.
pub const MAX_OPTIONS: usize = 200;
/// The most custom attributes of one entity type.
pub const MAX_ATTRIBUTES: usize = 200;
/// The longest text value a Text Field keeps (it is indexed).
pub const MAX_VARCHAR_LEN: usize = 255;
/// The longest Text Area or Multiple Line value.
pub const MAX_TEXT_LEN: usize = 65_535;
