//! The rules of attributes, run in the browser (messages as the admin or shopper types)
//! and again on the server, from this one code: what a definition must be (the editor),
//! and what a value must be (every form an attribute shows in).
//!
//! A value travels as text ([`super::model::Values`]):
//! - Text Field, Text Area: the text; Multiple Line: its lines joined with `\n`;
//! - Date: `YYYY-MM-DD`; Yes/No: `1` or `0`;
//! - Dropdown: the option id; Multiple Select: the option ids joined with `,`.
//!
//! An empty text is no value.

use super::model::{
    AttributeInput, EntityType, FieldDef, InputType, OutputFilter, UsedInForm, Validation,
    MAX_LABEL_LEN, MAX_OPTIONS, MAX_TEXT_LEN, MAX_UPLOAD_KB, MAX_VARCHAR_LEN,
};
use crate::forms::FieldErrors;
use crate::i18n::{Key, Message};

/// The codes of the system customer attributes (§2.2) and the columns beside them:
/// a custom attribute cannot take them.
pub const CUSTOMER_SYSTEM: [&str; 16] = [
    "website_id",
    "store_id",
    "created_in",
    "prefix",
    "firstname",
    "middlename",
    "lastname",
    "suffix",
    "email",
    "group_id",
    "dob",
    "taxvat",
    "gender",
    "disable_auto_group_change",
    "created_at",
    "updated_at",
];

/// The system address attributes (§2.3).
pub const ADDRESS_SYSTEM: [&str; 14] = [
    "prefix",
    "firstname",
    "middlename",
    "lastname",
    "suffix",
    "company",
    "street",
    "city",
    "country_id",
    "region",
    "region_id",
    "postcode",
    "telephone",
    "fax",
];

/// Codes no custom attribute may take besides the system ones: hidden columns, and the
/// names forms and templates already use.
const RESERVED: [&str; 26] = [
    "entity_id",
    "id",
    "parent_id",
    "increment_id",
    "is_active",
    "password",
    "password_hash",
    "password_confirmation",
    "rp_token",
    "rp_token_created_at",
    "default_billing",
    "default_shipping",
    "confirmation",
    "failures_num",
    "first_failure",
    "lock_expires",
    "vat_id",
    "vat_is_valid",
    "country",
    "street1",
    "street2",
    "street3",
    "street4",
    "custom",
    "newsletter",
    "version",
];

/// Whether `code` is a system attribute's or otherwise reserved for `entity`.
pub fn is_reserved(entity: EntityType, code: &str) -> bool {
    let system: &[&str] = match entity {
        EntityType::Customer => &CUSTOMER_SYSTEM,
        EntityType::Address => &ADDRESS_SYSTEM,
    };
    system.contains(&code) || RESERVED.contains(&code)
}

/// The most lines a Multiple Line attribute may have.
pub const MAX_LINES: u32 = 20;
/// The largest sort order.
pub const MAX_SORT_ORDER: i64 = 99_999;

fn label_problem(text: &str, label: Key) -> Option<Message> {
    let text = text.trim();
    if text.is_empty() {
        Some(Message::required(label))
    } else if text.chars().count() > MAX_LABEL_LEN {
        Some(Message::too_long(label, MAX_LABEL_LEN))
    } else if text.chars().any(char::is_control) {
        Some(Message::not_valid(label))
    } else {
        None
    }
}

impl AttributeInput {
    /// Every rule of the editor that needs no database (a code already taken is the
    /// server's). Errors are keyed by field: `label`, `code`, `lines`, `min_length`,
    /// `max_length`, `date_min`, `date_max`, `default_value`, `sort_order`, `forms`,
    /// `options`, `options.<n>`, `labels.<store id>`.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = self.validate_labels_and_order();
        if let Err(m) = check_code(self.entity, &self.code) {
            errors.insert("code".into(), m);
        }
        if self.input == InputType::Multiline && !(2..=MAX_LINES).contains(&self.lines) {
            errors.insert(
                "lines".into(),
                Message::new(Key::ErrLinesCount).with("max", i64::from(MAX_LINES)),
            );
        }
        if self.input.is_text() {
            let cap = if self.input == InputType::Text {
                MAX_VARCHAR_LEN
            } else {
                MAX_TEXT_LEN
            } as u32;
            if self.max_length.is_some_and(|max| max == 0 || max > cap) {
                errors.insert(
                    "max_length".into(),
                    Message::new(Key::ErrLengthBetween).with("max", i64::from(cap)),
                );
            }
            if let (Some(min), Some(max)) = (self.min_length, self.max_length) {
                if min > max {
                    errors.insert("min_length".into(), Key::ErrRangeReversed.into());
                }
            }
        }
        if self.input == InputType::Date {
            let min = date_bound(&self.date_min);
            let max = date_bound(&self.date_max);
            if min.is_err() {
                errors.insert("date_min".into(), Key::ErrBadDate.into());
            }
            if max.is_err() {
                errors.insert("date_max".into(), Key::ErrBadDate.into());
            }
            if let (Ok(Some(min)), Ok(Some(max))) = (min, max) {
                if min > max {
                    errors.insert("date_max".into(), Key::ErrRangeReversed.into());
                }
            }
        }
        if self.input.is_file() {
            self.check_file_rules(&mut errors);
        }
        if self.forms.iter().any(|f| !self.entity.forms().contains(f)) {
            errors.insert("forms".into(), Key::ErrChooseFromList.into());
        }
        self.check_options(&mut errors);
        if !self.input.has_options() && !self.default_value.trim().is_empty() {
            if let Err(m) = check_value(&self.field(), &self.default_value) {
                errors.insert("default_value".into(), m);
            }
        }
        errors
    }

    /// The rules of what a system attribute's editor can change too (§11.1 restricted
    /// editing): the Default Label, the sort order and the store view labels.
    pub fn validate_labels_and_order(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if let Some(m) = label_problem(&self.label, Key::DefaultLabel) {
            errors.insert("label".into(), m);
        }
        if !(0..=MAX_SORT_ORDER).contains(&self.sort_order) {
            errors.insert(
                "sort_order".into(),
                Message::new(Key::ErrSortOrder).with("max", MAX_SORT_ORDER),
            );
        }
        for (store, label) in &self.labels {
            if label.chars().count() > MAX_LABEL_LEN || label.chars().any(char::is_control) {
                errors.insert(
                    format!("labels.{store}"),
                    Message::too_long(Key::StoreViewLabel, MAX_LABEL_LEN),
                );
            }
        }
        errors
    }

    fn check_file_rules(&self, errors: &mut FieldErrors) {
        let rules = &self.file;
        if rules
            .max_kb
            .is_some_and(|kb| kb == 0 || kb as usize > MAX_UPLOAD_KB)
        {
            errors.insert(
                "max_file_kb".into(),
                Message::new(Key::ErrFileSizeLimit).with("max", MAX_UPLOAD_KB),
            );
        }
        let allowed = default_extensions(self.input);
        for ext in extension_list(&rules.extensions) {
            let shaped = !ext.is_empty()
                && ext.len() <= 10
                && ext
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            // An Image File takes images only; a File takes any extension but those a
            // browser would run or render as a page.
            let refused = match self.input {
                InputType::Image => !allowed.contains(&ext.as_str()),
                _ => DANGEROUS_EXTENSIONS.contains(&ext.as_str()),
            };
            if !shaped || refused {
                errors.insert(
                    "file_extensions".into(),
                    Message::new(Key::ErrExtensionRefused).with("ext", ext),
                );
                break;
            }
        }
        for (name, value) in [
            ("max_image_width", rules.max_width),
            ("max_image_height", rules.max_height),
        ] {
            if value.is_some_and(|px| px == 0 || px > MAX_IMAGE_SIDE) {
                errors.insert(
                    name.into(),
                    Message::new(Key::ErrImageSideLimit).with("max", i64::from(MAX_IMAGE_SIDE)),
                );
            }
        }
    }

    fn check_options(&self, errors: &mut FieldErrors) {
        if !self.input.has_options() {
            return;
        }
        if self.options.is_empty() {
            errors.insert("options".into(), Key::ErrAddOption.into());
        } else if self.options.len() > MAX_OPTIONS {
            errors.insert(
                "options".into(),
                Message::new(Key::ErrTooManyOptions).with("max", MAX_OPTIONS),
            );
        }
        if self.input == InputType::Dropdown
            && self.options.iter().filter(|o| o.is_default).count() > 1
        {
            errors.insert("options".into(), Key::ErrOneDefaultOption.into());
        }
        let mut seen = std::collections::HashSet::new();
        for (i, option) in self.options.iter().enumerate() {
            let problem = label_problem(&option.admin_label, Key::AdminValue).or_else(|| {
                (!seen.insert(option.admin_label.trim().to_lowercase())).then(|| {
                    Message::new(Key::ErrOptionTwice).with("name", option.admin_label.trim())
                })
            });
            let problem = problem.or_else(|| {
                option
                    .labels
                    .values()
                    .any(|l| l.chars().count() > MAX_LABEL_LEN || l.chars().any(char::is_control))
                    .then(|| Message::too_long(Key::StoreViewLabel, MAX_LABEL_LEN))
            });
            if let Some(m) = problem {
                errors.insert(format!("options.{i}"), m);
            }
        }
    }

    /// The attribute as a form shows it (admin labels; option ids of options not yet
    /// saved are their places, negative).
    pub fn field(&self) -> FieldDef {
        FieldDef {
            id: self.id.unwrap_or(0),
            code: self.code.clone(),
            label: self.label.trim().to_string(),
            input: self.input,
            required: self.required,
            default_value: self.default_value.clone(),
            validation: self.validation,
            min_length: self.min_length,
            max_length: self.max_length,
            lines: self.lines,
            date_min: self.date_min.clone(),
            date_max: self.date_max.clone(),
            file: self.file.clone(),
            filter: self.filter,
            entity: self.entity,
            options: self
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| (o.id.unwrap_or(-(i as i64) - 1), o.admin_label.clone()))
                .collect(),
        }
    }

    /// The forms the attribute is in, for this entity only, each once.
    pub fn chosen_forms(&self) -> Vec<UsedInForm> {
        let mut forms: Vec<UsedInForm> = self
            .forms
            .iter()
            .copied()
            .filter(|f| self.entity.forms().contains(f))
            .collect();
        forms.sort();
        forms.dedup();
        forms
    }
}

/// An attribute code: a lower-case letter, then lower-case letters, digits and `_`, at
/// most the entity's length, and not a system or reserved code.
pub fn check_code(entity: EntityType, code: &str) -> Result<(), Message> {
    let max = entity.max_code_len();
    let well_formed = super::model::code_shaped(code);
    if code.is_empty() {
        Err(Message::required(Key::AttributeCode))
    } else if !well_formed {
        Err(Message::new(Key::ErrAttributeCodeForm))
    } else if code.len() > max {
        Err(Message::too_long(Key::AttributeCode, max))
    } else if is_reserved(entity, code) {
        Err(Message::new(Key::ErrAttributeCodeReserved).with("code", code))
    } else {
        Ok(())
    }
}

fn date_bound(text: &str) -> Result<Option<i64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    crate::dates::parse_date(text).map(Some).ok_or(())
}

/// A value as stored, checked against its attribute: `Ok(None)` for no value.
/// Text is trimmed and passed through the attribute's input filter; option ids are
/// checked against its options and kept in order without repeats.
pub fn check_value(field: &FieldDef, raw: &str) -> Result<Option<String>, Message> {
    let label = || field.label.clone();
    let value = normalise(field, raw)?;
    let Some(value) = value else {
        return if field.required {
            Err(Message::new(Key::ErrRequiredNamed).with("label", label()))
        } else {
            Ok(None)
        };
    };
    match field.input {
        InputType::Text | InputType::TextArea | InputType::Multiline => {
            check_text(field, &value)?;
        }
        InputType::Date => {
            let day = crate::dates::parse_date(&value).ok_or(Message::new(Key::ErrBadDate))?;
            if let Ok(Some(min)) = date_bound(&field.date_min) {
                if day < min {
                    return Err(Message::new(Key::ErrDateNotBefore)
                        .with("label", label())
                        .with("date", field.date_min.trim()));
                }
            }
            if let Ok(Some(max)) = date_bound(&field.date_max) {
                if day > max {
                    return Err(Message::new(Key::ErrDateNotAfter)
                        .with("label", label())
                        .with("date", field.date_max.trim()));
                }
            }
        }
        InputType::YesNo | InputType::Dropdown | InputType::Multiselect => {}
        InputType::File | InputType::Image => {
            if !is_file_value(&value) {
                return Err(Message::new(Key::ErrUploadAgain).with("label", label()));
            }
        }
    }
    Ok(Some(value))
}

/// The largest image width or height an Image File attribute may allow.
pub const MAX_IMAGE_SIDE: u32 = 10_000;

/// Extensions a File attribute never takes: pages, scripts and programs a browser or a
/// desktop would open by running them.
const DANGEROUS_EXTENSIONS: [&str; 16] = [
    "htm", "html", "xhtml", "shtml", "svg", "xml", "js", "mjs", "php", "phtml", "exe", "bat",
    "cmd", "sh", "jar", "msi",
];

/// The extensions of an input type when its attribute names none.
pub fn default_extensions(input: InputType) -> &'static [&'static str] {
    match input {
        InputType::Image => &["jpg", "jpeg", "png", "gif", "webp"],
        _ => &[
            "pdf", "txt", "csv", "jpg", "jpeg", "png", "gif", "webp", "doc", "docx", "xls", "xlsx",
            "odt", "ods", "zip",
        ],
    }
}

/// `"PDF, .png ,"` as `["pdf", "png"]`.
fn extension_list(text: &str) -> Vec<String> {
    text.split([',', ' ', ';'])
        .map(|e| e.trim().trim_start_matches('.').to_lowercase())
        .filter(|e| !e.is_empty())
        .collect()
}

/// The extensions `field` accepts.
pub fn allowed_extensions(field: &FieldDef) -> Vec<String> {
    let listed = extension_list(&field.file.extensions);
    if listed.is_empty() {
        default_extensions(field.input)
            .iter()
            .map(|e| e.to_string())
            .collect()
    } else {
        listed
    }
}

/// The longest uploaded file name kept (longer ones are shortened, keeping the
/// extension).
pub const MAX_FILE_NAME: usize = 120;

/// An uploaded file's name as kept: its last path part, without control characters,
/// quotes, slashes or leading dots, at most [`MAX_FILE_NAME`] characters; `None` when
/// nothing is left.
pub fn clean_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| {
            !c.is_control()
                && !matches!(
                    c,
                    '"' | '\'' | '<' | '>' | '%' | '?' | '#' | '*' | ':' | '|'
                )
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() {
        return None;
    }
    if cleaned.chars().count() <= MAX_FILE_NAME {
        return Some(cleaned);
    }
    let (stem, ext) = cleaned.rsplit_once('.').unwrap_or((&cleaned, ""));
    let keep = MAX_FILE_NAME.saturating_sub(ext.chars().count() + 1);
    Some(format!(
        "{}.{ext}",
        stem.chars().take(keep).collect::<String>()
    ))
}

/// The lower-case extension of a file name (`""` when none).
pub fn extension_of(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default()
}

/// The checks an upload's name and size must pass before its bytes are read (the
/// browser runs them before sending; the server again, then checks the content).
pub fn check_upload(field: &FieldDef, name: &str, size: usize) -> Result<String, Message> {
    let name = clean_file_name(name).ok_or(Message::new(Key::ErrFileName))?;
    let ext = extension_of(&name);
    let allowed = allowed_extensions(field);
    if !allowed.contains(&ext) {
        return Err(Message::new(Key::ErrFileExtension).with("list", allowed.join(", ")));
    }
    if size == 0 {
        return Err(Message::new(Key::ErrFileEmpty));
    }
    let max = field.file.max_bytes();
    if size > max {
        return Err(Message::new(Key::ErrFileTooBig).with("max", (max / 1024) as i64));
    }
    Ok(name)
}

/// A File or Image File value: the upload's token (32 hex digits), `/`, its file name.
pub fn is_file_value(value: &str) -> bool {
    value.split_once('/').is_some_and(|(token, name)| {
        token.len() == 32
            && token.bytes().all(|b| b.is_ascii_hexdigit())
            && clean_file_name(name).as_deref() == Some(name)
    })
}

/// The value in its stored form, before the rules of its kind: `None` when empty.
fn normalise(field: &FieldDef, raw: &str) -> Result<Option<String>, Message> {
    let choose = || Message::new(Key::ErrChooseFromList);
    let known = |id: i64| field.options.iter().any(|(o, _)| *o == id);
    let value = match field.input {
        InputType::Text => filter(field.filter, raw.trim()),
        InputType::TextArea => filter(field.filter, raw.trim()),
        InputType::Multiline => {
            let lines: Vec<String> = raw
                .lines()
                .map(|l| filter(field.filter, l.trim()))
                .collect();
            let last = lines
                .iter()
                .rposition(|l| !l.is_empty())
                .map_or(0, |i| i + 1);
            if last > field.lines.max(1) as usize {
                return Err(Message::new(Key::ErrTooManyLines)
                    .with("label", field.label.clone())
                    .with("max", i64::from(field.lines)));
            }
            lines[..last].join("\n")
        }
        InputType::Date | InputType::File | InputType::Image => raw.trim().to_string(),
        InputType::YesNo => match raw.trim() {
            "" => String::new(),
            "1" | "0" => raw.trim().to_string(),
            _ => return Err(choose()),
        },
        InputType::Dropdown => match raw.trim() {
            "" => String::new(),
            id => {
                let id: i64 = id.parse().map_err(|_| choose())?;
                if !known(id) {
                    return Err(choose());
                }
                id.to_string()
            }
        },
        InputType::Multiselect => {
            let mut ids = Vec::new();
            for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let id: i64 = part.parse().map_err(|_| choose())?;
                if !known(id) {
                    return Err(choose());
                }
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            // In the attribute's option order.
            ids.sort_by_key(|id| field.options.iter().position(|(o, _)| o == id));
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        }
    };
    Ok((!value.is_empty()).then_some(value))
}

/// Text through the attribute's input filter.
fn filter(filter: OutputFilter, text: &str) -> String {
    match filter {
        OutputFilter::None => text.to_string(),
        OutputFilter::StripTags => {
            let mut out = String::with_capacity(text.len());
            let mut in_tag = false;
            for c in text.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    c if !in_tag => out.push(c),
                    _ => {}
                }
            }
            out.trim().to_string()
        }
        OutputFilter::EscapeHtml => text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#039;"),
    }
}

/// The length and Input Validation rules of a text value (already normalised).
fn check_text(field: &FieldDef, value: &str) -> Result<(), Message> {
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Message::new(Key::ErrNotValidNamed).with("label", field.label.clone()));
    }
    let cap = if field.input == InputType::Text {
        MAX_VARCHAR_LEN
    } else {
        MAX_TEXT_LEN
    };
    let len = value.chars().count();
    let max = field.max_length.map_or(cap, |m| (m as usize).min(cap));
    if len > max {
        return Err(Message::new(Key::ErrTooLong)
            .with("label", field.label.clone())
            .with("max", max));
    }
    if let Some(min) = field.min_length {
        if len < min as usize {
            return Err(Message::new(Key::ErrTooShortNamed)
                .with("label", field.label.clone())
                .with("min", i64::from(min)));
        }
    }
    let each_line = |ok: &dyn Fn(char) -> bool| value.lines().all(|l| l.chars().all(ok));
    let refused = match field.validation {
        Validation::None | Validation::LengthOnly => None,
        Validation::Alphanumeric => {
            (!each_line(&|c: char| c.is_alphanumeric())).then_some(Key::ErrOnlyAlphanumeric)
        }
        Validation::AlphanumericWithSpaces => {
            (!each_line(&|c: char| c.is_alphanumeric() || c == ' '))
                .then_some(Key::ErrOnlyAlphanumericSpaces)
        }
        Validation::NumericOnly => {
            (!each_line(&|c: char| c.is_ascii_digit())).then_some(Key::ErrOnlyDigits)
        }
        Validation::AlphaOnly => {
            (!each_line(&|c: char| c.is_alphabetic())).then_some(Key::ErrOnlyLetters)
        }
        Validation::Url => (!value.lines().all(is_url)).then_some(Key::ErrNotUrl),
        Validation::Email => value
            .lines()
            .any(|l| crate::customers::domain::Email::parse(l).is_err())
            .then_some(Key::ErrNotEmail),
    };
    match refused {
        Some(key) => Err(Message::new(key)),
        None => Ok(()),
    }
}

/// An absolute http, https or ftp URL with a host and no spaces.
fn is_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "ftp"
    ) && !host.is_empty()
        && !host.starts_with('.')
        && host.contains(|c: char| c.is_alphanumeric())
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
}

/// Check every value of `fields` in `values` (missing ones are empty). Answers the
/// values as stored (only the fields', without empty ones) or the errors, keyed
/// `custom.<code>`.
pub fn check_values(
    fields: &[FieldDef],
    values: &super::model::Values,
) -> Result<super::model::Values, FieldErrors> {
    let mut stored = super::model::Values::new();
    let mut errors = FieldErrors::new();
    for field in fields {
        let raw = values.get(&field.code).map_or("", String::as_str);
        match check_value(field, raw) {
            Ok(Some(value)) => {
                stored.insert(field.code.clone(), value);
            }
            Ok(None) => {}
            Err(message) => {
                errors.insert(field_key(&field.code), message);
            }
        }
    }
    if errors.is_empty() {
        Ok(stored)
    } else {
        Err(errors)
    }
}

/// The error key of a custom attribute's field.
pub fn field_key(code: &str) -> String {
    format!("custom.{code}")
}

/// The custom values of a form posted before its script loaded: `custom[<code>]` as it
/// is, a Multiple Select's ticked boxes (`<code>:<option id>`) joined with `,` and a
/// Multiple Line's lines (`<code>:<line>`) joined with a newline. Keys of no field are
/// dropped, and so are fields nothing was posted for. Values a script sent (`<code>`
/// only) pass unchanged.
pub fn fold_posted(
    fields: &[FieldDef],
    posted: &std::collections::BTreeMap<String, String>,
) -> super::model::Values {
    let mut values = super::model::Values::new();
    for field in fields {
        let prefix = format!("{}:", field.code);
        let mut parts: Vec<(usize, String)> = posted
            .iter()
            .filter_map(|(key, value)| {
                let rest = key.strip_prefix(&prefix)?;
                Some((rest.parse::<usize>().ok()?, value.clone()))
            })
            .collect();
        parts.sort();
        let value = match field.input {
            InputType::Multiselect if !parts.is_empty() => parts
                .iter()
                .map(|(id, _)| id.to_string())
                .collect::<Vec<_>>()
                .join(","),
            InputType::Multiline if !parts.is_empty() => {
                let mut lines = vec![String::new(); parts.last().map_or(0, |p| p.0 + 1).min(64)];
                for (n, text) in parts {
                    if let Some(line) = lines.get_mut(n) {
                        *line = text.replace(['\r', '\n'], " ");
                    }
                }
                lines.join("\n")
            }
            _ => match posted.get(&field.code) {
                Some(value) => value.clone(),
                // Nothing posted for the field: it stays as it is (see [`submitted`]).
                None => continue,
            },
        };
        values.insert(field.code.clone(), value);
    }
    values
}

/// The fields a form sent a value for (an empty one clears it). A field the request does
/// not mention keeps its value: an edit queued on a device that had not loaded the
/// attribute, or a form that does not show it, never clears what is stored.
pub fn submitted(fields: &[FieldDef], values: &super::model::Values) -> Vec<FieldDef> {
    fields
        .iter()
        .filter(|f| values.contains_key(&f.code))
        .cloned()
        .collect()
}

/// The starting values of a new form: each field's default.
pub fn defaults(fields: &[FieldDef]) -> super::model::Values {
    fields
        .iter()
        .filter(|f| !f.default_value.is_empty())
        .map(|f| (f.code.clone(), f.default_value.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attributes::model::OptionInput;

    fn field(input: InputType) -> FieldDef {
        AttributeInput {
            code: "loyalty".into(),
            label: "Loyalty".into(),
            input,
            lines: 3,
            options: vec![
                OptionInput {
                    id: Some(7),
                    admin_label: "Gold".into(),
                    ..OptionInput::default()
                },
                OptionInput {
                    id: Some(9),
                    admin_label: "Silver".into(),
                    ..OptionInput::default()
                },
            ],
            ..AttributeInput::default()
        }
        .field()
    }

    fn with(input: InputType, f: impl FnOnce(&mut FieldDef)) -> FieldDef {
        let mut d = field(input);
        f(&mut d);
        d
    }

    #[test]
    fn codes_follow_magentos_form_and_avoid_system_codes() {
        let ok = |e, c: &str| check_code(e, c).is_ok();
        assert!(ok(EntityType::Customer, "loyalty_tier2"));
        assert!(!ok(EntityType::Customer, ""));
        assert!(!ok(EntityType::Customer, "2tier"));
        assert!(!ok(EntityType::Customer, "_tier"));
        assert!(!ok(EntityType::Customer, "Tier"));
        assert!(!ok(EntityType::Customer, "tier-a"));
        assert!(!ok(EntityType::Customer, "tiér"));
        assert!(ok(EntityType::Customer, &format!("a{}", "b".repeat(59))));
        assert!(!ok(EntityType::Customer, &format!("a{}", "b".repeat(60))));
        assert!(ok(EntityType::Address, &"a".repeat(21)));
        assert!(!ok(EntityType::Address, &"a".repeat(22)));
        assert_eq!(
            check_code(EntityType::Customer, "email").unwrap_err().key,
            Key::ErrAttributeCodeReserved
        );
        assert!(!ok(EntityType::Address, "telephone"));
        assert!(!ok(EntityType::Address, "street2"));
        // "company" is an address attribute, free on customers.
        assert!(ok(EntityType::Customer, "company"));
    }

    #[test]
    fn each_input_validation_accepts_and_refuses_as_named() {
        let table: &[(Validation, &str, bool)] = &[
            (Validation::None, "anything <b> goes", true),
            (Validation::Alphanumeric, "Abc123", true),
            (Validation::Alphanumeric, "Çà9", true),
            (Validation::Alphanumeric, "abc 123", false),
            (Validation::Alphanumeric, "abc-1", false),
            (Validation::AlphanumericWithSpaces, "abc 123", true),
            (Validation::AlphanumericWithSpaces, "abc_123", false),
            (Validation::NumericOnly, "0042", true),
            (Validation::NumericOnly, "4.2", false),
            (Validation::NumericOnly, "١٢", false),
            (Validation::AlphaOnly, "Zoë", true),
            (Validation::AlphaOnly, "Zoe1", false),
            (Validation::Url, "https://example.com/a?b=1", true),
            (Validation::Url, "ftp://files.example.org", true),
            (Validation::Url, "example.com", false),
            (Validation::Url, "javascript://alert(1)", false),
            (Validation::Url, "https:// example.com", false),
            (Validation::Email, "ada@example.com", true),
            (Validation::Email, "ada@", false),
            (Validation::LengthOnly, "any text!", true),
        ];
        for (validation, value, ok) in table {
            let f = with(InputType::Text, |f| f.validation = *validation);
            assert_eq!(
                check_value(&f, value).is_ok(),
                *ok,
                "{validation:?} {value:?}"
            );
        }
    }

    #[test]
    fn lengths_required_and_filters_apply_to_text() {
        let f = with(InputType::Text, |f| {
            f.min_length = Some(3);
            f.max_length = Some(5);
            f.required = true;
        });
        assert_eq!(
            check_value(&f, "  ").unwrap_err(),
            "Loyalty is a required field."
        );
        assert_eq!(
            check_value(&f, "ab").unwrap_err().key,
            Key::ErrTooShortNamed
        );
        assert_eq!(check_value(&f, " abcde ").unwrap(), Some("abcde".into()));
        assert_eq!(check_value(&f, "abcdéf").unwrap_err().key, Key::ErrTooLong);
        // A Text Field never holds more than its indexed column.
        let plain = field(InputType::Text);
        assert!(check_value(&plain, &"x".repeat(MAX_VARCHAR_LEN)).is_ok());
        assert!(check_value(&plain, &"x".repeat(MAX_VARCHAR_LEN + 1)).is_err());
        assert!(check_value(&plain, "a\u{0}b").is_err());
        let strip = with(InputType::Text, |f| f.filter = OutputFilter::StripTags);
        assert_eq!(
            check_value(&strip, "<script>x</script>Gold <b>VIP</b>").unwrap(),
            Some("xGold VIP".into())
        );
        let escape = with(InputType::TextArea, |f| f.filter = OutputFilter::EscapeHtml);
        assert_eq!(
            check_value(&escape, "<i>\"A&B\"</i>").unwrap(),
            Some("&lt;i&gt;&quot;A&amp;B&quot;&lt;/i&gt;".into())
        );
    }

    #[test]
    fn multiple_lines_keep_at_most_their_count() {
        let f = field(InputType::Multiline);
        assert_eq!(
            check_value(&f, " Gate 4 \n\nRing twice\n\n").unwrap(),
            Some("Gate 4\n\nRing twice".into())
        );
        assert_eq!(
            check_value(&f, "1\n2\n3\n4").unwrap_err().key,
            Key::ErrTooManyLines
        );
    }

    #[test]
    fn dates_are_real_and_within_the_range() {
        let f = with(InputType::Date, |f| {
            f.date_min = "2020-01-01".into();
            f.date_max = "2020-12-31".into();
        });
        assert_eq!(
            check_value(&f, "2020-02-29").unwrap(),
            Some("2020-02-29".into())
        );
        assert_eq!(
            check_value(&f, "2021-02-29").unwrap_err().key,
            Key::ErrBadDate
        );
        assert_eq!(
            check_value(&f, "2019-12-31").unwrap_err().key,
            Key::ErrDateNotBefore
        );
        assert_eq!(
            check_value(&f, "2021-01-01").unwrap_err().key,
            Key::ErrDateNotAfter
        );
        assert_eq!(check_value(&f, "").unwrap(), None);
    }

    #[test]
    fn choices_must_be_the_attributes_own() {
        let yes_no = field(InputType::YesNo);
        assert_eq!(check_value(&yes_no, "1").unwrap(), Some("1".into()));
        assert_eq!(check_value(&yes_no, "0").unwrap(), Some("0".into()));
        assert!(check_value(&yes_no, "yes").is_err());
        let drop = field(InputType::Dropdown);
        assert_eq!(check_value(&drop, "9").unwrap(), Some("9".into()));
        assert_eq!(
            check_value(&drop, "8").unwrap_err().key,
            Key::ErrChooseFromList
        );
        assert!(check_value(&drop, "9 OR 1=1").is_err());
        let multi = field(InputType::Multiselect);
        assert_eq!(check_value(&multi, "9,7,9").unwrap(), Some("7,9".into()));
        assert!(check_value(&multi, "7,8").is_err());
        let required = with(InputType::Multiselect, |f| f.required = true);
        assert!(check_value(&required, " , ").is_err());
    }

    #[test]
    fn a_form_posted_without_script_folds_boxes_and_lines() {
        let fields = vec![field(InputType::Multiselect), {
            let mut lines = field(InputType::Multiline);
            lines.code = "note".into();
            lines
        }];
        let posted: std::collections::BTreeMap<String, String> = [
            ("loyalty:9", "1"),
            ("loyalty:7", "1"),
            ("note:1", "Ring twice"),
            ("note:0", "Gate 4"),
            ("unknown", "x"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let values = fold_posted(&fields, &posted);
        assert_eq!(values["loyalty"], "7,9");
        assert_eq!(values["note"], "Gate 4\nRing twice");
        assert_eq!(values.len(), 2);
        // What a script sends is already folded.
        assert_eq!(fold_posted(&fields, &values), values);
        // A Multiple Select with every box unticked posts only its empty marker: cleared.
        let unticked = [("loyalty".to_string(), String::new())]
            .into_iter()
            .collect();
        assert_eq!(fold_posted(&fields, &unticked)["loyalty"], "");
        assert_eq!(submitted(&fields, &unticked).len(), 1);
        assert!(fold_posted(&fields, &Default::default()).is_empty());
    }

    #[test]
    fn an_attribute_definition_is_checked_whole() {
        let good = AttributeInput {
            label: "Loyalty tier".into(),
            code: "loyalty_tier".into(),
            input: InputType::Dropdown,
            forms: vec![UsedInForm::CustomerAccountCreate],
            options: vec![OptionInput {
                admin_label: "Gold".into(),
                ..OptionInput::default()
            }],
            ..AttributeInput::default()
        };
        assert!(good.validate().is_empty(), "{:?}", good.validate());
        let bad = AttributeInput {
            label: " ".into(),
            code: "Loyalty".into(),
            forms: vec![UsedInForm::AddressEdit],
            sort_order: -1,
            options: vec![
                OptionInput {
                    admin_label: "Gold".into(),
                    is_default: true,
                    ..OptionInput::default()
                },
                OptionInput {
                    admin_label: " gold ".into(),
                    is_default: true,
                    ..OptionInput::default()
                },
            ],
            ..good.clone()
        };
        let errors = bad.validate();
        for key in [
            "label",
            "code",
            "forms",
            "sort_order",
            "options",
            "options.1",
        ] {
            assert!(errors.contains_key(key), "{key}: {errors:?}");
        }
        let no_options = AttributeInput {
            options: vec![],
            ..good.clone()
        };
        assert_eq!(no_options.validate()["options"].key, Key::ErrAddOption);
        let lines = AttributeInput {
            input: InputType::Multiline,
            lines: 21,
            ..good.clone()
        };
        assert!(lines.validate().contains_key("lines"));
        let default_too_long = AttributeInput {
            input: InputType::Text,
            max_length: Some(3),
            default_value: "abcd".into(),
            ..good.clone()
        };
        assert!(default_too_long.validate().contains_key("default_value"));
        let reversed = AttributeInput {
            input: InputType::Date,
            date_min: "2024-02-01".into(),
            date_max: "2024-01-01".into(),
            ..good
        };
        assert_eq!(reversed.validate()["date_max"].key, Key::ErrRangeReversed);
    }
}
