//! Wire types and rules of customer addresses (the admin's address modal and sub-grid,
//! and the storefront Address Book). The rules run in the browser and on the server.

use crate::config::model::Visibility;
use crate::customers::domain::{City, Street, Telephone};
use crate::customers::grid::model::{CustomColumn, CustomGridColumn};
use crate::directory;
use crate::forms::{check_names, FieldErrors, FormRules, MAX_AFFIX_LEN};
use crate::i18n::{Key, Message};
use crate::ui::grid::state::{FilterKind, GridColumn, GridState, OptionList};
use serde::{Deserialize, Serialize};

/// The longest free-text value of an address column.
pub const MAX_TEXT_LEN: usize = 255;

/// One address as the forms edit it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressInput {
    /// `None` for a new address.
    pub id: Option<i64>,
    pub customer_id: i64,
    /// The version loaded (0 for a new address).
    pub version: i64,
    pub prefix: String,
    pub firstname: String,
    pub middlename: String,
    pub lastname: String,
    pub suffix: String,
    pub company: String,
    pub street: Vec<String>,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country_id: String,
    /// Region code when the country has a region list.
    pub region_id: String,
    /// Free-text region when it has none.
    pub region: String,
    pub postcode: String,
    pub telephone: String,
    pub fax: String,
    pub vat_id: String,
    pub default_billing: bool,
    pub default_shipping: bool,
    /// A create's idempotency key, made by the browser once per new-address form: the
    /// same create sent again (a lost response, the offline queue replaying) returns the
    /// address it made instead of adding a second one. Empty for updates and admin forms.
    #[serde(default)]
    pub request_key: String,
    /// Custom address attribute values (Stores → Attributes → Customer Address), code →
    /// value as forms carry them.
    #[serde(default)]
    pub custom: crate::attributes::model::Values,
}

/// The longest idempotency key accepted.
pub const MAX_REQUEST_KEY_LEN: usize = 64;

fn check_text(errors: &mut FieldErrors, field: &str, label: Key, show: Visibility, value: &str) {
    let value = value.trim();
    if show == Visibility::Required && value.is_empty() {
        errors.insert(field.into(), Message::required(label));
    } else if value.chars().count() > MAX_TEXT_LEN {
        errors.insert(field.into(), Message::too_long(label, MAX_TEXT_LEN));
    } else if value.chars().any(|c| c.is_control()) {
        errors.insert(field.into(), Message::not_valid(label));
    }
}

impl AddressInput {
    /// The region's display name: the listed region's name, or the free text.
    pub fn region_name(&self) -> String {
        directory::regions_of(&self.country_id)
            .iter()
            .find(|r| r.code == self.region_id)
            .map(|r| r.name.to_string())
            .unwrap_or_else(|| self.region.trim().to_string())
    }

    /// Magento's built-in validators (names, street, city, telephone) and the country
    /// rules: State/Province from the list (or free text) and required where the country
    /// requires it; Zip/Postal Code required unless optional for the country; phone,
    /// company and fax per the options.
    pub fn validate(&self, rules: &FormRules) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_names(
            &mut errors,
            [&self.firstname, &self.middlename, &self.lastname],
        );
        for (field, label, show, value) in [
            ("prefix", Key::NamePrefix, rules.prefix, &self.prefix),
            ("suffix", Key::NameSuffix, rules.suffix, &self.suffix),
        ] {
            if show == Visibility::Required && value.trim().is_empty() {
                errors.insert(field.into(), Message::required(label));
            } else if value.trim().chars().count() > MAX_AFFIX_LEN {
                errors.insert(field.into(), Message::too_long(label, MAX_AFFIX_LEN));
            }
        }
        if let Err(e) = Street::parse(&self.street, rules.street_lines.clamp(1, 4)) {
            errors.insert("street".into(), e);
        }
        if let Err(e) = City::parse(&self.city) {
            errors.insert("city".into(), e);
        }
        match directory::country(&self.country_id) {
            None => {
                let message = if self.country_id.trim().is_empty() {
                    Message::required(Key::CountryLabel)
                } else {
                    Key::ErrChooseCountry.into()
                };
                errors.insert("country_id".into(), message);
                // Until a country says otherwise, Zip/Postal Code is required: an empty
                // form marks it with every other required field.
                check_text(
                    &mut errors,
                    "postcode",
                    Key::PostalCode,
                    Visibility::Required,
                    &self.postcode,
                );
            }
            Some(country) => {
                let regions = country.regions();
                if !regions.is_empty() {
                    let listed = regions.iter().any(|r| r.code == self.region_id);
                    if self.region_id.is_empty() {
                        if country.state_required {
                            errors
                                .insert("region_id".into(), Message::required(Key::StateProvince));
                        }
                    } else if !listed {
                        errors.insert("region_id".into(), Key::ErrChooseRegion.into());
                    }
                } else {
                    let show = if country.state_required {
                        Visibility::Required
                    } else {
                        Visibility::Optional
                    };
                    check_text(
                        &mut errors,
                        "region",
                        Key::StateProvince,
                        show,
                        &self.region,
                    );
                }
                let show = if country.postcode_optional {
                    Visibility::Optional
                } else {
                    Visibility::Required
                };
                check_text(
                    &mut errors,
                    "postcode",
                    Key::PostalCode,
                    show,
                    &self.postcode,
                );
            }
        }
        let phone = self.telephone.trim();
        if rules.telephone == Visibility::Required || !phone.is_empty() {
            if let Err(e) = Telephone::parse(phone) {
                errors.insert("telephone".into(), e);
            }
        }
        let fax = self.fax.trim();
        if rules.fax == Visibility::Required && fax.is_empty() {
            errors.insert("fax".into(), Message::required(Key::FaxLabel));
        } else if !fax.is_empty() && Telephone::parse(fax).is_err() {
            errors.insert("fax".into(), Key::ErrInvalidFax.into());
        }
        check_text(
            &mut errors,
            "company",
            Key::CompanyLabel,
            rules.company,
            &self.company,
        );
        check_text(
            &mut errors,
            "vat_id",
            Key::VatNumber,
            Visibility::Optional,
            &self.vat_id,
        );
        rules.relabel_address(&mut errors);
        errors
    }

    /// The address as Magento's default "Text" address template prints it, one entry per line:
    /// name, company, street lines, "City, Region, Postcode", country, "T: phone".
    pub fn lines(&self, locale: usize) -> Vec<String> {
        let join = |parts: &[&str]| {
            parts
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut out = vec![join(&[
            &self.prefix,
            &self.firstname,
            &self.middlename,
            &self.lastname,
            &self.suffix,
        ])];
        if !self.company.trim().is_empty() {
            out.push(self.company.trim().to_string());
        }
        out.extend(
            self.street
                .iter()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty()),
        );
        let region = self.region_name();
        let place = [self.city.trim(), region.as_str(), self.postcode.trim()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        out.push(place);
        out.push(directory::country_name(&self.country_id, locale).to_string());
        if !self.telephone.trim().is_empty() {
            out.push(format!("T: {}", self.telephone.trim()));
        }
        out
    }
}

/// Which default an address is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DefaultKind {
    Billing,
    Shipping,
}

/// A page of the customer's addresses, with the two defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressPage {
    pub rows: Vec<AddressInput>,
    /// Addresses matching the search.
    pub total: u64,
    pub page: u32,
    pub default_billing: Option<AddressInput>,
    pub default_shipping: Option<AddressInput>,
    /// The defaults printed with the website's HTML address template (made safe on the
    /// server).
    pub billing_html: Option<String>,
    pub shipping_html: Option<String>,
    /// The custom address attributes offered as columns, in their sort order.
    #[serde(default)]
    pub columns: Vec<CustomGridColumn>,
    /// The rows' custom attribute values as the grid shows them: address id → attribute
    /// id → text.
    #[serde(default)]
    pub custom: std::collections::BTreeMap<i64, std::collections::BTreeMap<i64, String>>,
}

/// Addresses one mass Delete may name.
pub const MAX_MASS_DELETE: usize = crate::ui::grid::state::MAX_PAGE_SIZE as usize;

/// The columns of the admin's addresses sub-grid, in their default order. Each filter
/// and sort maps to one fixed SQL fragment on the server. Serialized as its code, so a
/// map of filters keyed by column stays a JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AddressColumn {
    Firstname,
    Lastname,
    Street,
    City,
    Country,
    Region,
    Postcode,
    Telephone,
    /// A custom address attribute added to the grid ("Add to Column Options").
    Custom(CustomColumn),
}

crate::grid_column_serde!(AddressColumn);

impl GridColumn for AddressColumn {
    const ALL: &'static [AddressColumn] = &[
        AddressColumn::Firstname,
        AddressColumn::Lastname,
        AddressColumn::Street,
        AddressColumn::City,
        AddressColumn::Country,
        AddressColumn::Region,
        AddressColumn::Postcode,
        AddressColumn::Telephone,
    ];
    const NAMESPACE: &'static str = "customer_address_listing";
    const DEFAULT_SORT: AddressColumn = AddressColumn::Firstname;

    /// Magento's labels (a custom attribute's is its own: `GridCtx::label`).
    fn label(self) -> Key {
        match self {
            AddressColumn::Firstname => Key::FirstName,
            AddressColumn::Lastname => Key::LastName,
            AddressColumn::Street => Key::StreetAddress,
            AddressColumn::City => Key::CityLabel,
            AddressColumn::Country => Key::CountryLabel,
            AddressColumn::Region => Key::StateProvince,
            AddressColumn::Postcode => Key::PostalCode,
            AddressColumn::Telephone => Key::PhoneNumber,
            AddressColumn::Custom(_) => Key::AddressAttributes,
        }
    }

    fn code(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            AddressColumn::Firstname => "firstname",
            AddressColumn::Lastname => "lastname",
            AddressColumn::Street => "street",
            AddressColumn::City => "city",
            AddressColumn::Country => "country_id",
            AddressColumn::Region => "region",
            AddressColumn::Postcode => "postcode",
            AddressColumn::Telephone => "telephone",
            AddressColumn::Custom(c) => return std::borrow::Cow::Owned(c.code()),
        })
    }

    fn from_code(code: &str) -> Option<Self> {
        AddressColumn::ALL
            .iter()
            .copied()
            .find(|c| c.code() == code)
            .or_else(|| CustomColumn::from_code(code).map(AddressColumn::Custom))
    }

    fn filter_kind(self) -> FilterKind {
        match self {
            AddressColumn::Country => FilterKind::Select(OptionList::Countries),
            AddressColumn::Custom(c) => c.filter_kind(),
            _ => FilterKind::Text,
        }
    }

    fn sortable(self) -> bool {
        match self {
            AddressColumn::Custom(c) => c.sortable(),
            _ => true,
        }
    }

    fn visible_by_default(self) -> bool {
        !matches!(self, AddressColumn::Custom(_))
    }
}

/// The addresses sub-grid's state: keyword search, per-column filters (Country is a
/// country code; the others are "contains"), sort, page, page size and columns.
pub type AddressQuery = GridState<AddressColumn>;

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> AddressInput {
        AddressInput {
            customer_id: 1,
            firstname: "Ana".into(),
            lastname: "Souza".into(),
            street: vec!["Rua Augusta 1500".into(), String::new()],
            city: "São Paulo".into(),
            country_id: "BR".into(),
            region_id: "SP".into(),
            postcode: "01304-001".into(),
            telephone: "+55 11 5555-0000".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_sub_grid_keeps_its_state_in_the_customer_page_url_beside_the_page_own() {
        use crate::ui::grid::state::{Dir, Filter};
        let mut q = AddressQuery::default();
        assert!(
            q.to_params("a.").is_empty(),
            "the default state adds nothing"
        );
        q.search = "rua & co".into();
        q.filters
            .insert(AddressColumn::Country, Filter::Select("BR".into()));
        q.sort = AddressColumn::City;
        q.dir = Dir::Desc;
        q.page = 2;
        let params = q.to_params("a.");
        assert!(params.iter().all(|(k, _)| k.starts_with("a.")));
        assert!(params.contains(&("a.f.country_id".into(), "BR".into())));
        // The page's own parameters (the tab, another grid's) are not the sub-grid's.
        let mut url: Vec<(&str, &str)> = vec![("tab", "addresses"), ("search", "other")];
        url.extend(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(AddressQuery::from_prefixed_params("a.", url), q);
        assert_eq!(
            AddressQuery::from_prefixed_params("a.", [("tab", "addresses")]),
            AddressQuery::default()
        );
    }

    #[test]
    fn address_queries_refuse_long_text_and_unknown_countries() {
        use crate::ui::grid::state::Filter;
        let mut q = AddressQuery::default();
        assert!(q.validate().is_ok());
        q.filters
            .insert(AddressColumn::Country, Filter::Select("ZZ".into()));
        q.filters
            .insert(AddressColumn::City, Filter::Text("x".repeat(256)));
        q.filters
            .insert(AddressColumn::Street, Filter::Text("  ".into()));
        let errors = q.validate().unwrap_err();
        assert_eq!(errors["f.country_id"], "Choose a country from the list.");
        assert!(errors["f.city"].to_string().contains("255"));
        q.filters
            .insert(AddressColumn::Country, Filter::Select("fr".into()));
        q.filters.remove(&AddressColumn::City);
        let valid = q.validated().unwrap();
        assert_eq!(
            valid.filters,
            vec![(
                AddressColumn::Country,
                crate::ui::grid::state::ValidFilter::Country("FR".into())
            )]
        );
    }

    #[test]
    fn an_empty_address_marks_every_required_field_before_a_country_is_chosen() {
        let rules = FormRules {
            telephone: Visibility::Required,
            ..FormRules::default()
        };
        let empty = AddressInput {
            street: vec![String::new(); 2],
            ..AddressInput::default()
        };
        let errors = empty.validate(&rules);
        let marked: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            marked,
            [
                "city",
                "country_id",
                "firstname",
                "lastname",
                "postcode",
                "street",
                "telephone"
            ]
        );
        assert_eq!(errors["country_id"], "Country is a required field.");
        // A country whose zip is optional (Ireland) drops only that one.
        let irish = AddressInput {
            country_id: "IE".into(),
            ..empty
        };
        assert!(!irish.validate(&rules).contains_key("postcode"));
    }

    #[test]
    fn a_complete_address_is_valid() {
        assert!(valid().validate(&FormRules::default()).is_empty());
        assert_eq!(
            valid().lines(0),
            vec![
                "Ana Souza",
                "Rua Augusta 1500",
                "São Paulo, São Paulo, 01304-001",
                "Brazil",
                "T: +55 11 5555-0000"
            ]
        );
    }

    #[test]
    fn country_rules_decide_region_and_postcode() {
        let rules = FormRules::default();
        let errors = AddressInput {
            region_id: String::new(),
            ..valid()
        }
        .validate(&rules);
        assert_eq!(errors["region_id"], "State/Province is a required field.");
        let errors = AddressInput {
            region_id: "XX".into(),
            ..valid()
        }
        .validate(&rules);
        assert_eq!(
            errors["region_id"],
            "Choose a State/Province from the list."
        );
        // Germany lists regions but does not require one; GB has optional postcodes.
        let de = AddressInput {
            country_id: "DE".into(),
            region_id: String::new(),
            ..valid()
        };
        assert!(de.validate(&rules).is_empty());
        let gb = AddressInput {
            country_id: "GB".into(),
            region_id: String::new(),
            postcode: String::new(),
            ..valid()
        };
        assert!(gb.validate(&rules).is_empty());
        let us = AddressInput {
            country_id: "US".into(),
            region_id: "CA".into(),
            postcode: " ".into(),
            ..valid()
        };
        assert_eq!(
            us.validate(&rules)["postcode"],
            "Zip/Postal Code is a required field."
        );
        assert!(AddressInput {
            country_id: "ZZ".into(),
            ..valid()
        }
        .validate(&rules)
        .contains_key("country_id"));
    }

    #[test]
    fn phone_company_fax_and_street_follow_the_options() {
        let rules = FormRules {
            telephone: Visibility::Optional,
            company: Visibility::Required,
            fax: Visibility::Required,
            street_lines: 1,
            ..FormRules::default()
        };
        let errors = AddressInput {
            telephone: String::new(),
            street: vec!["1 Main St".into(), "Apt 2".into()],
            ..valid()
        }
        .validate(&rules);
        assert!(!errors.contains_key("telephone"));
        assert_eq!(errors["company"], "Company is a required field.");
        assert_eq!(errors["fax"], "Fax is a required field.");
        assert_eq!(
            errors["street"],
            "Street Address can have at most 1 line(s)."
        );
        let errors = AddressInput {
            telephone: "call me".into(),
            ..valid()
        }
        .validate(&FormRules::default());
        assert!(errors["telephone"]
            .to_string()
            .starts_with("Invalid Phone Number"));
    }

    #[test]
    fn errors_name_the_fields_as_an_admin_labelled_them() {
        let rules = FormRules {
            company: Visibility::Required,
            address_labels: [
                ("region".to_string(), "County".to_string()),
                ("company".to_string(), "Firm".to_string()),
                ("city".to_string(), "Town".to_string()),
            ]
            .into(),
            ..FormRules::default()
        };
        let errors = AddressInput {
            country_id: "US".into(),
            region_id: String::new(),
            city: String::new(),
            ..valid()
        }
        .validate(&rules);
        assert_eq!(errors["region_id"], "County is a required field.");
        assert_eq!(errors["company"], "Firm is a required field.");
        assert_eq!(errors["city"], "Town is a required field.");
        let dutch = errors["company"].text(crate::i18n::Locale::Nl);
        assert!(dutch.starts_with("Firm"), "{dutch}");
    }
}
